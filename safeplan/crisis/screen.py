"""The crisis screen's context: one-tap buttons built next to the numbers they dial.

Each "tap" is a small form the template renders as one button: the entry kind, its payload as JSON, and a
fresh idempotency key, so a double tap records one entry. Numbers come from the session's emergency card:
client-local only, and a ``tel:`` link only for full numbers (``telehealth.card.staff_tel``), never a short
emergency code (clinical-rules.md §10.5).
"""

from __future__ import annotations

import json
from typing import Any

from safeplan.crisis import selectors
from safeplan.crisis.models import CrisisEvent
from safeplan.crisis.rules import close_checks, types
from safeplan.crisis.rules import disclosure as disclosure_rules

CALL_RESULTS = (("answered", "Answered"), ("no_answer", "No answer"))
# The emergency card's kinds of local resource, as call targets on the timeline.
KIND_TARGET = {
    "psap": "psap",
    "emergency_services": "psap",
    "police": "police",
    "mobile_crisis": "mobile_crisis",
    "local_crisis_line": "crisis_line",
    "emergency_department": "emergency_department",
    "urgent_care": "emergency_department",
}


def tap(kind: str, payload: dict[str, Any], label: str, style: str = "secondary") -> dict[str, Any]:
    return {
        "kind": kind,
        "payload_json": json.dumps(payload, ensure_ascii=False, sort_keys=True),
        "label": label,
        "style": style,
    }


def number_blocks(
    numbers: list[dict[str, str]], target: str, *, step: str = ""
) -> list[dict[str, Any]]:
    """A number to dial with its two one-tap results (answered / no answer)."""
    blocks = []
    for n in numbers:
        to = KIND_TARGET.get(n.get("ref", ""), "other") if target == "local" else target
        payload: dict[str, Any] = {"to": to, "name": n["label"][:200]}
        if n.get("display"):
            payload["number"] = n["display"][:32]
        if to == "support_person" and n.get("ref", "").isdigit():
            payload["support_person_id"] = int(n["ref"])
        if step:
            payload["step"] = step
        blocks.append(
            {
                **n,
                "taps": [
                    tap("call", {**payload, "outcome": outcome}, label)
                    for outcome, label in CALL_RESULTS
                ],
            }
        )
    return blocks


def _generic_call(target: str, step: str) -> list[dict[str, Any]]:
    who = types.label(types.CALL_TARGETS, target)
    return [
        {
            "label": who,
            "display": "",
            "tel": "",
            "note": "no number on record",
            "taps": [
                tap("call", {"to": target, "outcome": outcome, "step": step}, label)
                for outcome, label in CALL_RESULTS
            ],
        }
    ]


def _support_taps(card: Any, step: str = "") -> list[dict[str, Any]]:
    taps = []
    for p in card.support_persons:
        base: dict[str, Any] = {"support_person_id": p.id, "name": p.name[:200]}
        if step:
            base["step"] = step
        taps.append(
            tap(
                "support_person_reached",
                {**base, "action": "check_on_client"},
                f"{p.name} will check on the client",
            )
        )
        taps.append(
            tap(
                "support_person_reached",
                {**base, "action": "stay_with_client"},
                f"{p.name} is with the client",
            )
        )
    return taps


def step_blocks(screen: selectors.CrisisScreen) -> list[dict[str, Any]]:
    """Each protocol step with its one-tap actions."""
    blocks = []
    for step in screen.steps:
        code = step["code"]
        block: dict[str, Any] = {
            **step,
            "done": tap("step_done", {"step": code}, "Done", "primary"),
            "calls": [],
            "taps": [],
            "state": False,
            "note": False,
            "welfare": False,
        }
        for action in step.get("actions", []):
            name, _, arg = action.partition(":")
            if name == "call":
                found = screen.numbers.get(arg) or []
                block["calls"] += (
                    number_blocks(found, arg, step=code) if found else _generic_call(arg, code)
                )
            elif name == "handed_over":
                label = f"Handed over to {types.label(types.HANDOVER_TO, arg).lower()}"
                block["taps"].append(tap("handed_over", {"to": arg, "step": code}, label))
            elif name == "support_person":
                block["taps"] += _support_taps(screen.card, code)
            elif name == "message":
                block["taps"] += [
                    tap(
                        "message_sent",
                        {"channel": "sms", "to": "client_backup", "step": code},
                        "Text message sent",
                    ),
                    tap(
                        "message_sent",
                        {"channel": "secure_message", "to": "client", "step": code},
                        "Secure message sent",
                    ),
                ]
            elif name in ("client_state", "note", "welfare_check"):
                block[
                    "state"
                    if name == "client_state"
                    else "welfare"
                    if name == "welfare_check"
                    else "note"
                ] = True
        blocks.append(block)
    return blocks


