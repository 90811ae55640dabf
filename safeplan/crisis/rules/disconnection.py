"""The lost-connection protocol as a pure state machine (clinical-rules.md §9, "Suggested state machine").

    retry video ─► call the backup phone (within T1) ─► message and call again ─┬─► follow-up (not at risk)
                                                                               └─► call the support person
                                                                                   (by T2, when at risk)
                                                                                   ─► welfare check at the
                                                                                      confirmed location
                                                                                   ─► follow-up
    reaching the client at any step ends it ("reconnected").

``transition(state, event, now, timers)`` takes the current state, one event (a timeline entry's kind and
payload, or ``tick`` when only time has passed) and the time, and returns the next state, the next deadline
(when time alone would change something), whether the current step is overdue, whether this transition
escalates to the supervisor (once per protocol) and the one-tap actions to offer. Nothing here reads a
clock or a database.

Timers are [C] (§9: "no authoritative body publishes a fixed call back within N minutes"): T0 retry video,
T1 call the backup phone (e.g. 2-5 min), T2 escalate when at risk (e.g. 5-10 min), and the window given to a
support person before the welfare check is offered. They come from the client's technology backup plan, with
organisation defaults.

Escalation to the supervisor (issue 6, "an unanswered protocol is escalated to the supervisor"), once:
``at_risk_unreached`` when a client at risk is still not reached at T2; ``nobody_answered`` when the protocol
reaches the welfare check because no one could be reached; ``unattended`` when T2 passes for a client not at
risk and the backup phone was never called.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from safeplan.crisis.rules import types

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

# Organisation defaults when the client has no technology backup plan (seconds; [C], §9).
DEFAULT_RETRY_VIDEO = 60
DEFAULT_CALL_BACKUP = 120
DEFAULT_ESCALATE_AT_RISK = 600
DEFAULT_SUPPORT_PERSON_WINDOW = 300
MAX_TIMER = 3600


@dataclass(frozen=True)
class Timers:
    """Seconds from the moment the connection was lost (support window: from when that step began)."""

    retry_video: int = DEFAULT_RETRY_VIDEO
    call_backup: int = DEFAULT_CALL_BACKUP
    escalate_at_risk: int = DEFAULT_ESCALATE_AT_RISK
    support_person_window: int = DEFAULT_SUPPORT_PERSON_WINDOW


def timer_problems(timers: Timers) -> list[tuple[str, str]]:
    """(field, message) for timers that cannot work: each 1 s to 1 h, and retry ≤ T1 ≤ T2 (§9 order)."""
    problems = []
    for name in ("retry_video", "call_backup", "escalate_at_risk", "support_person_window"):
        value = getattr(timers, name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= MAX_TIMER:
            problems.append((name, f"must be between 1 and {MAX_TIMER} seconds"))
    if not problems:
        if timers.retry_video > timers.call_backup:
            problems.append(("retry_video", "must not be longer than the backup-call timer (T1)"))
        if timers.call_backup > timers.escalate_at_risk:
            problems.append(("call_backup", "must not be longer than the at-risk escalation (T2)"))
    return problems


def at_risk_reasons(
    risk_level: str, *, positive_screen_this_session: bool, clinician_flag: bool
) -> tuple[str, ...]:
    """Why the client counts as at risk for §9 step 4 (flag moderate/high, a positive screen, or the
    clinician's flag). Empty when not at risk."""
    reasons = []
    if risk_level in types.AT_RISK_LEVELS:
        reasons.append(f"risk_flag_{risk_level}")
    if positive_screen_this_session:
        reasons.append("positive_screen")
    if clinician_flag:
        reasons.append("clinician_flag")
    return tuple(reasons)


@dataclass(frozen=True)
class State:
    step: str
    started_at: dt.datetime
    step_since: dt.datetime
    at_risk: bool
    marks: frozenset[str] = field(default_factory=frozenset)
    escalated: str = ""
    outcome: str = ""

    @property
    def finished(self) -> bool:
        return self.step in FINISHED


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


@dataclass(frozen=True)
class Transition:
    state: State
    deadline: dt.datetime | None
    overdue: bool
    escalate: str
    step_changed: bool
    actions: tuple[Action, ...]
    due_marks: tuple[str, ...] = ()  # deadlines that passed in this transition (for the timeline)


def _at(state: State, seconds: int) -> dt.datetime:
    return state.started_at + dt.timedelta(seconds=seconds)


def deadline(state: State, timers: Timers) -> dt.datetime | None:
    """When time alone would next change this state (None: only a person's action can)."""
    if state.step == RETRY_VIDEO:
        return _at(state, timers.retry_video)
    if state.step == CALL_BACKUP:
        if "due:call_backup" not in state.marks:
            return _at(state, timers.call_backup)
        if state.at_risk or not state.escalated:
            return _at(state, timers.escalate_at_risk)
        return None
    if state.step == MESSAGE:
        return _at(state, timers.escalate_at_risk)
    if state.step == CALL_SUPPORT:
        support_due = state.step_since + dt.timedelta(seconds=timers.support_person_window)
        if state.at_risk and not state.escalated:
            return min(support_due, max(_at(state, timers.escalate_at_risk), state.step_since))
        return support_due
    return None


def is_overdue(state: State, now: dt.datetime, timers: Timers) -> bool:
    """The current step should already have been done (the backup call after T1; any step at T2 when at
    risk; the welfare check as soon as it is reached)."""
    if state.step == CALL_BACKUP:
        return now >= _at(state, timers.call_backup)
    if state.step in EARLY_STEPS and state.at_risk:
        return now >= _at(state, timers.escalate_at_risk)
    return state.step == WELFARE_CHECK and "welfare_requested" not in state.marks


def start(now: dt.datetime, timers: Timers, *, at_risk: bool) -> Transition:
    state = State(step=RETRY_VIDEO, started_at=now, step_since=now, at_risk=at_risk)
    return _result(state, now, timers, escalate="", changed=True, due=())


def _move(state: State, step: str, since: dt.datetime, **changes: Any) -> State:
    return replace(state, step=step, step_since=since, **changes)


def _escalated(state: State, reason: str) -> State:
    return state if state.escalated else replace(state, escalated=reason)


def _tick(state: State, now: dt.datetime, timers: Timers) -> tuple[State, list[str]]:
    """Apply every time rule whose moment has come, oldest first."""
    due: list[str] = []
    for _ in range(8):  # each pass applies at most one rule; eight passes cover every chain
        before = state
        t0, t1, t2 = (
            _at(state, timers.retry_video),
            _at(state, timers.call_backup),
            _at(state, timers.escalate_at_risk),
        )
        if state.step == RETRY_VIDEO and now >= t0:
            state = _move(state, CALL_BACKUP, t0)
            due.append(f"due:{CALL_BACKUP}")
        elif state.step == CALL_BACKUP and now >= t1 and "due:call_backup" not in state.marks:
            state = replace(state, marks=state.marks | {"due:call_backup"})
            due.append("overdue:call_backup")
        elif state.at_risk and not state.finished and now >= t2 and not state.escalated:
            state = _escalated(state, "at_risk_unreached")
            if state.step in EARLY_STEPS:
                state = _move(state, CALL_SUPPORT, t2)
                due.append(f"due:{CALL_SUPPORT}")
        elif state.at_risk and state.step in EARLY_STEPS and now >= t2:
            state = _move(state, CALL_SUPPORT, t2)
            due.append(f"due:{CALL_SUPPORT}")
        elif not state.at_risk and state.step == CALL_BACKUP and now >= t2:
            if not state.escalated:
                state = _escalated(state, "unattended")
        elif not state.at_risk and state.step == MESSAGE and now >= t2:
            state = _move(state, FOLLOW_UP, t2, outcome="unreachable")
            due.append(f"due:{FOLLOW_UP}")
        elif state.step == CALL_SUPPORT:
            support_due = state.step_since + dt.timedelta(seconds=timers.support_person_window)
            if now >= support_due:
                state = _escalated(_move(state, WELFARE_CHECK, support_due), "nobody_answered")
                due.append(f"due:{WELFARE_CHECK}")
        if state == before:
            break
    return state, due


def _after_client_attempts(state: State, now: dt.datetime) -> State:
    """The backup call, the message and the second call all failed (§9 step 3 → 4)."""
    if state.at_risk:
        return _move(state, CALL_SUPPORT, now)
    return _move(state, FOLLOW_UP, now, outcome="unreachable")


def _apply(state: State, kind: str, p: Mapping[str, Any], now: dt.datetime) -> State:
    reopenable = state.step == FOLLOW_UP and state.outcome == "unreachable"
    if state.step == RECONNECTED:
        return state
    if (kind == "video_retry" and p.get("outcome") == "reconnected") or kind == "reconnected":
        return _move(state, RECONNECTED, now, outcome="reconnected")
    if kind == "call" and p.get("to") in types.CLIENT_TARGETS:
        if p.get("outcome") in types.REACHED:
            return _move(state, RECONNECTED, now, outcome="reconnected")
        if state.finished:
            return state
        if "backup_called" not in state.marks:
            state = replace(state, marks=state.marks | {"backup_called"})
            return _move(state, MESSAGE, now) if state.step in (RETRY_VIDEO, CALL_BACKUP) else state
        state = replace(state, marks=state.marks | {"second_call"})
        if state.step == MESSAGE and "message_sent" in state.marks:
            return _after_client_attempts(state, now)
        return state
    if kind == "risk_flagged":
        state = replace(state, at_risk=True)
        return _move(state, CALL_SUPPORT, now, outcome="") if reopenable else state
    if state.finished and not reopenable:
        return state
    if kind == "video_retry":
        state = replace(state, marks=state.marks | {"video_retried"})
        return _move(state, CALL_BACKUP, now) if state.step == RETRY_VIDEO else state
    if kind == "message_sent":
        state = replace(state, marks=state.marks | {"message_sent"})
        if state.step == MESSAGE and "second_call" in state.marks:
            return _after_client_attempts(state, now)
        return state
    if kind == "call" and p.get("to") in types.PERSON_TARGETS:
        if p.get("outcome") in types.REACHED:
            state = replace(state, marks=state.marks | {"support_reached"})
            return _move(state, CALL_SUPPORT, now, outcome="")
        return replace(state, marks=state.marks | {"support_called"})
    if kind == "support_person_reached":
        action = p.get("action")
        state = replace(state, marks=state.marks | {"support_reached"})
        if action in ("stay_with_client", "take_to_care"):
            return _move(state, FOLLOW_UP, now, outcome="safe_with_support")
        if action == "check_on_client":
            return _move(state, CALL_SUPPORT, now, outcome="")
        return state
    if kind == "welfare_check_requested":
        state = replace(state, marks=state.marks | {"welfare_requested"}, outcome="")
        state = _escalated(state, "nobody_answered")
        return state if state.step == WELFARE_CHECK else _move(state, WELFARE_CHECK, now)
    if kind == "client_state":
        if p.get("state") in types.SAFE_STATES:
            return _move(state, FOLLOW_UP, now, outcome="client_safe")
        if (
            p.get("state") in ("not_found", "injured", "unresponsive")
            and state.step != WELFARE_CHECK
            and "welfare_requested" not in state.marks
        ):
            return _escalated(_move(state, WELFARE_CHECK, now, outcome=""), "nobody_answered")
        return state
    if kind == "handed_over":
        return _move(state, FOLLOW_UP, now, outcome="handed_over")
    if kind == "step_skipped" and p.get("step") == state.step:
        if state.step == RETRY_VIDEO:
            return _move(state, CALL_BACKUP, now)
        if state.step == CALL_BACKUP:
            return _move(replace(state, marks=state.marks | {"backup_called"}), MESSAGE, now)
        if state.step == MESSAGE:
            return _after_client_attempts(state, now)
        if state.step == CALL_SUPPORT:
            return _escalated(_move(state, WELFARE_CHECK, now), "nobody_answered")
        if state.step == WELFARE_CHECK:
            return _move(state, FOLLOW_UP, now, outcome="unreachable")
    return state


def transition(
    state: State,
    event: str,
    now: dt.datetime,
    timers: Timers,
    payload: Mapping[str, Any] | None = None,
) -> Transition:
    """The next state after ``event`` (a timeline entry kind, or ``tick``) at ``now``.

    Time is applied first: an entry recorded after a deadline lands on the state that deadline produced.
    Afterwards the next deadline is always later than ``now`` (or None).
    """
    if now < state.started_at:
        raise ValueError("an event cannot happen before the connection was lost")
    was = state
    state, due = _tick(state, now, timers)
    if event != "tick":
        state = _apply(state, event, payload or {}, now)
        # An entry can make a moment already passed matter (risk flagged after T2): apply it now.
        state, more = _tick(state, now, timers)
        due += more
    escalate = state.escalated if state.escalated and not was.escalated else ""
    return _result(state, now, timers, escalate=escalate, changed=state.step != was.step, due=due)


def replay(
    started_at: dt.datetime,
    timers: Timers,
    *,
    at_risk: bool,
    events: Sequence[tuple[dt.datetime, str, Mapping[str, Any]]],
    now: dt.datetime,
) -> Transition:
    """Fold a whole timeline through ``transition`` (the same answer as applying it entry by entry)."""
    result = start(started_at, timers, at_risk=at_risk)
    for at, kind, payload in sorted(events, key=lambda e: e[0]):
        result = transition(result.state, kind, max(at, started_at), timers, payload)
    return transition(result.state, "tick", max(now, result.state.step_since), timers)


def _result(
    state: State,
    now: dt.datetime,
    timers: Timers,
    *,
    escalate: str,
    changed: bool,
    due: list[str] | tuple[str, ...],
) -> Transition:
    return Transition(
        state=state,
        deadline=deadline(state, timers),
        overdue=is_overdue(state, now, timers),
        escalate=escalate,
        step_changed=changed,
        actions=actions_for(state),
        due_marks=tuple(due),
    )


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
