"""Pure follow-up rules: cadence, quiet hours across DST, the ladder, caring-contact schedule and catch-up."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan.followup import rules

NY = ZoneInfo("America/New_York")
UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


# --- cadence ------------------------------------------------------------------------------------------


def test_default_cadence_by_level() -> None:
    assert {lvl: rules.cadence_days(lvl) for lvl in rules.LEVELS} == {
        "none": 28,
        "low": 14,
        "moderate": 7,
        "high": 2,
    }


def test_organisation_cadence_overrides_and_bad_values_fall_back() -> None:
    assert rules.cadence_days("high", {"high": 1}) == 1
    assert rules.cadence_days("high", {"high": 0}) == 2
    assert rules.cadence_days("moderate", {"moderate": "7"}) == 7
    assert rules.cadence_days("unknown-level") == 28


@pytest.mark.parametrize("bad", [0, -1, 366, True, "7", 2.5, None])
def test_interval_must_be_1_to_365_days(bad: object) -> None:
    with pytest.raises(rules.RuleError) as err:
        rules.check_interval(bad)
    assert err.value.field == "interval_days"


def test_unknown_time_zone() -> None:
    with pytest.raises(rules.RuleError) as err:
        rules.zone("Mars/Olympus_Mons")
    assert err.value.field == "time_zone"


# --- DST (America/New_York: clocks go forward 2026-03-08 02:00, back 2026-11-01 02:00) ------------------


def test_a_week_across_spring_forward_keeps_the_wall_clock() -> None:
    start = utc(2026, 3, 5, 15, 0)  # Thursday 10:00 EST
    due = rules.add_days_local(start, 7, NY)
    assert due == utc(2026, 3, 12, 14, 0)  # Thursday 10:00 EDT
    assert due - start == dt.timedelta(hours=167)


def test_two_days_across_fall_back_keeps_the_wall_clock() -> None:
    start = utc(2026, 10, 31, 13, 0)  # Saturday 09:00 EDT
    due = rules.add_days_local(start, 2, NY)
    assert due.astimezone(NY).hour == 9
    assert due - start == dt.timedelta(hours=49)


def test_time_in_the_spring_gap_moves_to_the_end_of_the_gap() -> None:
    assert rules.local_wall(dt.date(2026, 3, 8), dt.time(2, 30), NY) == utc(2026, 3, 8, 7, 0)


def test_repeated_hour_resolves_to_its_first_occurrence() -> None:
    assert rules.local_wall(dt.date(2026, 11, 1), dt.time(1, 30), NY) == utc(2026, 11, 1, 5, 30)


# --- quiet hours ------------------------------------------------------------------------------------------

Q21, Q08 = dt.time(21, 0), dt.time(8, 0)


def test_quiet_hours_end_the_morning_after_spring_forward() -> None:
    late = utc(2026, 3, 8, 4, 30)  # Saturday 23:30 EST
    assert rules.outside_quiet_hours(late, NY, Q21, Q08) == utc(2026, 3, 8, 12, 0)  # 08:00 EDT


def test_quiet_hours_end_the_morning_after_fall_back() -> None:
    late = utc(2026, 11, 1, 3, 30)  # Saturday 23:30 EDT
    assert rules.outside_quiet_hours(late, NY, Q21, Q08) == utc(2026, 11, 1, 13, 0)  # 08:00 EST


def test_early_morning_is_quiet_until_eight_the_same_day() -> None:
    early = utc(2026, 6, 10, 10, 0)  # 06:00 EDT
    assert rules.outside_quiet_hours(early, NY, Q21, Q08) == utc(2026, 6, 10, 12, 0)


def test_daytime_is_not_quiet() -> None:
    noon = utc(2026, 6, 10, 16, 0)
    assert rules.outside_quiet_hours(noon, NY, Q21, Q08) == noon


def test_quiet_hours_inside_one_day() -> None:
    # 13:00–14:00 quiet (a daily rest), 13:30 → 14:00
    when = utc(2026, 6, 10, 17, 30)
    assert rules.outside_quiet_hours(when, NY, dt.time(13), dt.time(14)) == utc(2026, 6, 10, 18)


@pytest.mark.parametrize(
    ("start", "end"),
    [(dt.time(8), dt.time(8)), (dt.time(0, 0), dt.time(23, 30)), (dt.time(22), None)],
)
def test_quiet_hours_that_cover_the_day_or_half_given_are_refused(
    start: dt.time | None, end: dt.time | None
) -> None:
    with pytest.raises(rules.RuleError) as err:
        rules.check_quiet_hours(start, end)
    assert err.value.field == "quiet_end"


def test_no_quiet_hours_is_allowed() -> None:
    rules.check_quiet_hours(None, None)
    assert rules.outside_quiet_hours(utc(2026, 1, 1, 5), NY, None, None) == utc(2026, 1, 1, 5)


@settings(max_examples=300, deadline=None)
@given(
    when=st.datetimes(
        min_value=dt.datetime(2024, 1, 1),
        max_value=dt.datetime(2028, 12, 31),
        timezones=st.just(UTC),
    ),
    tz=st.sampled_from(["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata"]),
    start=st.integers(0, 23),
    length=st.integers(1, 22),
)
def test_result_is_never_earlier_and_never_quiet(
    when: dt.datetime, tz: str, start: int, length: int
) -> None:
    zone = ZoneInfo(tz)
    q_start = dt.time(start)
    q_end = dt.time((start + length) % 24)
    allowed = rules.outside_quiet_hours(when, zone, q_start, q_end)
    assert allowed >= when
    assert not rules.in_quiet_hours(allowed.astimezone(zone).time(), q_start, q_end)
    assert allowed - when <= dt.timedelta(hours=length + 1)


# --- the ladder -------------------------------------------------------------------------------------------

LADDER = rules.LadderSettings(
    missed_after=dt.timedelta(hours=24), supervisor_after=dt.timedelta(hours=4)
)
DUE = utc(2026, 6, 10, 14)


def _step(state: str, now: dt.datetime, acknowledged: bool = False) -> rules.Step | None:
    return rules.next_step(
        state=state, due_at=DUE, now=now, acknowledged=acknowledged, ladder=LADDER
    )


def test_ladder_walks_up() -> None:
    s = _step("due", DUE)
    assert s == rules.Step("reminded", "remind", DUE + dt.timedelta(hours=24))
    assert _step("reminded", DUE + dt.timedelta(hours=23)) is None
    missed_at = DUE + dt.timedelta(hours=24)
    assert _step("reminded", missed_at) == rules.Step("missed", "mark_missed", missed_at)
    assert _step("missed", missed_at) == rules.Step(
        "clinician_alerted", "alert_clinician", missed_at + dt.timedelta(hours=4)
    )
    later = missed_at + dt.timedelta(hours=4)
    assert _step("clinician_alerted", later) == rules.Step(
        "supervisor_alerted", "alert_supervisor", None
    )


def test_acknowledged_alert_stops_the_ladder() -> None:
    later = DUE + dt.timedelta(hours=28)
    assert _step("clinician_alerted", later, acknowledged=True) == rules.Step(
        "clinician_alerted", "stop", None
    )


def test_finished_states_have_no_step() -> None:
    for state in ("supervisor_alerted", "completed", "closed", "cancelled"):
        assert _step(state, DUE + dt.timedelta(days=9)) is None


def test_a_late_reminder_still_gives_the_client_time_before_missed() -> None:
    # The worker was down: reminding at due+30h must not mark it missed in the same breath.
    late = DUE + dt.timedelta(hours=30)
    step = _step("due", late)
    assert step is not None and step.next_action_at == late


# --- answers ---------------------------------------------------------------------------------------------


def test_answers_are_checked_and_risk_found() -> None:
    good = {"mood": 4, "urges": 8, "safe_now": True, "used_plan": True, "plan_helped": "somewhat"}
    clean = rules.check_answers(good)
    assert clean["changes"] == "" and clean["plan_helped"] == "somewhat"
    assert rules.risk_reasons(clean) == ["strong_urges"]
    assert rules.risk_reasons({**clean, "urges": 6}) == []
    assert rules.risk_reasons({**clean, "urges": 0, "safe_now": False}) == ["not_safe_now"]
    assert rules.risk_reasons({**clean, "urges": 6}, urge_alert=5) == ["strong_urges"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"mood": 11}, "mood"),
        ({"mood": -1}, "mood"),
        ({"urges": "3"}, "urges"),
        ({"safe_now": None}, "safe_now"),
        ({"used_plan": "yes"}, "used_plan"),
        ({"plan_helped": "maybe"}, "plan_helped"),
        ({"changes": "x" * 2001}, "changes"),
    ],
)
def test_bad_answers_name_the_field(change: dict[str, object], field: str) -> None:
    answers = {"mood": 4, "urges": 2, "safe_now": True, "used_plan": True, "plan_helped": "yes"}
    answers.update(change)
    with pytest.raises(rules.RuleError) as err:
        rules.check_answers(answers)
    assert err.value.field == field


# --- caring contacts (clinical-rules.md §7.2) -------------------------------------------------------------


def test_default_caring_schedule_is_weekly_4_monthly_to_4_then_every_2_to_12() -> None:
    start = utc(2026, 1, 15, 19)  # 14:00 EST
    times = rules.caring_schedule(start, NY)
    local = [t.astimezone(NY) for t in times]
    assert [d.date().isoformat() for d in local] == [
        "2026-01-22",
        "2026-01-29",
        "2026-02-05",
        "2026-02-12",
        "2026-03-15",
        "2026-04-15",
        "2026-05-15",
        "2026-07-15",
        "2026-09-15",
        "2026-11-15",
        "2027-01-15",
    ]
    assert all(d.hour == 10 and d.minute == 0 for d in local), (
        "10:00 on the client's clock, DST or not"
    )


def test_months_clamp_to_the_end_of_the_month() -> None:
    assert rules.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert rules.add_months(dt.date(2027, 12, 31), 2) == dt.date(2028, 2, 29)


def test_on_time_note_goes_now() -> None:
    planned = utc(2026, 6, 10, 14)
    now = planned + dt.timedelta(minutes=3)
    assert rules.caring_send_time(planned=planned, now=now, tz=NY) == now


def test_late_note_moves_to_the_next_slot() -> None:
    planned = utc(2026, 6, 10, 14)  # 10:00 EDT
    now = planned + dt.timedelta(hours=13)  # 23:00 EDT
    assert rules.caring_send_time(planned=planned, now=now, tz=NY) == utc(2026, 6, 11, 14)


def test_notes_are_never_burst_sent_after_a_gap() -> None:
    # The worker was down for three weeks: the first overdue note goes on the next slot, and the next
    # one must wait three days after it.
    now = utc(2026, 2, 20, 12)
    first = rules.caring_send_time(planned=utc(2026, 1, 29, 15), now=now, tz=NY)
    assert first == utc(2026, 2, 20, 15)
    second = rules.caring_send_time(planned=utc(2026, 2, 5, 15), now=first, tz=NY, last_sent=first)
    assert second == utc(2026, 2, 23, 15)