def protocol_block(screen: selectors.CrisisScreen) -> dict[str, Any] | None:
    """The lost-connection protocol's current step: its numbers and one-tap actions."""
    pv = screen.protocol
    if pv is None:
        return None
    numbers: list[dict[str, Any]] = []
    taps: list[dict[str, Any]] = []
    person_calls: list[dict[str, Any]] = []
    welfare = skip = False
    for action in pv.actions:
        target = action["target"]
        if action["kind"] == "welfare_check_requested":
            welfare = True
        elif action["kind"] == "step_skipped":
            skip = True
        elif action["kind"] == "call" and target == "support_person":
            if not person_calls:
                person_calls = number_blocks(
                    screen.numbers.get("support_person", []), "support_person"
                )
        elif action["kind"] == "support_person_reached":
            continue  # one pair of buttons per support person below
        else:
            taps.append(
                tap(
                    action["kind"],
                    action["payload"],
                    action["label"],
                    "primary" if action["kind"] == "reconnected" else "secondary",
                )
            )
        if target == "client_backup" and not numbers:
            numbers = screen.numbers.get("client_backup", [])
    support = _support_taps(screen.card) if pv.step == "call_support_person" else []
    return {
        "view": pv,
        "numbers": numbers,
        "taps": taps,
        "person_calls": person_calls,
        "support_taps": support,
        "welfare": welfare,
        "skip": skip,
    }


def welfare_defaults(screen: selectors.CrisisScreen) -> dict[str, str]:
    first = (screen.numbers.get("psap") or [{}])[0]
    return {"agency": first.get("label", ""), "number": first.get("display", "")}


def current_step(steps: list[dict[str, Any]]) -> str:
    """The first step neither done nor skipped: the one shown open, above the fold (issue 11)."""
    return next((s["code"] for s in steps if s.get("status") not in ("done", "skipped")), "")


def build_screen(user: Any, event: CrisisEvent) -> dict[str, Any]:
    screen = selectors.crisis_screen(user, event)
    participant_ids = {p.user_id for p in screen.participants}
    codes = [s["code"] for s in screen.steps]
    status = {s["code"]: s.get("status", "") for s in screen.steps}
    return {
        "flag_review": selectors.flag_review(event),
        "current_step": current_step(screen.steps) if event.is_open else "",
        "steps_done": sum(1 for v in status.values() if v in ("done", "skipped")),
        "required_steps": close_checks.steps_needed(codes, status) if event.is_open else set(),
        "missing_checks": close_checks.missing(codes, status) if event.is_open else [],
        "event": event,
        "client": event.client,
        "screen": screen,
        "card": screen.card,
        "tz": getattr(user, "time_zone", "") or event.organisation.time_zone,
        "local_numbers": number_blocks(screen.numbers.get("local", []), "local"),
        "people": number_blocks(screen.numbers.get("support_person", []), "support_person"),
        "steps": step_blocks(screen) if screen.protocol is None else [],
        "protocol": protocol_block(screen),
        "welfare": welfare_defaults(screen),
        "is_participant": user.pk in participant_ids,
        "state_choices": list(types.CLIENT_STATES.items()),
        "handover_choices": list(types.HANDOVER_TO.items()),
        "call_targets": list(types.CALL_TARGETS.items()),
        "call_outcomes": list(types.CALL_OUTCOMES.items()),
        "bases": disclosure_rules.BASES,
        "timeline": screen.timeline,
        "is_lost_connection": event.crisis_type == types.LOST_CONNECTION,
    }
