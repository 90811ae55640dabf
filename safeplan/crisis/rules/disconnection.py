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
from safeplan.crisis.rules.disconnection_steps import (  # noqa: F401  (re-exported)
    ACTIVE_STEPS,
    CALL_BACKUP,
    CALL_SUPPORT,
    EARLY_STEPS,
    FINISHED,
    FOLLOW_UP,
    MESSAGE,
    RECONNECTED,
    RETRY_VIDEO,
    STEP_TITLES,
    STEPS,
    WELFARE_CHECK,
    Action,
    actions_for,
)

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
