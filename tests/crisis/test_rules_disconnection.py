"""The lost-connection state machine (clinical-rules.md §9), every branch, with explicit clocks.

Timers: retry video 60 s, T1 120 s, T2 600 s, support-person window 300 s.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan.crisis.rules import disconnection as d

T0 = dt.datetime(2026, 3, 8, 6, 55, tzinfo=dt.UTC)  # 01:55 EST, minutes before the US DST change
TIMERS = d.Timers(retry_video=60, call_backup=120, escalate_at_risk=600, support_person_window=300)


def at(seconds: float) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


class Run:
    """Feed events to the machine like the services do, keeping the latest transition."""

    def __init__(self, *, at_risk: bool) -> None:
        self.t = d.start(T0, TIMERS, at_risk=at_risk)
        self.escalations: list[str] = []

    def __call__(self, seconds: float, kind: str, **payload: Any) -> d.Transition:
        self.t = d.transition(self.t.state, kind, at(seconds), TIMERS, payload)
        if self.t.escalate:
            self.escalations.append(self.t.escalate)
        return self.t

    @property
    def step(self) -> str:
        return self.t.state.step


def test_start_retries_video_with_the_first_deadline() -> None:
    t = d.start(T0, TIMERS, at_risk=False)
    assert t.state.step == d.RETRY_VIDEO
    assert t.deadline == at(60)
    assert not t.overdue
    labels = [a.label for a in t.actions]
    assert "Video is back" in labels and "Video retry failed" in labels


@pytest.mark.parametrize("at_risk", [False, True])
def test_video_comes_back_at_once(at_risk: bool) -> None:
    run = Run(at_risk=at_risk)
    run(20, "video_retry", outcome="reconnected")
    assert run.step == d.RECONNECTED and run.t.state.outcome == "reconnected"
    assert run.t.deadline is None and run.escalations == []
    # Nothing moves a reconnected protocol again, not even time.
    run(5000, "tick")
    assert run.step == d.RECONNECTED and run.escalations == []


@pytest.mark.parametrize("at_risk", [False, True])
def test_client_answers_the_backup_phone(at_risk: bool) -> None:
    run = Run(at_risk=at_risk)
    run(30, "video_retry", outcome="failed")
    assert run.step == d.CALL_BACKUP and run.t.deadline == at(120)
    run(90, "call", to="client_backup", outcome="answered")
    assert run.step == d.RECONNECTED and run.escalations == []


@pytest.mark.parametrize("at_risk", [False, True])
def test_client_answers_the_second_call_after_the_message(at_risk: bool) -> None:
    run = Run(at_risk=at_risk)
    run(30, "video_retry", outcome="failed")
    run(80, "call", to="client_backup", outcome="no_answer")
    assert run.step == d.MESSAGE and run.t.deadline == at(600)
    run(100, "message_sent", channel="sms", to="client_backup")
    assert run.step == d.MESSAGE
    run(150, "call", to="client_backup", outcome="answered")
    assert run.step == d.RECONNECTED and run.escalations == []


def test_not_at_risk_nobody_answers_goes_to_follow_up_without_escalation() -> None:
    run = Run(at_risk=False)
    run(30, "video_retry", outcome="failed")
    run(80, "call", to="client_backup", outcome="no_answer")
    run(100, "message_sent", channel="sms", to="client_backup")
    run(160, "call", to="client_backup", outcome="voicemail")
    assert run.step == d.FOLLOW_UP and run.t.state.outcome == "unreachable"
    assert run.t.deadline is None and run.escalations == []
    # A reconnect afterwards still ends it as reconnected.
    run(900, "reconnected", channel="client_called")
    assert run.step == d.RECONNECTED


def test_not_at_risk_time_alone_reaches_follow_up_at_t2() -> None:
    run = Run(at_risk=False)
    run(30, "video_retry", outcome="failed")
    run(80, "call", to="client_backup", outcome="no_answer")
    run(599, "tick")
    assert run.step == d.MESSAGE
    run(600, "tick")
    assert run.step == d.FOLLOW_UP and run.t.state.outcome == "unreachable"
    assert run.t.due_marks == (f"due:{d.FOLLOW_UP}",)
    assert run.escalations == []


def test_at_risk_all_calls_fail_before_t2_goes_to_the_support_person() -> None:
    run = Run(at_risk=True)
    run(30, "video_retry", outcome="failed")
    run(80, "call", to="client_backup", outcome="no_answer")
    run(100, "message_sent", channel="secure_message", to="client")
    run(160, "call", to="client_backup", outcome="no_answer")
    assert run.step == d.CALL_SUPPORT
    # The support person step has its window from when it began; it ends before T2 here.
    assert run.t.deadline == at(160 + 300)
    assert run.escalations == []
    run(459, "tick")
    assert run.step == d.CALL_SUPPORT and run.escalations == []
    run(460, "tick")
    assert run.step == d.WELFARE_CHECK and run.escalations == ["nobody_answered"]


def test_at_risk_support_step_before_t2_escalates_at_t2_if_still_unreached() -> None:
    run = Run(at_risk=True)
    run(20, "video_retry", outcome="failed")
    run(40, "call", to="client_backup", outcome="no_answer")
    run(50, "message_sent", channel="sms", to="client_backup")
    run(400, "call", to="client_backup", outcome="no_answer")
    assert run.step == d.CALL_SUPPORT and run.t.deadline == at(600)
    run(600, "tick")
    assert run.escalations == ["at_risk_unreached"] and run.step == d.CALL_SUPPORT
    assert run.t.deadline == at(700)


def test_at_risk_support_person_answers_and_finds_the_client_safe() -> None:
    run = Run(at_risk=True)
    run(30, "video_retry", outcome="failed")
    run(80, "call", to="client_backup", outcome="no_answer")
    run(100, "message_sent", channel="sms", to="client_backup")
    run(160, "call", to="client_backup", outcome="no_answer")
    run(200, "call", to="support_person", outcome="answered", support_person_id=4)
    assert run.step == d.CALL_SUPPORT and "support_reached" in run.t.state.marks
    run(220, "support_person_reached", action="check_on_client")
    # The support person has the window from when they were reached (T2 comes first: escalation).
    assert run.t.deadline == at(520)
    run(400, "client_state", state="safe")
    assert run.step == d.FOLLOW_UP and run.t.state.outcome == "client_safe"
    assert run.escalations == []


def test_at_risk_support_person_stays_with_the_client() -> None:
    run = Run(at_risk=True)
    run(10, "step_skipped", step=d.RETRY_VIDEO, reason="no video app")
    assert run.step == d.CALL_BACKUP
    run(20, "step_skipped", step=d.CALL_BACKUP, reason="backup phone broken")
    run(30, "step_skipped", step=d.MESSAGE, reason="no phone")
    assert run.step == d.CALL_SUPPORT
    run(60, "support_person_reached", action="stay_with_client", support_person_id=2)
    assert run.step == d.FOLLOW_UP and run.t.state.outcome == "safe_with_support"


def test_at_risk_nobody_answers_escalates_and_reaches_the_welfare_check() -> None:
    run = Run(at_risk=True)
    run(61, "tick")
    assert run.step == d.CALL_BACKUP and run.t.due_marks == (f"due:{d.CALL_BACKUP}",)
    run(121, "tick")
    assert (
        run.step == d.CALL_BACKUP and run.t.overdue and run.t.due_marks == ("overdue:call_backup",)
    )
    run(130, "call", to="client_backup", outcome="no_answer")
    run(200, "call", to="client_backup", outcome="busy")
    assert run.step == d.MESSAGE  # the message has not been sent yet
    run(600, "tick")
    assert run.step == d.CALL_SUPPORT and run.escalations == ["at_risk_unreached"]
    run(650, "call", to="support_person", outcome="no_answer", support_person_id=1)
    assert run.step == d.CALL_SUPPORT and run.t.deadline == at(900)
    run(900, "tick")
    assert run.step == d.WELFARE_CHECK and run.t.overdue
    assert run.escalations == ["at_risk_unreached"]  # escalated once only
    labels = {a.label: a for a in run.t.actions}
    assert labels["Welfare check requested"].target == "psap"
    assert labels["Welfare check requested"].form
    run(930, "welfare_check_requested", agency="County 911", number="+1 508 555 0100")
    assert run.step == d.WELFARE_CHECK and not run.t.overdue
    run(1500, "client_state", state="with_responders")
    assert run.step == d.FOLLOW_UP and run.t.state.outcome == "client_safe"


def test_at_risk_quick_clinician_nobody_answers_escalates_as_nobody_answered() -> None:
    run = Run(at_risk=True)
    run(20, "video_retry", outcome="failed")
    run(40, "call", to="client_backup", outcome="no_answer")
    run(50, "message_sent", channel="sms", to="client_backup")
    run(70, "call", to="client_backup", outcome="no_answer")
    run(90, "call", to="support_person", outcome="no_answer")
    run(100, "step_skipped", step=d.CALL_SUPPORT, reason="second support person has no phone")
    assert run.step == d.WELFARE_CHECK and run.escalations == ["nobody_answered"]
    run(600, "tick")
    assert run.escalations == ["nobody_answered"]


def test_late_tick_applies_every_deadline_in_order() -> None:
    run = Run(at_risk=True)
    run(5000, "tick")
    assert run.step == d.WELFARE_CHECK
    assert run.t.due_marks == (
        f"due:{d.CALL_BACKUP}",
        "overdue:call_backup",
        f"due:{d.CALL_SUPPORT}",
        f"due:{d.WELFARE_CHECK}",
    )
    assert run.escalations == ["at_risk_unreached"]


def test_not_at_risk_unattended_protocol_escalates_at_t2() -> None:
    run = Run(at_risk=False)
    run(599, "tick")
    assert run.step == d.CALL_BACKUP and run.escalations == []
    assert run.t.deadline == at(600)
    run(600, "tick")
    assert run.escalations == ["unattended"] and run.step == d.CALL_BACKUP
    assert run.t.deadline is None


def test_clinician_flags_risk_mid_protocol() -> None:
    run = Run(at_risk=False)
    run(30, "video_retry", outcome="failed")
    run(80, "call", to="client_backup", outcome="no_answer")
    run(100, "message_sent", channel="sms", to="client_backup")
    run(160, "call", to="client_backup", outcome="no_answer")
    assert run.step == d.FOLLOW_UP
    assert any(a.kind == "risk_flagged" for a in run.t.actions)
    run(300, "risk_flagged")
    assert run.t.state.at_risk and run.step == d.CALL_SUPPORT
    assert not any(a.kind == "risk_flagged" for a in run.t.actions)
    run(600, "tick")
    assert run.escalations == ["at_risk_unreached"]


def test_risk_flagged_after_t2_escalates_at_once() -> None:
    run = Run(at_risk=False)
    run(30, "video_retry", outcome="failed")
    run(80, "call", to="client_backup", outcome="no_answer")
    run(590, "tick")
    run(
        700, "risk_flagged"
    )  # time ticks first: not at risk at 600 → follow-up; then the flag reopens
    assert run.step == d.CALL_SUPPORT
    assert run.escalations == ["at_risk_unreached"]  # T2 has passed: the supervisor is told at once
    assert run.t.deadline == at(1000)


def test_handover_and_skipping_the_welfare_check() -> None:
    run = Run(at_risk=True)
    run(5000, "tick")
    run(5010, "handed_over", to="emergency_department")
    assert run.step == d.FOLLOW_UP and run.t.state.outcome == "handed_over"
    other = Run(at_risk=True)
    other(5000, "tick")
    other(5010, "step_skipped", step=d.WELFARE_CHECK, reason="no imminent risk suspected")
    assert other.step == d.FOLLOW_UP and other.t.state.outcome == "unreachable"


def test_support_person_not_finding_the_client_leads_to_the_welfare_check() -> None:
    run = Run(at_risk=True)
    run(10, "step_skipped", step=d.RETRY_VIDEO, reason="x")
    run(20, "step_skipped", step=d.CALL_BACKUP, reason="x")
    run(30, "step_skipped", step=d.MESSAGE, reason="x")
    run(40, "support_person_reached", action="check_on_client")
    run(200, "client_state", state="not_found")
    assert run.step == d.WELFARE_CHECK and run.escalations == ["nobody_answered"]


def test_event_before_the_drop_is_refused() -> None:
    t = d.start(T0, TIMERS, at_risk=False)
    with pytest.raises(ValueError):
        d.transition(t.state, "tick", at(-1), TIMERS)


def test_timer_problems() -> None:
    assert d.timer_problems(TIMERS) == []
    assert d.timer_problems(d.Timers(retry_video=0)) == [
        ("retry_video", "must be between 1 and 3600 seconds")
    ]
    assert d.timer_problems(d.Timers(retry_video=200, call_backup=120)) == [
        ("retry_video", "must not be longer than the backup-call timer (T1)")
    ]
    assert d.timer_problems(d.Timers(call_backup=700, escalate_at_risk=600)) == [
        ("call_backup", "must not be longer than the at-risk escalation (T2)")
    ]


def test_at_risk_reasons() -> None:
    assert d.at_risk_reasons("none", positive_screen_this_session=False, clinician_flag=False) == ()
    assert d.at_risk_reasons("low", positive_screen_this_session=False, clinician_flag=False) == ()
    assert d.at_risk_reasons(
        "moderate", positive_screen_this_session=False, clinician_flag=False
    ) == ("risk_flag_moderate",)
    assert d.at_risk_reasons("high", positive_screen_this_session=True, clinician_flag=True) == (
        "risk_flag_high",
        "positive_screen",
        "clinician_flag",
    )
    assert d.at_risk_reasons("low", positive_screen_this_session=True, clinician_flag=False) == (
        "positive_screen",
    )


EVENTS = st.sampled_from(
    [
        ("tick", {}),
        ("video_retry", {"outcome": "failed"}),
        ("call", {"to": "client_backup", "outcome": "no_answer"}),
        ("call", {"to": "support_person", "outcome": "no_answer"}),
        ("call", {"to": "support_person", "outcome": "answered"}),
        ("message_sent", {"channel": "sms"}),
        ("support_person_reached", {"action": "check_on_client"}),
        ("client_state", {"state": "distressed"}),
        ("welfare_check_requested", {"agency": "x", "number": "1"}),
        ("note", {"text": "x"}),
        ("risk_flagged", {}),
    ]
)


@settings(max_examples=300, deadline=None)
@given(
    at_risk=st.booleans(),
    steps=st.lists(st.tuples(st.integers(0, 400), EVENTS), max_size=12),
)
def test_properties(at_risk: bool, steps: list[tuple[int, tuple[str, dict[str, Any]]]]) -> None:
    """Whatever happens: at most one escalation; the next deadline is always after now;
    a client at risk who is never reached is escalated by T2; replay equals step-by-step application."""
    run = Run(at_risk=at_risk)
    clock = 0
    events = []
    for gap, (kind, payload) in steps:
        clock += gap
        run(clock, kind, **payload)
        events.append((at(clock), kind, payload))
        assert len(run.escalations) <= 1
        assert run.t.deadline is None or run.t.deadline > at(clock)
    final = run(max(clock, 600), "tick")
    if final.state.at_risk and final.state.step not in d.FINISHED:
        assert final.state.escalated
    replayed = d.replay(T0, TIMERS, at_risk=at_risk, events=events, now=at(max(clock, 600)))
    assert replayed.state == final.state
