"""The steps of the lost-connection protocol (clinical-rules.md §9) and the one-tap actions each offers.

Data and a pure function used by ``rules.disconnection``: step codes, what each step asks the clinician to do
and record (with its source), and ``actions_for(state)``, the buttons the screen shows for the current step.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from safeplan.crisis.rules.disconnection import State

RETRY_VIDEO = "retry_video"
CALL_BACKUP = "call_backup"
MESSAGE = "message_and_call_again"
CALL_SUPPORT = "call_support_person"
WELFARE_CHECK = "welfare_check"
FOLLOW_UP = "follow_up"
RECONNECTED = "reconnected"

ACTIVE_STEPS = (RETRY_VIDEO, CALL_BACKUP, MESSAGE, CALL_SUPPORT, WELFARE_CHECK)
EARLY_STEPS = frozenset({RETRY_VIDEO, CALL_BACKUP, MESSAGE})
FINISHED = frozenset({FOLLOW_UP, RECONNECTED})

STEPS: list[dict[str, Any]] = [
    {
        "code": RETRY_VIDEO,
        "title": "Retry the video once",
        "do": "Rejoin the video session once. The client's screen tells them you will call their backup "
        "phone if the video does not come back.",
        "record": "Whether the video came back.",
        "actions": ["note"],
        "source": "clinical-rules.md §9 steps 1-2",
    },
    {
        "code": CALL_BACKUP,
        "title": "Call the client's backup phone",
        "do": "Call the backup phone from the technology backup plan (or the callback number confirmed for "
        "this session) within T1.",
        "record": "The number called, the time and whether the client answered.",
        "actions": ["call:client_backup", "call:client"],
        "source": "clinical-rules.md §9 step 2",
    },
    {
        "code": MESSAGE,
        "title": "Send a message and call again",
        "do": "Send a text or secure message saying you are trying to reach them, then call once more.",
        "record": "The message sent and the second call's outcome.",
        "actions": ["message", "call:client_backup"],
        "source": "clinical-rules.md §9 step 3",
    },
    {
        "code": CALL_SUPPORT,
        "title": "Call the support person",
        "do": "The client was at risk this session and has not been reached: call their consented support "
        "person (or safe adult) and ask them to check on the client.",
        "record": "Who was called, whether they were reached and what they agreed to do.",
        "actions": ["call:support_person", "support_person"],
        "source": "clinical-rules.md §9 step 4; §1.1 item 3",
    },
    {
        "code": WELFARE_CHECK,
        "title": "Request a welfare check at the confirmed location",
        "do": "If the client is still unreachable and imminent risk is suspected, call the 911 centre's "
        "10-digit line (or police) for the client's confirmed location, never your own 911, and ask for a "
        "welfare check at that address.",
        "record": "Agency, number called, reference, and the result.",
        "actions": ["welfare_check", "client_state"],
        "source": "clinical-rules.md §9 step 5; §10.5",
    },
    {
        "code": FOLLOW_UP,
        "title": "Document and follow up",
        "do": "Close the protocol with its outcome and disposition. The note is drafted from the timeline; "
        "a follow-up contact is scheduled.",
        "record": "Outcome, disposition and the follow-up plan.",
        "actions": ["note"],
        "source": "clinical-rules.md §9 step 6; §6 step 5; §7.2",
    },
]
STEP_TITLES = {s["code"]: s["title"] for s in STEPS} | {RECONNECTED: "Reconnected"}


@dataclass(frozen=True)
class Action:
    """A one-tap action: the entry it records (kind + payload) and a label for the button."""

    label: str
    kind: str
    payload: Mapping[str, Any]
    target: str = (
        ""  # whose number the screen shows next to it (client_backup, support_person, psap)
    )
    form: bool = False  # needs more input (agency, number, reason) before it can be recorded


def _call(to: str, outcome: str, label: str) -> Action:
    return Action(label, "call", {"to": to, "outcome": outcome}, target=to)


def actions_for(state: State) -> tuple[Action, ...]:
    """The one-tap actions for the current step (the screen adds the numbers to call)."""
    step = state.step
    found: list[Action] = []
    if step == RETRY_VIDEO:
        found += [
            Action("Video is back", "video_retry", {"outcome": "reconnected"}),
            Action("Video retry failed", "video_retry", {"outcome": "failed"}),
        ]
    if step == CALL_BACKUP:
        found += [
            _call("client_backup", "answered", "Client answered the backup phone"),
            _call("client_backup", "no_answer", "No answer on the backup phone"),
        ]
    if step == MESSAGE:
        if "message_sent" not in state.marks:
            found += [
                Action(
                    "Text message sent", "message_sent", {"channel": "sms", "to": "client_backup"}
                ),
                Action(
                    "Secure message sent",
                    "message_sent",
                    {"channel": "secure_message", "to": "client"},
                ),
            ]
        found += [
            _call("client_backup", "answered", "Second call: client answered"),
            _call("client_backup", "no_answer", "Second call: no answer"),
        ]
    if step == CALL_SUPPORT:
        found += [
            _call("support_person", "answered", "Support person answered"),
            _call("support_person", "no_answer", "Support person: no answer"),
            Action(
                "Support person will check on the client",
                "support_person_reached",
                {"action": "check_on_client"},
            ),
            Action(
                "Support person is with the client",
                "support_person_reached",
                {"action": "stay_with_client"},
            ),
        ]
    if step in (CALL_SUPPORT, WELFARE_CHECK) or (
        step == FOLLOW_UP and state.outcome == "unreachable"
    ):
        found.append(
            Action("Welfare check requested", "welfare_check_requested", {}, "psap", form=True)
        )
    if step == WELFARE_CHECK:
        found += [
            Action("Client found safe", "client_state", {"state": "safe"}),
            Action("Client is with responders", "client_state", {"state": "with_responders"}),
            Action("Client not found", "client_state", {"state": "not_found"}),
            Action(
                "Taken to an emergency department", "handed_over", {"to": "emergency_department"}
            ),
        ]
    if step != RECONNECTED:
        found.append(Action("Reconnected by video", "reconnected", {"channel": "video"}))
        found.append(Action("Client called back", "reconnected", {"channel": "client_called"}))
    if not state.at_risk and step != RECONNECTED:
        found.append(Action("Client is at risk", "risk_flagged", {}))
    if step in ACTIVE_STEPS:
        found.append(Action("Skip this step", "step_skipped", {"step": step}, form=True))
    return tuple(found)
