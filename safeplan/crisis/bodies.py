"""The JSON bodies the crisis API returns (shapes in ``schemas``), built from rows the caller may see."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from safeplan.crisis import presenters, selectors
from safeplan.crisis.models import (
    CrisisEvent,
    CrisisFollowUp,
    CrisisNote,
    DisconnectionProtocol,
    EmergencyDisclosure,
)


def person(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.label}


def event_body(event: CrisisEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "client_id": event.client_id,
        "record_number": event.client.record_number,
        "session_id": event.session_id,
        "crisis_type": event.crisis_type,
        "crisis_type_label": event.type_label,
        "status": event.status,
        "opened_by": person(event.opened_by),
        "opened_at": event.opened_at,
        "closed_by": person(event.closed_by),
        "closed_at": event.closed_at,
        "outcome": event.outcome,
        "disposition": event.disposition,
        "risk_level_at_close": event.risk_level_at_close,
        "follow_up_due_at": event.follow_up_due_at,
    }


def entry_body(row: presenters.TimelineRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "seq": row.seq,
        "kind": row.kind,
        "label": row.kind_label,
        "text": row.text,
        "at": row.at,
        "occurred_at": row.occurred_at,
        "by": {"id": row.by_id, "name": row.by},
        "by_role": row.by_role,
        "payload": row.payload,
        "corrects": row.corrects_seq,
        "corrected_by": [c.seq for c in row.corrected_by],
    }


def disclosure_body(d: EmergencyDisclosure) -> dict[str, Any]:
    return {
        "id": d.pk,
        "entry_id": d.entry_id,
        "recipient_name": d.recipient_name,
        "recipient_type": d.recipient_type,
        "recipient_affiliation": d.recipient_affiliation,
        "basis": d.basis,
        "basis_detail": d.basis_detail,
        "information_disclosed": d.information_disclosed,
        "nature_of_emergency": d.nature_of_emergency,
        "disclosed_at": d.disclosed_at,
        "disclosed_by": person(d.disclosed_by),
        "recorded_by": person(d.recorded_by),
        "recorded_at": d.recorded_at,
        "corrects": d.corrects_id,
    }


def note_body(n: CrisisNote) -> dict[str, Any]:
    return {
        "id": n.pk,
        "event_id": n.event_id,
        "status": n.status,
        "amends": n.amends_id,
        "content": n.content,
        "drafted_by": person(n.drafted_by),
        "drafted_at": n.drafted_at,
        "signed_by": person(n.signed_by),
        "signed_at": n.signed_at,
    }


def follow_up_body(f: CrisisFollowUp | None) -> dict[str, Any] | None:
    if f is None:
        return None
    return {
        "id": f.pk,
        "due_at": f.due_at,
        "status": f.status,
        "assigned_to": person(f.assigned_to),
        "outcome": f.outcome,
        "done_at": f.done_at,
    }


def protocol_body(p: DisconnectionProtocol | None) -> dict[str, Any] | None:
    if p is None:
        return None
    v = selectors.protocol_view(p, timezone.now())
    return {
        "step": v.step,
        "step_title": v.step_title,
        "at_risk": p.at_risk,
        "at_risk_reasons": list(p.at_risk_reasons),
        "deadline": v.deadline,
        "seconds_left": v.seconds_left,
        "overdue": v.overdue,
        "escalated": p.escalated,
        "escalated_at": p.escalated_at,
        "outcome": p.outcome,
        "timers": {
            "retry_video_seconds": p.retry_video_seconds,
            "call_backup_within_seconds": p.call_backup_seconds,
            "escalate_when_at_risk_after_seconds": p.escalate_at_risk_seconds,
            "support_person_window_seconds": p.support_person_window_seconds,
        },
        "timers_from_plan": p.timers_from_plan,
        "actions": v.actions,
    }


def detail_body(event: CrisisEvent) -> dict[str, Any]:
    rows = presenters.timeline(event)
    prompts = presenters.pending_prompts(event, rows) if event.is_open else []
    body = event_body(event)
    body.update(
        {
            "protocol": event.protocol,
            "protocol_version": event.protocol_version,
            "step_status": presenters.step_status(event, rows),
            "participants": [
                person(p.user)
                for p in event.participants.select_related("user").order_by("joined_at")
            ],
            "timeline": [entry_body(r) for r in rows],
            "disclosure_prompts": [
                {
                    "entry_id": p.entry_id,
                    "recipient_type": p.recipient_type,
                    "recipient_name": p.recipient_name,
                    "why": p.why,
                    "suggested_basis": p.suggested_basis,
                }
                for p in prompts
            ],
            "disclosures": [disclosure_body(d) for d in presenters.disclosures(event)],
            "notes": [note_body(n) for n in selectors.notes_of(event)],
            "disconnection": protocol_body(
                DisconnectionProtocol.objects.filter(event_id=event.pk).first()
            ),
            "follow_up": follow_up_body(
                CrisisFollowUp.objects.filter(event_id=event.pk)
                .select_related("assigned_to")
                .first()
            ),
        }
    )
    return body
