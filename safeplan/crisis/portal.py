"""The client's side of a lost connection (clinical-rules.md §9 step 1): while the protocol is running, the
client's portal home says that the clinician is trying to reach them and on which number (or whom to call),
above their emergency numbers and crisis lines (shown by the telehealth panel). In the client's language;
nothing about the crisis itself is shown."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from safeplan.audit import services as audit
from safeplan.clients.panels import Panel
from safeplan.crisis.models import CrisisEvent, CrisisStatus
from safeplan.crisis.rules import disconnection as machine
from safeplan.crisis.rules import types
from safeplan.lib.validation import display_phone


def portal_panels(request: HttpRequest, client: Any) -> list[Panel]:
    event = (
        CrisisEvent.objects.filter(
            client_id=client.pk, crisis_type=types.LOST_CONNECTION, status=CrisisStatus.OPEN
        )
        .select_related("disconnection", "session")
        .order_by("-opened_at")
        .first()
    )
    protocol = getattr(event, "disconnection", None) if event is not None else None
    if protocol is None or protocol.step in machine.FINISHED:
        return []
    from safeplan.telehealth.selectors import current_backup_plan

    plan = current_backup_plan(client)
    callback = getattr(event.session, "callback_phone", "") if event and event.session else ""
    number = callback or (plan.backup_phone if plan else "") or client.phone
    clinician_calls = plan is None or plan.who_calls_whom == "clinician_calls_client"
    audit.record(
        actor=request.user,
        action="crisis.portal_notice_viewed",
        client=client,
        details={"event": event.pk if event else None},
    )
    context = {
        "clinician_calls": clinician_calls,
        "number": display_phone(number) if number else "",
        "clinic_phone": display_phone(plan.clinic_phone) if plan and plan.clinic_phone else "",
    }
    return [Panel(template="crisis/portal_panel.html", context=context, title="Connection lost")]
