"""The crisis note: drafted from the timeline at close, edited, signed; amendments are new notes.

SAFE-T step 5 (clinical-rules.md §6): risk level and rationale, the plan to address the risk, firearms
instructions when relevant, the follow-up plan, and for youths the role of the young person and guardian.
A signed note never changes (the ORM and the database refuse); an amendment starts as a copy of the note it
amends and is signed on its own.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.crisis import presenters
from safeplan.crisis.models import CrisisEvent, CrisisNote, NoteStatus, words_digest
from safeplan.crisis.rules import note as note_rules
from safeplan.crisis.rules import types
from safeplan.crisis.services import common
from safeplan.lib.errors import Conflict
from safeplan.plans import means_counselling
from safeplan.plans.selectors import plan_review_due
from safeplan.risk.selectors import assessments_for
from safeplan.telehealth.selectors import minor_status

ADDRESS_KEYS = ("street", "unit", "city", "region", "postcode", "country")


def _location(event: CrisisEvent) -> tuple[str, ...]:
    snapshot = getattr(event.session, "location_snapshot", None) or {}
    return tuple(str(snapshot[k]) for k in ADDRESS_KEYS if snapshot.get(k))


def _risk_sources(actor: Any, event: CrisisEvent, zone: str) -> tuple[str, ...]:

    since = (
        event.session.started_at
        if event.session is not None and event.session.started_at
        else event.opened_at - dt.timedelta(hours=1)
    )
    found = []
    for a in assessments_for(actor, event.client):
        if a.completed_at >= since and a.completed_at <= (event.closed_at or timezone.now()):
            total = f", total {a.total}" if a.total is not None else ""
            found.append(
                f"{a.get_instrument_display()} {a.code.replace('_', ' ')}{total} "
                f"({note_rules.stamp(a.completed_at, zone)})"
            )
    return tuple(reversed(found))


def facts_for(
    event: CrisisEvent, *, actor: Any, follow_up_hours: int | None
) -> note_rules.NoteFacts:
    """Everything the record says about a closed crisis, as plain data for ``rules.note.draft_note``."""
    zone = event.organisation.time_zone
    rows = presenters.timeline(event)
    lines = []
    guardian = []
    states = []
    for row in rows:
        corrections = tuple((c.at, c.text) for c in row.corrected_by)
        line = note_rules.NoteLine(
            at=row.when,
            who=row.by,
            text=row.text,
            seq=row.seq,
            step=str(row.payload.get("step") or ""),
            corrected_by=corrections,
        )
        if row.corrects_seq is not None:
            continue  # shown under the entry it corrects
        lines.append(line)
        if row.payload.get("to") == "guardian":
            guardian.append(line)
        if row.kind == "client_state" and not row.superseded:
            states.append(
                f"{types.label(types.CLIENT_STATES, row.payload['state']).lower()} "
                f"({note_rules.stamp(row.when, zone)})"
            )
    disclosures = tuple(
        presenters.disclosure_line(d, note_rules.stamp(d.disclosed_at, zone, with_date=True))
        for d in presenters.disclosures(event)
    )
    participants = tuple(
        p.user.label for p in event.participants.select_related("user").order_by("joined_at")
    )

    opened_payload = rows[0].payload if rows else {}
    closing = next((r for r in reversed(rows) if r.kind == "closed"), None)
    return note_rules.NoteFacts(
        client_ref=event.client.record_number,
        crisis_type=event.crisis_type,
        time_zone=zone,
        opened_at=event.opened_at,
        opened_by=event.opened_by.label,
        closed_at=event.closed_at or timezone.now(),
        closed_by=event.closed_by.label if event.closed_by else actor.label,
        outcome=event.outcome,
        disposition=event.disposition,
        risk_level=event.risk_level_at_close,
        risk_before=str(opened_payload.get("risk_level") or ""),
        lines=tuple(lines),
        session_label=f"telehealth session {event.session_id}" if event.session_id else "",
        location=_location(event),
        participants=participants,
        risk_sources=_risk_sources(actor, event, zone),
        client_states=tuple(states),
        disclosures=disclosures,
        follow_up_due=event.follow_up_due_at,
        follow_up_hours=follow_up_hours,
        plan_review_due=plan_review_due(event.client),
        is_minor=minor_status(event.client).is_minor,
        close_note=str(closing.payload.get("note") or "") if closing else "",
        guardian_lines=tuple(guardian),
        means_counselling=tuple(means_counselling.summary_lines(event.client, zone)),
    )


def draft_for(event: CrisisEvent, *, actor: Any, follow_up_hours: int | None) -> CrisisNote:
    """Write the draft note of a just-closed crisis (inside ``close_crisis``'s transaction)."""
    facts = facts_for(event, actor=actor, follow_up_hours=follow_up_hours)
    content = note_rules.draft_note(facts)
    note = CrisisNote.objects.create(
        event=event, client=event.client, content=content, drafted_by=actor
    )
    audit.record(
        actor=actor,
        action="crisis.note_drafted",
        client=event.client,
        target=note,
        details={"event": event.pk, "lines": len(facts.lines)},
    )
    return note


def _lock(note: CrisisNote) -> CrisisNote:
    locked: CrisisNote = (
        CrisisNote.objects.select_for_update().select_related("client", "event").get(pk=note.pk)
    )
    return locked


@transaction.atomic
def save_note(*, actor: Any, note: CrisisNote, content: dict[str, Any]) -> CrisisNote:
    """Save the clinician's edits of a draft."""
    note = _lock(note)
    common.require_clinical(actor, note.client)
    if note.is_signed:
        raise Conflict("a signed note never changes; write an amendment", field="note")
    note.content = note_rules.normalise_content(content)
    note.updated_by, note.updated_at = actor, timezone.now()
    note.save(update_fields=["content", "updated_by", "updated_at"])
    audit.record(actor=actor, action="crisis.note_saved", client=note.client, target=note)
    return note


@transaction.atomic
def sign_note(*, actor: Any, note: CrisisNote, content: dict[str, Any] | None = None) -> CrisisNote:
    """Sign the note (saving ``content`` first when given); it never changes afterwards."""
    note = _lock(note)
    common.require_clinical(actor, note.client)
    if note.is_signed:
        raise Conflict("this note is already signed", field="note")
    if content is not None:
        note.content = note_rules.normalise_content(content)

    problems = note_rules.sign_problems(note.content, is_minor=minor_status(note.client).is_minor)
    if problems:
        raise common.Problems(problems)
    now = timezone.now()
    note.status = NoteStatus.SIGNED
    note.signed_by, note.signed_at = actor, now
    note.updated_by, note.updated_at = actor, now
    note.content_hash = words_digest(note.content)
    note.save()
    audit.record(
        actor=actor,
        action="crisis.note_signed",
        client=note.client,
        target=note,
        details={"event": note.event_id, "amends": note.amends_id},
    )
    return note


@transaction.atomic
def amend_note(*, actor: Any, note: CrisisNote) -> CrisisNote:
    """Start an amendment of a signed note: a new draft pointing at it (one open amendment at a time)."""
    note = _lock(note)
    common.require_clinical(actor, note.client)
    if not note.is_signed:
        raise Conflict("edit the draft itself; only signed notes are amended", field="note")
    open_one = CrisisNote.objects.filter(amends=note, status=NoteStatus.DRAFT).first()
    if open_one is not None:
        return open_one
    amendment = CrisisNote.objects.create(
        event_id=note.event_id,
        client=note.client,
        amends=note,
        content=dict(note.content),
        drafted_by=actor,
    )
    audit.record(
        actor=actor,
        action="crisis.note_amendment_started",
        client=note.client,
        target=amendment,
        details={"amends": note.pk},
    )
    return amendment
