"""Plain dicts of follow-up records for the API and pages (one place decides what is shown)."""

from __future__ import annotations

from typing import Any

from safeplan.followup import optout
from safeplan.followup.models import (
    CaringSeries,
    CheckIn,
    CheckInSchedule,
    ContactState,
    Message,
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def schedule(s: CheckInSchedule | None) -> dict[str, Any] | None:
    if s is None:
        return None
    return {
        "id": s.pk,
        "interval_days": s.interval_days,
        "follows_risk_level": s.interval_days is None,
        "tightened_from": s.tightened_from,
        "tightened_at": _iso(s.tightened_at),
        "reminder_channel": s.reminder_channel,
        "time_zone": s.time_zone,
        "quiet_start": s.quiet_start.strftime("%H:%M") if s.quiet_start else None,
        "quiet_end": s.quiet_end.strftime("%H:%M") if s.quiet_end else None,
        "screener": s.screener,
        "active": s.active,
    }


def checkin(c: CheckIn | None, *, answers: bool = True) -> dict[str, Any] | None:
    if c is None:
        return None
    body: dict[str, Any] = {
        "id": c.pk,
        "due_at": _iso(c.due_at),
        "state": c.state,
        "state_label": c.get_state_display(),
        "interval_days": c.interval_days,
        "risk_level": c.risk_level,
        "reminded_at": _iso(c.reminded_at),
        "missed_at": _iso(c.missed_at),
        "clinician_alerted_at": _iso(c.clinician_alerted_at),
        "supervisor_alerted_at": _iso(c.supervisor_alerted_at),
        "completed_at": _iso(c.completed_at),
        "channel": c.channel,
        "risk_indicated": c.risk_indicated,
        "risk_reasons": list(c.risk_reasons or []),
        "outcome": c.outcome,
    }
    if answers:
        body["answers"] = c.answers or {}
    return body


def series(s: CaringSeries, *, with_link: bool = False) -> dict[str, Any]:
    contacts = sorted(s.contacts.all(), key=lambda x: x.sequence)
    body: dict[str, Any] = {
        "id": s.pk,
        "reason": s.reason,
        "channel": s.channel,
        "language": s.language,
        "schedule": s.schedule,
        "months": s.months,
        "started_at": _iso(s.started_at),
        "started_by": s.started_by.label if s.started_by_id else None,
        "active": s.ended_at is None,
        "ended_at": _iso(s.ended_at),
        "end_reason": s.end_reason,
        "contacts": [
            {
                "sequence": c.sequence,
                "planned_for": _iso(c.planned_for),
                "send_at": _iso(c.send_at),
                "state": c.state,
                "sent_at": _iso(c.sent_at),
                "rescheduled": c.rescheduled,
            }
            for c in contacts
        ],
        "sent": sum(c.state == ContactState.SENT for c in contacts),
    }
    if with_link and s.ended_at is None:
        body["opt_out_path"] = optout.opt_out_path(s)
    return body


def message(m: Message, *, for_client: bool = False) -> dict[str, Any]:
    author = None
    if m.kind == "auto_reply":
        author = "Safeplan (automatic reply)"
    elif m.author is not None:
        author = "You" if for_client and m.direction == "from_client" else m.author.label
    body: dict[str, Any] = {
        "id": m.pk,
        "direction": m.direction,
        "kind": m.kind,
        "author": author,
        "body": m.body,
        "created_at": _iso(m.created_at),
        "read_at": _iso(m.read_at),
        "in_reply_to": m.in_reply_to_id,
    }
    if not for_client:
        body["crisis_flag"] = m.crisis_flag
        body["crisis_categories"] = list(m.crisis_categories or [])
        body["after_hours"] = m.after_hours
    return body
