"""The crisis note drafted from the timeline (SAFE-T step 5, clinical-rules.md §6; §9 step 6; §7.2).

SAFE-T asks the clinician to document the risk level and its rationale, the treatment plan to address the
risk, firearms (lethal-means) instructions when relevant, the follow-up plan and, for youths, the role of the
patient and guardian. ``draft_note(facts)`` fills each section with what the record already says (every action
with its time to the second, who did it, the disclosures, the follow-up scheduled); the clinician edits and
signs. ``sign_problems(content)`` lists what a note still lacks before it can be signed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from safeplan.crisis.rules import types
from safeplan.lib.errors import InvalidInput
from safeplan.lib.validation import no_control_chars_multiline

SECTIONS: dict[str, str] = {
    "summary": "Summary",
    "risk_level": "Risk level",
    "risk_rationale": "Risk level rationale",
    "actions": "What was done",
    "treatment_plan": "Plan to address the risk",
    "lethal_means": "Firearms and other lethal means",
    "disclosures": "Emergency disclosures",
    "follow_up_plan": "Follow-up plan",
    "youth": "Role of the young person and guardian",
}
SIGN_LEVELS = ("low", "moderate", "high")
SECTION_MAX = 8000
MEANS_STEPS = frozenset({"lethal_means", "weapons"})


@dataclass(frozen=True)
class NoteLine:
    at: dt.datetime
    who: str
    text: str
    seq: int = 0
    step: str = ""  # the protocol step the line belongs to (step_done / step_skipped)
    corrected_by: tuple[tuple[dt.datetime, str], ...] = ()


@dataclass(frozen=True)
class NoteFacts:
    client_ref: str
    crisis_type: str
    time_zone: str
    opened_at: dt.datetime
    opened_by: str
    closed_at: dt.datetime
    closed_by: str
    outcome: str
    disposition: str
    risk_level: str
    risk_before: str
    lines: tuple[NoteLine, ...]
    session_label: str = ""
    location: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    risk_sources: tuple[str, ...] = ()
    client_states: tuple[str, ...] = ()
    disclosures: tuple[str, ...] = ()
    follow_up_due: dt.datetime | None = None
    follow_up_hours: int | None = None
    plan_review_due: dt.date | None = None
    is_minor: bool = False
    close_note: str = ""
    means_found: tuple[str, ...] = field(default=())
    # Lethal-means counselling on record with its storage check (plans.means_counselling, §7.1).
    means_counselling: tuple[str, ...] = field(default=())
    guardian_lines: tuple[NoteLine, ...] = ()  # calls to and from the guardian / safe adult


def stamp(when: dt.datetime, tz: str, *, with_date: bool = False) -> str:
    """A time to the second in the given zone, with its abbreviation: ``14:02:11 EST``."""
    local = when.astimezone(ZoneInfo(tz))
    fmt = "%d %b %Y %H:%M:%S %Z" if with_date else "%H:%M:%S %Z"
    return local.strftime(fmt)


def _spans_days(facts: NoteFacts) -> bool:
    zone = ZoneInfo(facts.time_zone)
    days = {facts.opened_at.astimezone(zone).date(), facts.closed_at.astimezone(zone).date()}
    days |= {line.at.astimezone(zone).date() for line in facts.lines}
    return len(days) > 1


def action_lines(facts: NoteFacts) -> list[str]:
    """Every timeline entry in time order: ``14:02:11 EST: text (who)``, corrections shown."""
    with_date = _spans_days(facts)
    out = []
    for line in sorted(facts.lines, key=lambda x: (x.at, x.seq)):
        text = f"{stamp(line.at, facts.time_zone, with_date=with_date)}: {line.text} ({line.who})"
        for at, what in line.corrected_by:
            text += f" [corrected {stamp(at, facts.time_zone, with_date=with_date)}: {what}]"
        out.append(text)
    return out


def draft_note(facts: NoteFacts) -> dict[str, str]:
    """The draft content: one text per section of ``SECTIONS``."""
    tz = facts.time_zone
    opened = stamp(facts.opened_at, tz, with_date=True)
    closed = stamp(facts.closed_at, tz, with_date=True)
    where = f" during {facts.session_label}" if facts.session_label else " outside a session"
    summary = [
        f"Crisis: {types.label(types.CRISIS_TYPES, facts.crisis_type)}, client {facts.client_ref}.",
        f"Opened {opened} by {facts.opened_by}{where}; closed {closed} by {facts.closed_by}.",
        f"Outcome: {types.label(types.OUTCOMES, facts.outcome)}. "
        f"Disposition: {types.label(types.DISPOSITIONS, facts.disposition)}.",
    ]
    if facts.location:
        summary.append("Client's confirmed location: " + ", ".join(facts.location) + ".")
    if len(facts.participants) > 1:
        summary.append("Clinicians involved: " + ", ".join(facts.participants) + ".")
    if facts.close_note:
        summary.append(facts.close_note)

    rationale = [f"Risk level at close: {facts.risk_level or 'not recorded'}."]
    if facts.risk_before and facts.risk_before != facts.risk_level:
        rationale.append(f"Risk flag before the crisis: {facts.risk_before}.")
    if facts.risk_sources:
        rationale.append("Screens and assessments: " + "; ".join(facts.risk_sources) + ".")
    if facts.client_states:
        rationale.append("Client's state as recorded: " + "; ".join(facts.client_states) + ".")

    means_lines = [
        f"{stamp(line.at, tz)}: {line.text}" for line in facts.lines if line.step in MEANS_STEPS
    ]
    means = []
    if facts.means_found:
        means.append("Access to lethal means recorded: " + ", ".join(facts.means_found) + ".")
    means += means_lines
    means += list(facts.means_counselling)

    follow_up = []
    if facts.follow_up_due is not None:
        hours = f" ({facts.follow_up_hours} hours after closing)" if facts.follow_up_hours else ""
        follow_up.append(
            f"Follow-up contact due by {stamp(facts.follow_up_due, tz, with_date=True)}{hours}."
        )
    if facts.plan_review_due is not None:
        follow_up.append(f"Safety plan review due by {facts.plan_review_due.strftime('%d %b %Y')}.")

    youth = ""
    if facts.is_minor:
        youth = "\n".join(
            ["The client is a minor."]
            + [f"{stamp(line.at, tz)}: {line.text}" for line in facts.guardian_lines]
        )

    return {
        "summary": "\n".join(summary),
        "risk_level": facts.risk_level if facts.risk_level in SIGN_LEVELS else "",
        "risk_rationale": " ".join(rationale),
        "actions": "\n".join(action_lines(facts)),
        "treatment_plan": types.label(types.DISPOSITIONS, facts.disposition) + ".",
        "lethal_means": "\n".join(means),
        "disclosures": "\n".join(facts.disclosures) or "No emergency disclosure recorded.",
        "follow_up_plan": " ".join(follow_up),
        "youth": youth,
    }


def normalise_content(content: Mapping[str, Any]) -> dict[str, str]:
    """A note's sections from an edit: known sections only, text only, each within the limit."""
    unknown = sorted(set(content) - set(SECTIONS))
    if unknown:
        raise InvalidInput("is not a section of the crisis note", field=f"content.{unknown[0]}")
    clean: dict[str, str] = {}
    for name in SECTIONS:
        value = content.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise InvalidInput("must be text", field=f"content.{name}")
        try:
            value = no_control_chars_multiline(value)
        except ValueError as exc:
            raise InvalidInput(str(exc), field=f"content.{name}") from exc
        if len(value) > SECTION_MAX:
            raise InvalidInput(f"is longer than {SECTION_MAX} characters", field=f"content.{name}")
        clean[name] = value
    if clean["risk_level"] and clean["risk_level"] not in SIGN_LEVELS:
        raise InvalidInput(f"must be one of {', '.join(SIGN_LEVELS)}", field="content.risk_level")
    return clean


