"""Sessions, the start-of-session gate and the emergency card."""

from typing import Any

from django.http import HttpRequest
from ninja import Status

from safeplan.telehealth import card as emergency
from safeplan.telehealth import selectors, serialise
from safeplan.telehealth.api.base import client_of, router
from safeplan.telehealth.schemas_sessions import (
    EmergencyCardOut,
    GateIn,
    SessionCreateIn,
    SessionLocationIn,
    SessionOut,
)
from safeplan.telehealth.services import sessions
from safeplan.telehealth.services.sessions import GateAnswers


def answers_from(payload: GateIn) -> GateAnswers:
    location = payload.location
    privacy = payload.privacy
    adult = payload.safe_adult
    return GateAnswers(
        usual_location_id=location.usual_location_id if location else None,
        address=location.address.dict() if location and location.address else None,
        callback_phone=payload.callback_phone,
        privacy_alone=privacy.alone if privacy else None,
        privacy_private_place=privacy.private_place if privacy else None,
        privacy_others_present=privacy.others_present if privacy else "",
        safe_adult_id=adult.guardian_id if adult else None,
        safe_adult_status=(adult.status or "") if adult else "",
        excluded_person_present=payload.excluded_person_present,
    )


@router.get(
    "/clients/{client_id}/sessions",
    response=list[SessionOut],
    summary="The client's telehealth sessions, newest first",
)
def list_sessions(request: HttpRequest, client_id: int) -> Any:
    client = client_of(request, client_id)
    return [serialise.session_as_dict(s) for s in selectors.sessions_for(request.user, client)]


@router.post(
    "/clients/{client_id}/sessions",
    response={201: SessionOut},
    summary="Start a session (with the gate answers) or schedule one (start: false)",
)
def create_session(request: HttpRequest, client_id: int, payload: SessionCreateIn) -> Any:
    client = client_of(request, client_id)
    if payload.start:
        session = sessions.start_session(
            actor=request.user,  # type: ignore[arg-type]
            client=client,
            answers=answers_from(payload),
            scheduled_for=payload.scheduled_for,
        )
    else:
        session = sessions.schedule_session(
            actor=request.user,  # type: ignore[arg-type]
            client=client,
            scheduled_for=payload.scheduled_for,
        )
    return Status(201, serialise.session_as_dict(session, checks=True))


@router.get(
    "/sessions/{session_id}", response=SessionOut, summary="One session and its gate answers"
)
def get_session(request: HttpRequest, session_id: int) -> Any:
    session = selectors.session_for(request.user, session_id)
    return serialise.session_as_dict(session, checks=True)


@router.post(
    "/sessions/{session_id}/start",
    response=SessionOut,
    summary="Run the start-of-session gate for a scheduled session",
)
def start_session(request: HttpRequest, session_id: int, payload: GateIn) -> Any:
    session = selectors.session_for(request.user, session_id)
    session = sessions.start_session(
        actor=request.user,  # type: ignore[arg-type]
        client=session.client,
        answers=answers_from(payload),
        session=session,
    )
    return serialise.session_as_dict(session, checks=True)


@router.post(
    "/sessions/{session_id}/location",
    response=SessionOut,
    summary="The client is somewhere else now: confirm the new place and re-resolve its numbers",
)
def change_location(request: HttpRequest, session_id: int, payload: SessionLocationIn) -> Any:
    session = selectors.session_for(request.user, session_id)
    session = sessions.change_session_location(
        actor=request.user,  # type: ignore[arg-type]
        client=session.client,
        session=session,
        usual_location_id=payload.usual_location_id,
        address=payload.address.dict() if payload.address else None,
        safe_adult_id=payload.safe_adult.guardian_id if payload.safe_adult else None,
        safe_adult_status=(payload.safe_adult.status or "") if payload.safe_adult else "",
        excluded_person_present=payload.excluded_person_present,
    )
    return serialise.session_as_dict(session, checks=True)


@router.post(
    "/sessions/{session_id}/end",
    response=SessionOut,
    summary="End a session in progress (or cancel a scheduled one)",
)
def end_session(request: HttpRequest, session_id: int) -> Any:
    session = selectors.session_for(request.user, session_id)
    session = sessions.end_session(actor=request.user, client=session.client, session=session)  # type: ignore[arg-type]
    return serialise.session_as_dict(session, checks=True)


@router.get(
    "/clients/{client_id}/emergency-card",
    response=EmergencyCardOut,
    summary="The emergency card for the latest session, or for ?session=<id>",
)
def emergency_card(request: HttpRequest, client_id: int, session: int | None = None) -> Any:
    client = client_of(request, client_id)
    card = emergency.emergency_card(request.user, client, session=session)
    return serialise.card_as_dict(card)
