"""Crisis protocols as data: for each crisis type, the steps, what to do and what to record.

These are our defaults, written in our own words from clinical-rules.md §1.3 (crisis during a session: CMU
PRiSMM, Zur Institute, TriWest, consent-form pattern), §6 (SAFE-T steps 3-5), §7.1 (CALM), §9 (disconnection),
§10.3 (emergency disclosures) and §10.5 (client-local numbers, never the clinician's 911). An organisation may
adapt them (``normalise_protocol`` checks an adapted list); each crisis keeps the steps it was opened with.

A step is a dict: ``code`` (stable, recorded on the timeline), ``title``, ``do`` (what to do), ``record``
(what to record), ``actions`` (the one-tap entries the screen offers for it: ``call:<target>``,
``handed_over:<to>``, ``client_state``, ``welfare_check``, ``support_person``, ``note``) and ``source``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from safeplan.crisis.rules import types
from safeplan.crisis.rules.disconnection import STEPS
from safeplan.lib.errors import InvalidInput
from safeplan.lib.validation import no_control_chars, no_control_chars_multiline

STEP_KEYS = ("code", "title", "do", "record", "actions", "source")
ACTIONS = frozenset(
    {f"call:{t}" for t in types.CALL_TARGETS}
    | {f"handed_over:{t}" for t in types.HANDOVER_TO}
    | {"client_state", "welfare_check", "support_person", "note", "message"}
)
MAX_STEPS = 20


def _step(
    code: str, title: str, do: str, record: str, actions: Iterable[str], source: str
) -> dict[str, Any]:
    return {
        "code": code,
        "title": title,
        "do": do,
        "record": record,
        "actions": list(actions),
        "source": source,
    }


KEEP_CONTACT = _step(
    "keep_contact",
    "Keep contact with the client",
    "Stay on the video or phone with the client. Make every other call from a second device so the link "
    "with the client is never dropped.",
    "The channel you kept open and anything that interrupted it.",
    ["client_state", "note"],
    "clinical-rules.md §1.3 (PRiSMM: stay on the phone until other care is present; Zur: second device)",
)
CONFIRM_LOCATION = _step(
    "confirm_location",
    "Confirm where the client is now",
    "Ask for the exact address, including the unit, and anything responders need to find the client. If it "
    "differs from the session's confirmed location, update the location so the numbers shown are for where "
    "the client really is.",
    "The address confirmed, or that it matches the session's confirmed location.",
    ["note"],
    "clinical-rules.md §1.2 item 1, §1.3 (ask location at start)",
)
SAFETY_PLAN = _step(
    "use_safety_plan",
    "Work through the safety plan",
    "Go through the client's plan together: the people they can ask for help, the professionals and crisis "
    "lines, and the steps that make their surroundings safer.",
    "Which parts of the plan were used and whether they helped.",
    ["note"],
    "clinical-rules.md §1.3 (use a safety plan), §2.1 sections 4-6",
)
LETHAL_MEANS = _step(
    "lethal_means",
    "Ask about lethal means",
    "Ask about access to firearms first, then medicines and other means. Agree on removing them or "
    "locking them away, and who will do it.",
    "Each means found and what was agreed, with who is responsible.",
    ["call:support_person", "note"],
    "clinical-rules.md §1.3 (inquire about access to lethal means), §7.1 (CALM)",
)
SUPPORT_PERSON = _step(
    "involve_support_person",
    "Involve a support person",
    "With the client's permission, call a consented support person who can be with the client or check on "
    "them. A call without consent needs an emergency disclosure record.",
    "Who was called, whether they were reached and what they agreed to do.",
    ["call:support_person", "support_person"],
    "clinical-rules.md §1.1 item 3, §1.3 (people who can monitor, with permission), §10.3",
)
CRISIS_LINE = _step(
    "give_crisis_line",
    "Give the crisis line",
    "Make sure the client has the crisis line for their country (988 in the US) and can reach it from "
    "where they are.",
    "That the crisis line was given.",
    ["handed_over:crisis_line", "note"],
    "clinical-rules.md §1.3 (provide 988), §10.5",
)
ARRANGE_CARE = _step(
    "arrange_care",
    "Arrange care if the risk is imminent",
    "If the risk is imminent and cannot be managed remotely, arrange for the client to go to the nearest "
    "crisis centre or emergency department, or call the mobile crisis team or the 911 centre's 10-digit line "
    "for the client's location. Stay with the client on the line until other care is present.",
    "Who took over (emergency department, mobile team, crisis line, responders), with the time and any "
    "reference.",
    [
        "call:mobile_crisis",
        "call:psap",
        "call:emergency_department",
        "handed_over:emergency_department",
        "handed_over:mobile_crisis",
    ],
    "clinical-rules.md §1.3 (PRiSMM: nearest crisis centre or ED; stay on the phone), §10.5",
)
DOCUMENT = _step(
    "document",
    "Close and document",
    "Close the crisis with its outcome and disposition. The note is drafted from this timeline for you to "
    "complete and sign: risk level and rationale, what was done, follow-up plan.",
    "Outcome, disposition, risk level and rationale, follow-up plan.",
    ["note"],
    "clinical-rules.md §6 step 5 (SAFE-T documentation), §7.2 (follow-up)",
)


def _emergency_call(code: str, title: str, why: str, source: str) -> dict[str, Any]:
    return _step(
        code,
        title,
        f"{why} Call the 911 centre's 10-digit line (or the police) for the client's confirmed location, "
        "never your own 911: it reaches your own area. Give the full address and access notes.",
        "The agency, the number called, the time and any reference number.",
        ["call:psap", "call:police", "handed_over:ems", "handed_over:police"],
        source,
    )


DEFAULT_PROTOCOLS: dict[str, list[dict[str, Any]]] = {
    "suicidal_ideation": [
        KEEP_CONTACT,
        CONFIRM_LOCATION,
        _step(
            "suicide_inquiry",
            "Ask about ideation, plan and intent",
            "Ask how often and how strongly the thoughts come, whether there is a plan (timing, place, "
            "method, access), any preparation or rehearsal, and whether the client intends to act. Ask "
            "about reasons for living.",
            "Ideation, plan, intent and behaviour as the client described them; your risk level.",
            ["client_state", "note"],
            "clinical-rules.md §6 step 3 (suicide inquiry)",
        ),
        LETHAL_MEANS,
        SAFETY_PLAN,
        SUPPORT_PERSON,
        CRISIS_LINE,
        ARRANGE_CARE,
        DOCUMENT,
    ],
    "self_harm": [
        KEEP_CONTACT,
        CONFIRM_LOCATION,
        _step(
            "assess_injury",
            "Find out what happened",
            "Ask what the client did, when, with what, and how bad the injury is. Treat silence or "
            "unresponsiveness as a possible medical emergency until you know otherwise.",
            "The injury and its severity as described or seen, and the client's state.",
            ["client_state", "note"],
            "clinical-rules.md §1.3 (Zur: unresponsiveness is a possible medical emergency)",
        ),
        _emergency_call(
            "emergency_services",
            "Get emergency help if the injury may be serious",
            "If the injury may be serious, or the client is drowsy or unresponsive, get help to them now.",
            "clinical-rules.md §1.3, §10.5",
        ),
        LETHAL_MEANS,
        SUPPORT_PERSON,
        ARRANGE_CARE,
        DOCUMENT,
    ],
    "harm_to_others": [
        KEEP_CONTACT,
        CONFIRM_LOCATION,
        _step(
            "assess_threat",
            "Ask about the threat",
            "Ask who is at risk, whether there is a plan, the means and the timing, and whether the client "
            "intends to act.",
            "The threat as described: target, plan, means, timing, intent.",
            ["client_state", "note"],
            "clinical-rules.md §1.3 (TriWest: de-escalate first)",
        ),
        _step(
            "weapons",
            "Ask about weapons",
            "Ask about firearms and other weapons and whether they are secured. Responders need to know of "
            "unsecured weapons.",
            "Weapons present and whether they are secured.",
            ["note"],
            "clinical-rules.md §1.3 (TriWest: mention unsecured weapons), §7.1",
        ),
        _emergency_call(
            "notify_police",
            "Call the police for the client's location if the threat is imminent",
            "If you cannot de-escalate and the threat is serious and imminent, tell the police where the "
            "client is and whether weapons are unsecured.",
            "clinical-rules.md §1.3 (TriWest), §10.5",
        ),
        _step(
            "warn_target",
            "Warn the person at risk where the law requires it",
            "The law of the client's location decides whether you must or may warn the person at risk or "
            "someone able to prevent the harm. Record any warning as an emergency disclosure.",
            "Who was warned, when, what was said, and the basis.",
            ["call:other", "note"],
            "clinical-rules.md §10.3 (45 CFR 164.512(j)), §10.6 (duty-to-warn follows the client's location)",
        ),
        _step(
            "consult_supervisor",
            "Consult your supervisor",
            "Your supervisor has been alerted; call them if you need a second opinion on the next step.",
            "That you consulted, and the decision.",
            ["call:supervisor", "note"],
            "clinical-rules.md §1.3 (TriWest: back-office support while the clinician stays on the line)",
        ),
        DOCUMENT,
    ],
    "medical_emergency": [
        KEEP_CONTACT,
        CONFIRM_LOCATION,
        _emergency_call(
            "call_ems",
            "Call emergency medical help to the client",
            "Ask for emergency medical services for the client.",
            "clinical-rules.md §1.1 item 2, §10.5",
        ),
        _step(
            "stay_until_help",
            "Stay with the client until help arrives",
            "Keep the client talking. If someone is with them, ask them to open the door and stay with the "
            "client until responders arrive.",
            "The client's state and when responders arrived.",
            ["client_state", "handed_over:ems", "note"],
            "clinical-rules.md §1.3 (keep the client engaged until responders arrive)",
        ),
        SUPPORT_PERSON,
        DOCUMENT,
    ],
    "abuse_disclosure": [
        _step(
            "safe_now",
            "Check that the client is safe right now",
            "Ask whether the client, or a child or adult in their care, is safe now and whether the person "
            "who harmed them is present. If the client is not alone, keep to yes-or-no questions.",
            "Whether anyone is in danger now and who is present.",
            ["client_state", "note"],
            "clinical-rules.md §1.2 item 4 (privacy), §8 (excluded persons)",
        ),
        CONFIRM_LOCATION,
        _emergency_call(
            "immediate_danger",
            "Call the police for the client's location if anyone is in danger now",
            "If anyone is in immediate danger, get help to them.",
            "clinical-rules.md §10.5",
        ),
        _step(
            "mandated_report",
            "Make the report the law requires",
            "Report to child or adult protective services as the law of the client's location requires. "
            "Record the report as an emergency disclosure.",
            "Agency, number, time and report reference.",
            ["call:protective_services", "note"],
            "clinical-rules.md §10.6 (laws follow the client's location), §10.3",
        ),
        _step(
            "support",
            "Plan support with the client",
            "Agree who the client can turn to, leaving out anyone who harmed them, and go through the "
            "crisis lines.",
            "Who the client will turn to and what was agreed.",
            ["call:support_person", "handed_over:crisis_line", "note"],
            "clinical-rules.md §1.3, §8",
        ),
        DOCUMENT,
    ],
    "intoxication_overdose": [
        KEEP_CONTACT,
        CONFIRM_LOCATION,
        _step(
            "assess_substances",
            "Ask what was taken",
            "Ask what, how much and when, and whether the client is drowsy, confused or breathing slowly. "
            "Treat unresponsiveness as a medical emergency.",
            "Substances, amounts and times as reported; the client's state.",
            ["client_state", "note"],
            "clinical-rules.md §1.3 (Zur: unresponsiveness is a possible medical emergency)",
        ),
        _emergency_call(
            "call_ems",
            "Call emergency medical help for a suspected overdose",
            "For a suspected overdose or dangerous intoxication, ask for emergency medical services.",
            "clinical-rules.md §1.3, §10.5; 42 CFR 2.51 for Part 2 programmes (§10.4)",
        ),
        LETHAL_MEANS,
        SUPPORT_PERSON,
        ARRANGE_CARE,
        DOCUMENT,
    ],
    "other": [
        KEEP_CONTACT,
        CONFIRM_LOCATION,
        _step(
            "assess_danger",
            "Ask whether anyone is in danger now",
            "Ask what is happening, whether the client or anyone else is in danger right now, and whether "
            "the client intends to harm themselves or someone else.",
            "The danger as described and your judgement of how imminent it is.",
            ["client_state", "note"],
            "clinical-rules.md §1.3, §6 step 3 (suicide inquiry)",
        ),
        LETHAL_MEANS,
        SUPPORT_PERSON,
        ARRANGE_CARE,
        DOCUMENT,
    ],
}


def default_protocol(crisis_type: str) -> list[dict[str, Any]]:
    """Our default steps for a crisis type (lost connection: the §9 state machine's steps)."""
    if crisis_type == types.LOST_CONNECTION:
        return [dict(step) for step in STEPS]
    return [dict(step, actions=list(step["actions"])) for step in DEFAULT_PROTOCOLS[crisis_type]]


def _clean(value: Any, where: str, limit: int, *, multiline: bool = False) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("is required", field=where)
    try:
        text = no_control_chars_multiline(value) if multiline else no_control_chars(value)
    except ValueError as exc:
        raise InvalidInput(str(exc), field=where) from exc
    if len(text) > limit:
        raise InvalidInput(f"is longer than {limit} characters", field=where)
    return text


def normalise_protocol(crisis_type: str, steps: Any) -> list[dict[str, Any]]:
    """An organisation's adapted steps for a crisis type, checked (``InvalidInput`` names the field).

    The lost-connection protocol is the §9 state machine and cannot be rewritten step by step; its timers
    are adapted through the technology backup plan and the organisation's defaults instead.
    """
    if not isinstance(crisis_type, str) or crisis_type not in types.CRISIS_TYPES:
        raise InvalidInput(f"must be one of {', '.join(types.CRISIS_TYPES)}", field="crisis_type")
    if crisis_type == types.LOST_CONNECTION:
        raise InvalidInput(
            "the lost-connection protocol follows the disconnection state machine; adapt its timers",
            field="crisis_type",
        )
    if not isinstance(steps, list) or not steps:
        raise InvalidInput("give at least one step", field="steps")
    if len(steps) > MAX_STEPS:
        raise InvalidInput(f"at most {MAX_STEPS} steps", field="steps")
    clean: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, step in enumerate(steps):
        where = f"steps.{i}"
        if not isinstance(step, Mapping):
            raise InvalidInput("must be an object", field=where)
        unknown = sorted(set(step) - set(STEP_KEYS))
        if unknown:
            raise InvalidInput("is not a field of a step", field=f"{where}.{unknown[0]}")
        code = _clean(step.get("code"), f"{where}.code", 40)
        if not code.replace("_", "").isalnum() or code.lower() != code:
            raise InvalidInput("use lower-case letters, digits and _", field=f"{where}.code")
        if code in seen:
            raise InvalidInput("is used by another step", field=f"{where}.code")
        seen.add(code)
        actions = step.get("actions") or []
        if not isinstance(actions, list) or any(
            not isinstance(a, str) or a not in ACTIONS for a in actions
        ):
            raise InvalidInput(
                "must list actions such as call:psap, handed_over:emergency_department, note",
                field=f"{where}.actions",
            )
        clean.append(
            {
                "code": code,
                "title": _clean(step.get("title"), f"{where}.title", 120),
                "do": _clean(step.get("do"), f"{where}.do", 1000, multiline=True),
                "record": _clean(step.get("record"), f"{where}.record", 500, multiline=True),
                "actions": list(dict.fromkeys(actions)),
                "source": _clean(
                    step.get("source") or "Organisation protocol", f"{where}.source", 300
                ),
            }
        )
    return clean
