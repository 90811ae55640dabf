"""What each timeline entry holds, checked before anything is written (issue 6 "Every action is one tap").

``normalise_entry(kind, payload, steps=...)`` returns the clean payload for one of ``types.ENTRY_KINDS`` or
raises ``InvalidInput`` naming the field (``payload.outcome``). Unknown fields are refused rather than
dropped, so a typo in a client never silently loses part of what the clinician recorded.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from safeplan.crisis.rules import types
from safeplan.lib import validation
from safeplan.lib.errors import InvalidInput

NOTE_MAX = 2000
SHORT_MAX = 500
NAME_MAX = 200
REFERENCE_MAX = 64
_PHONE = re.compile(r"[0-9+()\-. ]{2,32}")

# kind -> {field: spec}; a spec is ("choice", table) | ("text", limit) | ("note", limit) | ("phone",)
# | ("int",) | ("bool",); required fields are listed in REQUIRED.
FIELDS: dict[str, dict[str, tuple[Any, ...]]] = {
    "step_done": {"step": ("step",), "note": ("note", SHORT_MAX)},
    "step_skipped": {"step": ("step",), "reason": ("note", SHORT_MAX)},
    "call": {
        "to": ("choice", types.CALL_TARGETS),
        "outcome": ("choice", types.CALL_OUTCOMES),
        "name": ("text", NAME_MAX),
        "number": ("phone",),
        "reference": ("text", REFERENCE_MAX),
        "support_person_id": ("int",),
        "note": ("note", SHORT_MAX),
    },
    "message_sent": {
        "channel": ("choice", types.MESSAGE_CHANNELS),
        "to": ("choice", {k: types.CALL_TARGETS[k] for k in ("client", "client_backup")}),
        "note": ("note", SHORT_MAX),
    },
    "support_person_reached": {
        "support_person_id": ("int",),
        "name": ("text", NAME_MAX),
        "action": ("choice", types.SUPPORT_ACTIONS),
        "note": ("note", SHORT_MAX),
    },
    "welfare_check_requested": {
        "agency": ("text", NAME_MAX),
        "number": ("phone",),
        "reference": ("text", REFERENCE_MAX),
        "note": ("note", SHORT_MAX),
    },
    "client_state": {"state": ("choice", types.CLIENT_STATES), "note": ("note", SHORT_MAX)},
    "handed_over": {
        "to": ("choice", types.HANDOVER_TO),
        "name": ("text", NAME_MAX),
        "reference": ("text", REFERENCE_MAX),
        "note": ("note", SHORT_MAX),
    },
    "video_retry": {
        "outcome": ("choice", {"reconnected": "Reconnected", "failed": "Did not reconnect"}),
    },
    "reconnected": {"channel": ("choice", types.RECONNECT_CHANNELS), "note": ("note", SHORT_MAX)},
    "risk_flagged": {"note": ("note", SHORT_MAX)},
    "note": {"text": ("note", NOTE_MAX)},
}
# Any entry may say which protocol step it belongs to (the note groups lethal-means entries by it).
for _kind, _spec in FIELDS.items():
    _spec.setdefault("step", ("step",))

REQUIRED: dict[str, tuple[str, ...]] = {
    "step_done": ("step",),
    "step_skipped": ("step", "reason"),
    "call": ("to", "outcome"),
    "message_sent": ("channel",),
    "support_person_reached": ("action",),
    "welfare_check_requested": ("agency", "number"),
    "client_state": ("state",),
    "handed_over": ("to",),
    "video_retry": ("outcome",),
    "reconnected": ("channel",),
    "risk_flagged": (),
    "note": ("text",),
}


def clean_text(value: Any, where: str, limit: int, *, multiline: bool) -> str:
    if not isinstance(value, str):
        raise InvalidInput("must be text", field=where)
    return validation.clean_text(value, field=where, limit=limit, multiline=multiline)


def _value(spec: tuple[Any, ...], value: Any, where: str, steps: frozenset[str]) -> Any:
    kind = spec[0]
    if kind == "choice":
        if not isinstance(value, str) or value not in spec[1]:
            raise InvalidInput(f"must be one of {', '.join(spec[1])}", field=where)
        return value
    if kind == "step":
        if not isinstance(value, str) or value not in steps:
            raise InvalidInput("is not a step of this crisis's protocol", field=where)
        return value
    if kind in ("text", "note"):
        return clean_text(value, where, spec[1], multiline=kind == "note")
    if kind == "phone":
        text = clean_text(value, where, 32, multiline=False)
        if text and not _PHONE.fullmatch(text):
            raise InvalidInput("is not a phone number", field=where)
        return text
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise InvalidInput("must be a positive whole number", field=where)
        return value
    raise AssertionError(f"unknown field spec {kind}")  # pragma: no cover


def normalise_entry(
    kind: str, payload: Mapping[str, Any] | None, *, steps: Iterable[str] = ()
) -> dict[str, Any]:
    """The clean payload of one entry, or ``InvalidInput`` naming the field."""
    if not isinstance(kind, str) or kind not in types.ENTRY_KINDS:
        raise InvalidInput(f"must be one of {', '.join(types.ENTRY_KINDS)}", field="kind")
    if payload is None:
        payload = {}
    if not isinstance(payload, Mapping):
        raise InvalidInput("must be an object", field="payload")
    spec = FIELDS[kind]
    unknown = sorted(set(payload) - set(spec))
    if unknown:
        raise InvalidInput(f"is not a field of a {kind} entry", field=f"payload.{unknown[0]}")
    allowed_steps = frozenset(steps)
    clean: dict[str, Any] = {}
    for name, field_spec in spec.items():
        value = payload.get(name)
        if value is None or value == "":
            continue
        cleaned = _value(field_spec, value, f"payload.{name}", allowed_steps)
        if cleaned != "":
            clean[name] = cleaned
    for name in REQUIRED[kind]:
        if name not in clean:
            raise InvalidInput("is required", field=f"payload.{name}")
    return clean


def describe(kind: str, payload: Mapping[str, Any], step_titles: Mapping[str, str]) -> str:
    """One line for the timeline and the note: what happened, in the clinician's words where they gave some."""
    p = payload
    if p.get("entered_in_error"):
        return "Entered in error" + (f": {p['reason']}" if p.get("reason") else "")

    def step(code: str) -> str:
        return step_titles.get(code, types.label({}, code))

    if kind == "step_done":
        text = f"Done: {step(p['step'])}"
    elif kind == "step_skipped":
        text = f"Skipped: {step(p['step'])} (reason: {p['reason']})"
    elif kind == "call":
        who = types.label(types.CALL_TARGETS, p["to"])
        if p.get("name"):
            who = f"{who} ({p['name']})"
        text = f"Called {who}"
        if p.get("number"):
            text += f" on {p['number']}"
        text += f": {types.label(types.CALL_OUTCOMES, p['outcome']).lower()}"
        if p.get("reference"):
            text += f", reference {p['reference']}"
    elif kind == "message_sent":
        text = f"{types.label(types.MESSAGE_CHANNELS, p['channel'])} sent to the client"
    elif kind == "support_person_reached":
        who = p.get("name") or "Support person"
        text = f"Support person reached ({who}): {types.label(types.SUPPORT_ACTIONS, p['action']).lower()}"
    elif kind == "welfare_check_requested":
        text = f"Welfare check requested from {p['agency']} on {p['number']}"
        if p.get("reference"):
            text += f", reference {p['reference']}"
    elif kind == "client_state":
        text = f"Client's state: {types.label(types.CLIENT_STATES, p['state']).lower()}"
    elif kind == "handed_over":
        text = f"Handed over to {types.label(types.HANDOVER_TO, p['to']).lower()}"
        if p.get("name"):
            text += f" ({p['name']})"
        if p.get("reference"):
            text += f", reference {p['reference']}"
    elif kind == "video_retry":
        text = (
            "Video retried: reconnected"
            if p["outcome"] == "reconnected"
            else "Video retried: did not reconnect"
        )
    elif kind == "reconnected":
        text = f"Reconnected by {types.label(types.RECONNECT_CHANNELS, p['channel']).lower()}"
    elif kind == "risk_flagged":
        text = "Clinician flagged the client as at risk this session"
    elif kind == "note":
        return str(p["text"])
    elif kind == "opened":
        text = f"Crisis opened: {types.label(types.CRISIS_TYPES, p.get('crisis_type', 'other'))}"
        if p.get("from_assessment"):
            text += " (from a screening result's pathway)"
    elif kind == "joined":
        text = "Joined the crisis"
    elif kind == "step_due":
        text = f"Time passed: {step(p.get('step', ''))} is due now"
    elif kind == "escalated":
        text = "Escalated to the supervisor: " + {
            "at_risk_unreached": "client at risk and not reached in time",
            "nobody_answered": "nobody answered",
            "unattended": "no step recorded in time",
        }.get(p.get("reason", ""), "protocol unanswered")
    elif kind == "disclosure":
        text = f"Emergency disclosure recorded (to {p.get('recipient', 'recipient')})"
    elif kind == "closed":
        text = (
            f"Closed: {types.label(types.OUTCOMES, p.get('outcome', ''))}; "
            f"{types.label(types.DISPOSITIONS, p.get('disposition', '')).lower()}"
        )
        if p.get("follow_up_skipped"):
            text += f"; no follow-up contact: {p['follow_up_skipped']}"
    else:
        text = types.label(types.ALL_KINDS, kind)
    if p.get("note") and kind != "note":
        text += f". {p['note']}"
    return text
