"""Reads of the crisis record, scoped to what the user may see, and audited.

Cross-app contract (the dashboard and other apps call only these):

- ``open_crises(user) -> list[CrisisEvent]``: open crises of the clients the user may see, newest first
  (``client`` selected); audited (``crisis.listed``).
- ``open_crisis_counts(client_ids) -> dict[int, int]``: open crises per client, for lists (not audited; the
  caller audits its own list).
- ``follow_ups_due(user, *, before) -> list[CrisisFollowUp]``: pending follow-up contacts after a crisis due
  before ``before`` for the clients the user may see (not audited: ids and times only).
- ``crisis_new_url(client_id, session_id=None) -> str``: the page that opens crisis mode.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.clients.access import clients_visible_to
from safeplan.crisis import presenters
from safeplan.crisis.models import (
    CrisisEvent,
    CrisisFollowUp,
    CrisisNote,
    CrisisStatus,
    DisconnectionProtocol,
    FollowUpStatus,
)
from safeplan.crisis.rules import disconnection as machine
from safeplan.crisis.services.disconnection import view
from safeplan.lib.validation import display_phone
from safeplan.plans.selectors import current_plan
from safeplan.risk.selectors import assessment_exists, current_risk_level
from safeplan.telehealth.card import emergency_card, staff_tel

PLAN_SECTIONS = (
    ("help_people", "People I can ask for help"),
    ("professionals", "Professionals and crisis lines"),
    ("environment", "Making my environment safer"),
)


def crisis_new_url(client_id: int, session_id: int | None = None) -> str:
    return f"/clients/{client_id}/crisis/new/" + (f"?session={session_id}" if session_id else "")


def client_has_assessment(client: Any, assessment_id: int) -> bool:
    return assessment_exists(client, assessment_id)


FLAG_RANK = {"none": 0, "low": 1, "moderate": 2, "high": 3}


def flag_review(event: CrisisEvent) -> dict[str, str] | None:
    """After a close at a level below the risk flag, the offer to review the flag (issue 11). Software never
    lowers it: the clinician does, with the reason, on the risk-flag page."""
    if event.is_open or not event.risk_level_at_close:
        return None
    current = current_risk_level(event.client)
    if FLAG_RANK.get(current, 0) <= FLAG_RANK.get(event.risk_level_at_close, 0):
        return None
    return {
        "current": current,
        "judged": event.risk_level_at_close,
        "url": f"/clients/{event.client_id}/risk-flag/?suggest={event.risk_level_at_close}",
    }


def open_crises(user: Any) -> list[CrisisEvent]:
    visible = clients_visible_to(user, include_archived=True).values("pk")
    rows = list(
        CrisisEvent.objects.filter(status=CrisisStatus.OPEN, client_id__in=visible)
        .select_related("client", "opened_by", "session", "disconnection")
        .order_by("-opened_at")[:200]
    )
    audit.record(actor=user, action="crisis.listed", details={"count": len(rows), "open": True})
    return rows


def open_crisis_counts(client_ids: Iterable[int]) -> dict[int, int]:
    rows = (
        CrisisEvent.objects.filter(client_id__in=list(client_ids), status=CrisisStatus.OPEN)
        .values("client_id")
        .annotate(n=Count("id"))
    )
    return {r["client_id"]: r["n"] for r in rows}


def follow_ups_due(user: Any, *, before: dt.datetime) -> list[CrisisFollowUp]:
    visible = clients_visible_to(user, include_archived=False).values("pk")
    return list(
        CrisisFollowUp.objects.filter(
            status=FollowUpStatus.PENDING, due_at__lt=before, client_id__in=visible
        )
        .select_related("client", "assigned_to")
        .order_by("due_at")[:200]
    )


def client_crises(client: Any, *, limit: int = 10) -> list[CrisisEvent]:
    return list(
        CrisisEvent.objects.filter(client_id=client.pk)
        .select_related("opened_by", "closed_by")
        .prefetch_related("notes")
        .order_by("-opened_at")[:limit]
    )


def crisis_detail(user: Any, event: CrisisEvent) -> CrisisEvent:
    audit.record(actor=user, action="crisis.viewed", client=event.client, target=event)
    return event


def notes_of(event: CrisisEvent) -> list[CrisisNote]:
    return list(
        CrisisNote.objects.filter(event_id=event.pk)
        .select_related("drafted_by", "signed_by", "amends")
        .order_by("drafted_at", "pk")
    )


def note_detail(user: Any, note: CrisisNote) -> CrisisNote:
    audit.record(actor=user, action="crisis.note_viewed", client=note.client, target=note)
    return note


@dataclass
class ProtocolView:
    """The lost-connection protocol as the screen shows it now."""

    protocol: DisconnectionProtocol
    step: str
    step_title: str
    deadline: dt.datetime | None
    seconds_left: int | None
    overdue: bool
    actions: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    pending: bool = False  # a stored deadline has passed and is not applied yet (no worker ran)


def protocol_view(p: DisconnectionProtocol, now: dt.datetime | None = None) -> ProtocolView:
    now = now or timezone.now()

    t = view(p, now)
    order = [s["code"] for s in machine.STEPS]
    current = order.index(t.state.step) if t.state.step in order else len(order)
    steps = []
    for i, s in enumerate(machine.STEPS):
        skipped_at_risk = s["code"] in (machine.CALL_SUPPORT, machine.WELFARE_CHECK) and not (
            t.state.at_risk or "support_reached" in t.state.marks
        )
        status = "current" if i == current else ("past" if i < current else "next")
        if t.state.step == machine.RECONNECTED:
            status = "past"
        steps.append({**s, "status": status, "only_at_risk": skipped_at_risk})
    actions = [
        {
            "label": a.label,
            "kind": a.kind,
            "payload": dict(a.payload),
            "target": a.target,
            "form": a.form,
        }
        for a in t.actions
    ]
    left = int((t.deadline - now).total_seconds()) if t.deadline else None
    return ProtocolView(
        protocol=p,
        step=t.state.step,
        step_title=machine.STEP_TITLES.get(t.state.step, t.state.step),
        deadline=t.deadline,
        seconds_left=max(0, left) if left is not None else None,
        overdue=t.overdue,
        actions=actions,
        steps=steps,
        pending=p.next_deadline_at is not None and p.next_deadline_at <= now,
    )


@dataclass
class CrisisScreen:
    """Everything crisis mode keeps in view (issue 6 "The screen keeps what matters in view")."""

    event: CrisisEvent
    card: Any
    plan: Any
    plan_sections: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    timeline: list[presenters.TimelineRow]
    prompts: list[Any]
    disclosures: list[Any]
    participants: list[Any]
    notes: list[CrisisNote]
    protocol: ProtocolView | None
    callback_phone: str = ""
    follow_up: CrisisFollowUp | None = None
    numbers: dict[str, list[dict[str, str]]] = field(default_factory=dict)


def _numbers(card: Any, session: Any, client: Any) -> dict[str, list[dict[str, str]]]:
    """Whom each one-tap call reaches, with the numbers to dial (client-local only, never a short code)."""

    def entry(label: str, number: str, note: str = "", ref: str = "") -> dict[str, str]:
        return {
            "label": label,
            "display": display_phone(number) if number else "",
            "tel": staff_tel(number) if number else "",
            "note": note,
            "ref": ref,
            "number": number,
        }

    backup = []
    callback = getattr(session, "callback_phone", "") if session is not None else ""
    if callback:
        backup.append(entry("Callback number confirmed this session", callback))
    if card.backup_plan.backup_phone and card.backup_plan.backup_phone != callback:
        label = "Backup phone" if card.backup_plan.recorded else "Client's phone on record"
        backup.append(entry(label, card.backup_plan.backup_phone))
    people = [
        entry(f"{p.name} ({p.relationship})", p.phone, "consent in force", str(p.id))
        for p in card.support_persons
    ]
    people += [
        entry(f"{p.name} ({p.relationship})", p.phone, "no consent in force", str(p.id))
        for p in card.support_persons_without_consent
    ]
    local = [
        entry(
            f"{n.kind_label}: {n.name}",
            n.number,
            "confirmed" if n.confirmed else "not confirmed yet",
            n.kind,
        )
        for n in card.local_numbers
        if n.number
    ]
    emergency = [n for n in local if n["ref"] in ("psap", "emergency_services", "police")]
    return {
        "client_backup": backup,
        "client": [entry("Client's phone", client.phone)] if client.phone else [],
        "support_person": people,
        "guardian": [
            {
                "label": f"{a.name} ({a.relationship})",
                "display": a.display,
                "tel": a.tel,
                "note": "safe adult" if a.is_safe_adult else "guardian",
                "ref": str(a.id),
                "number": a.display,
            }
            for a in card.safe_adults
        ],
        "psap": emergency,
        "police": [n for n in local if n["ref"] == "police"],
        "mobile_crisis": [n for n in local if n["ref"] == "mobile_crisis"],
        "emergency_department": [
            entry(f"{n.name}", n.number, "confirmed" if n.confirmed else "not confirmed yet")
            for n in card.nearest_eds
            if n.number
        ],
        "local": local,
    }


def crisis_screen(user: Any, event: CrisisEvent) -> CrisisScreen:
    """The crisis-mode screen: the session's emergency card, plan sections 4-6, the protocol steps with
    what was done, the timeline, disclosure prompts; and for a lost connection, the protocol's state."""

    client = event.client
    card = emergency_card(user, client, session=event.session_id)
    plan = current_plan(client)
    content = plan.content if plan is not None else {}
    sections = [
        {"key": key, "title": title, "entries": content.get(key, [])}
        for key, title in PLAN_SECTIONS
    ]
    rows = presenters.timeline(event)
    done = presenters.step_status(event, rows)
    steps = [{**s, "status": done.get(s["code"], "")} for s in event.protocol]
    protocol = DisconnectionProtocol.objects.filter(event_id=event.pk).first()
    audit.record(
        actor=user,
        action="crisis.viewed",
        client=client,
        target=event,
        details={"entries": len(rows), "plan_version": plan.number if plan else None},
    )
    return CrisisScreen(
        event=event,
        card=card,
        plan=plan,
        plan_sections=sections,
        steps=steps,
        timeline=rows,
        prompts=presenters.pending_prompts(event, rows) if event.is_open else [],
        disclosures=presenters.disclosures(event),
        participants=list(event.participants.select_related("user").order_by("joined_at")),
        notes=notes_of(event),
        protocol=protocol_view(protocol) if protocol is not None else None,
        callback_phone=getattr(event.session, "callback_phone", "") if event.session else "",
        follow_up=CrisisFollowUp.objects.filter(event_id=event.pk).first(),
        numbers=_numbers(card, event.session, client),
    )
