"""Writing a new crisis event: its opener, its first entry and the audit (issue 6).

Shared by ``events.open_crisis`` and ``disconnection.start_disconnection``; callers hold the transaction.
"""

from __future__ import annotations

from typing import Any

from safeplan.audit import services as audit
from safeplan.crisis.models import CrisisEvent, CrisisStatus
from safeplan.crisis.services import common
from safeplan.crisis.services.protocols import protocol_for
from safeplan.lib.errors import Conflict, InvalidInput


def check_session(client: Any, session: Any) -> None:
    if session is None:
        return
    if session.client_id != client.pk:
        raise InvalidInput("the session is not this client's", field="session")
    if session.status == "cancelled":
        raise Conflict("the session was cancelled", field="session")


def existing_open(client: Any, crisis_type: str, session: Any) -> CrisisEvent | None:
    """An open crisis of the same type for the same client and session (a second tap finds it)."""
    return (
        CrisisEvent.objects.filter(
            client_id=client.pk,
            crisis_type=crisis_type,
            status=CrisisStatus.OPEN,
            session_id=getattr(session, "pk", None),
        )
        .order_by("-opened_at")
        .first()
    )


def create_event(
    *, actor: Any, client: Any, crisis_type: str, session: Any, payload: dict[str, Any]
) -> CrisisEvent:
    """Write the event, its opener and its first entry (callers hold the transaction)."""
    steps, version = protocol_for(client.organisation, crisis_type)
    event = CrisisEvent.objects.create(
        organisation_id=client.organisation_id,
        client=client,
        session=session,
        crisis_type=crisis_type,
        protocol=steps,
        protocol_version=version,
        opened_by=actor,
    )
    common.ensure_participant(event, actor, opened=True)
    common.append(
        event,
        kind="opened",
        payload={"crisis_type": crisis_type, "session_id": getattr(session, "pk", None), **payload},
        actor=actor,
        at=event.opened_at,
    )
    audit.record(
        actor=actor,
        action="crisis.opened",
        client=client,
        target=event,
        details={
            "crisis_type": crisis_type,
            "session_id": getattr(session, "pk", None),
            "protocol_version": version,
        },
    )
    return event
