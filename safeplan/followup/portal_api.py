"""The client's own follow-up endpoints (portal login): answer a check-in, messages, stop caring contacts.

Each starts with ``portal_client_for`` (404 for anyone who is not a client with an active record).
"""

from typing import Any

from django.http import HttpRequest
from ninja import Status

from safeplan.audit import services as audit
from safeplan.clients.access import portal_client_for
from safeplan.followup import presenters, selectors
from safeplan.followup.resources import crisis_resources
from safeplan.followup.router import router
from safeplan.followup.schemas import AnswersIn, CheckInOut, MessageIn, SentOut
from safeplan.followup.services import caring, messages, schedules
from safeplan.lib.errors import Conflict


def _resources(client: Any) -> dict[str, Any]:
    found = crisis_resources(client)
    return {"emergency_number": found.emergency_number, "crisis_lines": found.lines}


@router.get("/portal/check-in", response=dict[str, Any], summary="My next check-in")
def my_checkin(request: HttpRequest) -> Any:
    client = portal_client_for(request.user)
    audit.record(actor=request.user, action="checkin.viewed", client=client)
    return {"checkin": presenters.checkin(selectors.next_checkin(client), answers=False)}


@router.post(
    "/portal/check-ins",
    response={201: CheckInOut},
    summary="Answer my check-in (answers that suggest risk return my crisis resources)",
)
def answer_checkin(request: HttpRequest, payload: AnswersIn) -> Any:
    client = portal_client_for(request.user)
    done = schedules.complete_checkin(actor=request.user, client=client, answers=payload.answers)
    body: dict[str, Any] = {"checkin": presenters.checkin(done)}
    if done.risk_indicated:
        body["crisis_resources"] = _resources(client)
    return Status(201, body)


@router.get("/portal/messages", response=list[dict[str, Any]], summary="My messages")
def my_messages(request: HttpRequest) -> Any:
    client = portal_client_for(request.user)
    rows = selectors.thread_for(request.user, client)
    messages.mark_read_by_client(actor=request.user, client=client)
    return [presenters.message(m, for_client=True) for m in rows]


@router.post(
    "/portal/messages",
    response={201: SentOut},
    summary="Write to my care team (after hours: an automatic reply with my crisis resources)",
)
def write_message(request: HttpRequest, payload: MessageIn) -> Any:
    client = portal_client_for(request.user)
    sent = messages.send_from_client(actor=request.user, client=client, body=payload.body)
    return Status(
        201,
        {
            "message": presenters.message(sent.message, for_client=True),
            "crisis": sent.crisis,
            "auto_reply": presenters.message(sent.auto_reply, for_client=True)
            if sent.auto_reply
            else None,
            "crisis_resources": _resources(client) if sent.crisis else None,
        },
    )


@router.post(
    "/portal/caring-contacts/stop",
    response=dict[str, Any],
    summary="Stop the caring messages (takes effect at once)",
)
def stop_caring(request: HttpRequest) -> Any:
    client = portal_client_for(request.user)
    series = selectors.active_series(client)
    if series is None:
        raise Conflict("no caring messages are being sent", field="series")
    caring.opt_out(series=series, actor=request.user, via="portal")
    return {"stopped": True}