def sign_required(*, is_minor: bool = False) -> tuple[str, ...]:
    """The sections a note needs before it is signed (SAFE-T step 5, clinical-rules.md §6)."""
    return ("risk_level", "risk_rationale", "actions", "follow_up_plan") + (
        ("youth",) if is_minor else ()
    )


def sign_problems(content: Mapping[str, str], *, is_minor: bool = False) -> list[tuple[str, str]]:
    """(field, message) for what SAFE-T step 5 needs before the note is signed."""
    problems = []
    if content.get("risk_level") not in SIGN_LEVELS:
        problems.append(("content.risk_level", "choose the risk level (low, moderate or high)"))
    for name in ("risk_rationale", "actions", "follow_up_plan"):
        if not (content.get(name) or "").strip():
            problems.append((f"content.{name}", f"{SECTIONS[name].lower()} is required"))
    if is_minor and not (content.get("youth") or "").strip():
        problems.append(("content.youth", "describe the role of the young person and guardian"))
    return problems


def render_text(content: Mapping[str, str]) -> str:
    """The note as plain text, section by section (print, export)."""
    parts = []
    for name, title in SECTIONS.items():
        value = (content.get(name) or "").strip()
        if value:
            parts.append(f"{title}\n{value}")
    return "\n\n".join(parts)
