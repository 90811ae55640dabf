"""What must be accounted for before a crisis is closed (issue 11 "Closing needs the safety-critical steps").

Each requirement is met when one of the protocol's steps for it is recorded as done, or skipped with a
reason; a requirement whose steps the crisis's protocol does not have does not apply (the lost-connection
protocol, an organisation's own steps). Disposition and follow-up are also given on the close itself: the
disposition is a required choice, the follow-up contact is scheduled unless skipped with a reason.

Sources: clinical-rules.md §1.2 item 1 and §1.3 (confirm where the client is; CMU PRiSMM "if the risk is
imminent …", inquire about access to lethal means), §6 steps 3-5 (SAFE-T suicide inquiry, level and
intervention, documentation with the follow-up plan), §7.1 (CALM: lethal-means counselling), §7.2
(follow-up contact within 24-72 hours after a crisis).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Requirement:
    code: str
    label: str
    steps: tuple[str, ...]
    source: str


REQUIREMENTS: tuple[Requirement, ...] = (
    Requirement(
        "location",
        "Location confirmed",
        ("confirm_location",),
        "clinical-rules.md §1.2 item 1, §1.3",
    ),
    Requirement(
        "imminent_danger",
        "Imminent-danger assessment",
        (
            "suicide_inquiry",
            "assess_injury",
            "assess_threat",
            "safe_now",
            "assess_substances",
            "assess_danger",
        ),
        "clinical-rules.md §6 step 3 (suicide inquiry), §1.3",
    ),
    Requirement(
        "lethal_means",
        "Lethal means",
        ("lethal_means", "weapons"),
        "clinical-rules.md §1.3 (inquire about access to lethal means), §7.1 (CALM)",
    ),
    Requirement(
        "disposition",
        "Disposition (care arranged, or why not needed)",
        ("arrange_care", "emergency_services", "call_ems", "notify_police", "immediate_danger"),
        "clinical-rules.md §1.3 (arrange care if imminent), §6 step 4",
    ),
)
CLOSE_FIELDS = {
    "disposition": "Disposition",
    "follow_up": "Follow-up contact (scheduled, or skipped with a reason)",
}
ACCOUNTED = frozenset({"done", "skipped"})


def applicable(protocol_steps: Iterable[str]) -> list[tuple[Requirement, tuple[str, ...]]]:
    """The requirements this protocol has steps for, each with those steps (in protocol order)."""
    codes = list(protocol_steps)
    found = []
    for req in REQUIREMENTS:
        mine = tuple(c for c in codes if c in req.steps)
        if mine:
            found.append((req, mine))
    return found


def missing(protocol_steps: Iterable[str], status: Mapping[str, str]) -> list[Requirement]:
    """Requirements not yet met: none of their steps is recorded as done or skipped."""
    return [
        req
        for req, steps in applicable(protocol_steps)
        if not any(status.get(code) in ACCOUNTED for code in steps)
    ]


def steps_needed(protocol_steps: Iterable[str], status: Mapping[str, str]) -> set[str]:
    """The steps that would meet a requirement still missing (marked "needed to close" on screen)."""
    codes = list(protocol_steps)
    lacking = {req.code for req in missing(codes, status)}
    return {code for req, steps in applicable(codes) if req.code in lacking for code in steps}


def refusal_message(lacking: Iterable[Requirement]) -> str:
    names = [req.label.split(" (")[0].lower() for req in lacking]
    return (
        "account for these safety-critical steps first (done, or skipped with a reason): "
        + "; ".join(names)
    )
