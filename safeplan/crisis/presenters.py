"""How the crisis record reads: timeline rows with corrections, disclosures, protocol step status.

Plain reads of rows the caller is already allowed to see (no audit here: the selectors and services that
call these record the read).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from safeplan.crisis.models import CrisisEvent, EmergencyDisclosure, TimelineEntry
from safeplan.crisis.rules import disclosure as disclosure_rules
from safeplan.crisis.rules import types
from safeplan.crisis.rules.disconnection import STEP_TITLES
from safeplan.crisis.rules.entries import describe


@dataclass
class TimelineRow:
    id: int
    seq: int
    kind: str
    kind_label: str
    at: dt.datetime
    occurred_at: dt.datetime | None
    by: str
    by_id: int | None
    by_role: str
    text: str
    payload: dict[str, Any]
    system: bool
    corrects_seq: int | None = None
    corrected_by: list[TimelineRow] = field(default_factory=list)

    @property
    def when(self) -> dt.datetime:
        return self.occurred_at or self.at

    @property
    def withdrawn(self) -> bool:
        return bool(self.payload.get("entered_in_error"))

    @property
    def superseded(self) -> bool:
        return bool(self.corrected_by)


def step_titles(event: CrisisEvent) -> dict[str, str]:
    titles = {s["code"]: s["title"] for s in event.protocol}
    return {**STEP_TITLES, **titles}


def _row(e: TimelineEntry, titles: dict[str, str]) -> TimelineRow:
    return TimelineRow(
        id=e.pk,
        seq=e.seq,
        kind=e.kind,
        kind_label=types.label(types.ALL_KINDS, e.kind),
        at=e.at,
        occurred_at=e.occurred_at,
        by=e.by.label if e.by else "Safeplan",
        by_id=e.by_id,
        by_role=e.by_role,
        text=describe(e.kind, e.payload, titles),
        payload=dict(e.payload),
        system=e.kind in types.SYSTEM_KINDS,
    )


def _link(row: TimelineRow, original: TimelineRow) -> None:
    """Show a correction under the entry it corrects, and say what it corrects."""
    row.corrects_seq = original.seq
    original.corrected_by.append(row)
    reason = row.payload.get("reason")
    if row.withdrawn:
        row.text = f"Entry {original.seq} withdrawn: {reason}"
    elif reason:
        row.text = f"{row.text} (correction of entry {original.seq}: {reason})"


def timeline(event: CrisisEvent) -> list[TimelineRow]:
    """Every entry in order; each correction is also listed under the entry it corrects."""
    titles = step_titles(event)
    entries = list(
        TimelineEntry.objects.filter(event_id=event.pk).select_related("by").order_by("seq")
    )
    rows = {e.pk: _row(e, titles) for e in entries}
    for e in entries:
        if e.corrects_id and e.corrects_id in rows:
            _link(rows[e.pk], rows[e.corrects_id])
    return list(rows.values())


def timeline_row(event: CrisisEvent, entry_id: int) -> TimelineRow | None:
    """One entry as the timeline shows it (with what it corrects and what corrects it), without reading
    the whole timeline."""
    titles = step_titles(event)
    found = (
        TimelineEntry.objects.filter(event_id=event.pk, pk=entry_id)
        .select_related("by", "corrects", "corrects__by")
        .first()
    )
    if found is None:
        return None
    row = _row(found, titles)
    if found.corrects is not None:
        _link(row, _row(found.corrects, titles))
    for later in found.corrections.select_related("by").order_by("seq"):
        _link(_row(later, titles), row)
    return row


def disclosures(event: CrisisEvent) -> list[EmergencyDisclosure]:
    return list(
        EmergencyDisclosure.objects.filter(event_id=event.pk)
        .select_related("disclosed_by", "recorded_by", "entry")
        .order_by("disclosed_at", "pk")
    )


def disclosure_line(d: EmergencyDisclosure, stamp: str) -> str:
    recipient = f"{d.recipient_name} ({disclosure_rules.RECIPIENT_TYPES[d.recipient_type]}"
    recipient += f", {d.recipient_affiliation})" if d.recipient_affiliation else ")"
    line = (
        f"{stamp}: disclosed to {recipient} by {d.disclosed_by.label}. "
        f"Basis: {disclosure_rules.BASES[d.basis]}"
    )
    if d.basis_detail:
        line += f" ({d.basis_detail.rstrip('.')})"
    line += f". Disclosed: {d.information_disclosed.rstrip('.')}"
    if d.nature_of_emergency:
        line += f". Nature of the emergency: {d.nature_of_emergency.rstrip('.')}"
    return line + "."


def pending_prompts(event: CrisisEvent, rows: list[TimelineRow] | None = None) -> list[Any]:
    """Timeline entries that still need an emergency disclosure record (§10.3)."""
    rows = rows if rows is not None else timeline(event)
    covered = EmergencyDisclosure.objects.filter(
        event_id=event.pk, entry__isnull=False
    ).values_list("entry_id", flat=True)
    corrected = [r.id for r in rows if r.superseded]
    return disclosure_rules.disclosure_prompts(
        [(r.id, r.kind, r.payload) for r in rows if not r.system],
        covered_entry_ids=list(covered),
        corrected_entry_ids=corrected,
        crisis_type=event.crisis_type,
    )


def step_status(event: CrisisEvent, rows: list[TimelineRow]) -> dict[str, str]:
    """``done`` / ``skipped`` for each protocol step with an entry that names it (newest wins)."""
    status: dict[str, str] = {}
    for row in rows:
        if row.superseded or row.withdrawn:
            continue
        step = row.payload.get("step")
        if row.kind == "step_done" and step:
            status[step] = "done"
        elif row.kind == "step_skipped" and step:
            status[step] = "skipped"
    return status


def describe_entry(event: CrisisEvent, entry: TimelineEntry) -> str:
    return describe(entry.kind, entry.payload, step_titles(event))
