"""JSON API for follow-up between sessions (mounted under /api/v1/ by safeplan.api).

Staff endpoints under ``/clients/{id}/…`` start with ``get_client_for`` (404 for anyone who may not see
the client). The client's own endpoints are under ``/portal/…`` (``portal_api``); the user's own
notifications, calendar feed and the dashboard under ``/me/…`` and ``/dashboard`` (``me_api``).
"""

from typing import Any

from django.http import HttpRequest
from ninja import Status

from safeplan.audit import services as audit
from safeplan.clients.access import get_client_for
from safeplan.followup import me_api, portal_api, presenters, selectors
from safeplan.followup.router import router
from safeplan.followup.schemas import (
    AnswersIn,
    CheckInOut,
    CloseIn,
    MessageIn,
    ScheduleIn,
    ScheduleOut,
    SeriesIn,
)
from safeplan.followup.services import caring, messages, outreach, schedules

# The client's own and the user's own endpoints register on the same router when imported.
__all__ = ["me_api", "portal_api", "router"]


def _schedule_body(client: Any) -> dict[str, Any]:
    schedule = selectors.schedule_of(client)
    return {
        "schedule": presenters.schedule(schedule),
        "open_checkin": presenters.checkin(selectors.next_checkin(client), answers=False),
    }


@router.get(
    "/clients/{client_id}/check-in-schedule",
    response=ScheduleOut,
    summary="The client's check-in schedule and open check-in",
)
def get_schedule(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    audit.record(actor=request.user, action="checkin_schedule.viewed", client=client)
    return _schedule_body(client)


@router.put(
    "/clients/{client_id}/check-in-schedule",
    response=ScheduleOut,
    summary="Create or change the check-in schedule (fields left out stay as they are)",
)
def put_schedule(request: HttpRequest, client_id: int, payload: ScheduleIn) -> Any:
    client = get_client_for(request.user, client_id)
    schedules.set_schedule(
        actor=request.user, client=client, changes=payload.dict(exclude_unset=True)
    )
    return _schedule_body(client)


@router.get(
    "/clients/{client_id}/check-ins",
    response=list[dict[str, Any]],
    summary="The client's check-ins, newest first, with their answers",
)
def list_checkins(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    return [presenters.checkin(c) for c in selectors.checkins_for(request.user, client)]


@router.post(
    "/clients/{client_id}/check-ins",
    response={201: CheckInOut},
    summary="Record a check-in done with the client by phone",
)
def record_checkin(request: HttpRequest, client_id: int, payload: AnswersIn) -> Any:
    client = get_client_for(request.user, client_id)
    done = schedules.complete_checkin(actor=request.user, client=client, answers=payload.answers)
    return Status(201, {"checkin": presenters.checkin(done)})


@router.post(
    "/clients/{client_id}/check-ins/{checkin_id}/close",
    response=dict[str, Any],
    summary="Close an open (missed) check-in with the outcome of the outreach",
)
def close_checkin(request: HttpRequest, client_id: int, checkin_id: int, payload: CloseIn) -> Any:
    client = get_client_for(request.user, client_id)
    closed = outreach.close_checkin(
        actor=request.user, client=client, checkin_id=checkin_id, outcome=payload.outcome
    )
    return presenters.checkin(closed)


@router.get(
    "/clients/{client_id}/caring-contacts",
    response=list[dict[str, Any]],
    summary="Caring-contacts series with their schedules",
)
def list_series(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    return [presenters.series(s) for s in selectors.caring_for(request.user, client)]


@router.post(
    "/clients/{client_id}/caring-contacts",
    response={201: dict[str, Any]},
    summary="Start a caring-contacts series (after a crisis or discharge)",
)
def start_series(request: HttpRequest, client_id: int, payload: SeriesIn) -> Any:
    client = get_client_for(request.user, client_id)
    series = caring.start_series(
        actor=request.user,
        client=client,
        reason=payload.reason,
        channel=payload.channel,
        language=payload.language,
        schedule=payload.schedule,
        months=payload.months,
    )
    return Status(201, presenters.series(series))


@router.post(
    "/clients/{client_id}/caring-contacts/{series_id}/stop",
    response=dict[str, Any],
    summary="Stop a caring-contacts series",
)
def stop_series(request: HttpRequest, client_id: int, series_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    series = caring.stop_series(actor=request.user, client=client, series_id=series_id)
    return presenters.series(series)


@router.get(
    "/clients/{client_id}/messages",
    response=list[dict[str, Any]],
    summary="Secure messages with the client, oldest first (marks the client's messages read)",
)
def list_messages(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    thread = selectors.thread_for(request.user, client)
    messages.mark_read_by_staff(actor=request.user, client=client)
    return [presenters.message(m) for m in thread]


@router.post(
    "/clients/{client_id}/messages",
    response={201: dict[str, Any]},
    summary="Write to the client (they are told there is a message, never what it says)",
)
def send_message(request: HttpRequest, client_id: int, payload: MessageIn) -> Any:
    client = get_client_for(request.user, client_id)
    message = messages.send_to_client(
        actor=request.user, client=client, body=payload.body, in_reply_to=payload.in_reply_to
    )
    return Status(201, presenters.message(message))
