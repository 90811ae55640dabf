"""The pure rules of the emergency plan: gate, minors, jurisdiction, consent, addresses, timers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.telehealth import rules

UTC = dt.UTC
FULL = {
    "location": 12,
    "callback_phone": "+16175550142",
    "privacy.alone": True,
    "privacy.private_place": True,
}
MINOR = {**FULL, "safe_adult.guardian_id": 4, "safe_adult.status": "present"}


def test_complete_adult_answers_leave_nothing_missing() -> None:
    assert rules.gate_missing(FULL, is_minor=False) == []


@pytest.mark.parametrize("name", rules.GATE_FIELDS)
def test_each_missing_answer_is_named(name: str) -> None:
    answers = {k: v for k, v in FULL.items() if k != name}
    assert rules.gate_missing(answers, is_minor=False) == [name]
    blank = {**FULL, name: "  " if name == "callback_phone" else None}
    assert rules.gate_missing(blank, is_minor=False) == [name]


def test_everything_missing_in_checklist_order() -> None:
    assert rules.gate_missing({}, is_minor=True) == [
        "location",
        "callback_phone",
        "privacy.alone",
        "privacy.private_place",
        "safe_adult.guardian_id",
        "safe_adult.status",
        "excluded_person_present",
    ]


def test_privacy_false_is_an_answer_but_then_who_is_present_is_needed() -> None:
    answers = {**FULL, "privacy.alone": False, "privacy.private_place": False}
    assert rules.gate_missing(answers, is_minor=False) == ["privacy.others_present"]
    answers["privacy.others_present"] = "partner in the next room"
    assert rules.gate_missing(answers, is_minor=False) == []


def test_minor_needs_safe_adult_and_excluded_answer() -> None:
    assert rules.gate_missing(MINOR, is_minor=True) == ["excluded_person_present"]
    assert rules.gate_missing(MINOR, is_minor=True, excluded_persons_recorded=False) == []
    assert rules.gate_missing({**MINOR, "excluded_person_present": False}, is_minor=True) == []
    assert rules.gate_missing(FULL, is_minor=True, excluded_persons_recorded=False) == [
        "safe_adult.guardian_id",
        "safe_adult.status",
    ]


def test_excluded_person_present_refuses_the_start() -> None:
    answers = {**MINOR, "excluded_person_present": True}
    assert rules.gate_missing(answers, is_minor=True) == []
    assert [f for f, _ in rules.gate_refusals(answers, is_minor=True)] == [
        "excluded_person_present"
    ]
    assert rules.gate_refusals({**MINOR, "safe_adult.status": "asleep"}, is_minor=True) == [
        ("safe_adult.status", "must be present or reachable")
    ]
    assert rules.gate_refusals(answers, is_minor=False) == []


@pytest.mark.parametrize(
    ("dob", "day", "age"),
    [
        (dt.date(2011, 8, 30), dt.date(2029, 8, 29), 17),
        (dt.date(2011, 8, 30), dt.date(2029, 8, 30), 18),
        (dt.date(2008, 2, 29), dt.date(2026, 2, 28), 17),
        (dt.date(2008, 2, 29), dt.date(2026, 3, 1), 18),
    ],
)
def test_age_on_birthdays(dob: dt.date, day: dt.date, age: int) -> None:
    assert rules.age_on(dob, day) == age


def test_minor_threshold_default_and_overrides() -> None:
    assert rules.minor_age_threshold("US-MA") == 18
    overrides = {"US-AL": 19, "US": 18, "GB": 16, "US-MS": "21"}
    assert rules.minor_age_threshold("US-AL", overrides) == 19
    assert rules.minor_age_threshold("us-tx", overrides) == 18
    assert rules.minor_age_threshold("GB-ENG", overrides) == 16
    assert rules.minor_age_threshold("US-MS", overrides) == 18  # malformed value ignored
    assert rules.is_minor(17, 18) and not rules.is_minor(18, 18)


def test_jurisdiction_matching() -> None:
    assert rules.jurisdiction_code("us", "ma") == "US-MA"
    assert rules.jurisdiction_code("GB") == "GB"
    assert rules.is_licensed_for(["US-MA"], "US-MA")
    assert not rules.is_licensed_for(["US-MA"], "US-NY")
    assert rules.is_licensed_for(["GB"], "GB-ENG")
    assert not rules.is_licensed_for([], "US-MA")
    assert rules.jurisdiction_warning(["US-MA"], "US-MA", "Dr X") == ""
    warning = rules.jurisdiction_warning(["US-MA", "US-NH"], "US-TX", "Dr X")
    assert warning.startswith("The client is in US-TX; Dr X is licensed in US-MA, US-NH.")
    assert "no jurisdiction on record" in rules.jurisdiction_warning([], "GB", "Dr X")


def test_consent_status() -> None:
    at = dt.datetime(2026, 3, 1, 15, 0, tzinfo=UTC)
    day = dt.date(2026, 3, 1)
    base = {"signed_on": dt.date(2026, 1, 5), "expires_on": None, "revoked_at": None}
    assert rules.consent_status(**base, at=at, day=day) == "active"
    assert rules.consent_status(**{**base, "expires_on": day}, at=at, day=day) == "active"
    assert (
        rules.consent_status(**{**base, "expires_on": dt.date(2026, 2, 28)}, at=at, day=day)
        == "expired"
    )
    revoked = {**base, "revoked_at": at - dt.timedelta(minutes=1)}
    assert rules.consent_status(**revoked, at=at, day=day) == "revoked"
    later = {**base, "revoked_at": at + dt.timedelta(days=1)}
    assert rules.consent_status(**later, at=at, day=day) == "active"
    assert (
        rules.consent_status(signed_on=None, expires_on=None, revoked_at=None, at=at, day=day)
        == "none"
    )
    # 15:00 UTC on 1 March is already 2 March at UTC+14: signed "today" there, so in effect.
    east = {**base, "signed_on": dt.date(2026, 3, 2)}
    assert rules.consent_status(**east, at=at, day=day) == "active"
    future = {**base, "signed_on": dt.date(2026, 3, 3)}
    assert rules.consent_status(**future, at=at, day=day) == "not_yet_signed"
    before_ten = dt.datetime(2026, 3, 1, 9, 59, tzinfo=UTC)
    assert rules.consent_status(**east, at=before_ten, day=day) == "not_yet_signed"


def test_address_problems() -> None:
    ok = {
        "street": "55 Fruit St",
        "city": "Boston",
        "region": "MA",
        "postcode": "02114",
        "country": "US",
    }
    assert rules.address_problems(ok) == []
    assert [f for f, _ in rules.address_problems({**ok, "street": " "})] == ["street"]
    assert [f for f, _ in rules.address_problems({**ok, "country": ""})] == ["country"]
    assert [f for f, _ in rules.address_problems({**ok, "postcode": "2114"})] == ["postcode"]
    assert [f for f, _ in rules.address_problems({**ok, "region": "ZZ"})] == ["region"]
    gb = {"street": "1 Example Rd", "city": "London", "postcode": "SW1A 1AA", "country": "GB"}
    assert rules.address_problems(gb) == []
    assert [f for f, _ in rules.address_problems({**gb, "postcode": "12345"})] == ["postcode"]


def test_backup_timers() -> None:
    ok = {
        "retry_video_seconds": 60,
        "call_backup_within_seconds": 120,
        "escalate_when_at_risk_after_seconds": 600,
    }
    assert rules.backup_timer_problems(**ok) == []
    assert [
        f
        for f, _ in rules.backup_timer_problems(
            **{**ok, "escalate_when_at_risk_after_seconds": 120}
        )
    ] == ["escalate_when_at_risk_after_seconds"]
    assert [f for f, _ in rules.backup_timer_problems(**{**ok, "retry_video_seconds": 180})] == [
        "retry_video_seconds"
    ]
    assert [
        f for f, _ in rules.backup_timer_problems(**{**ok, "call_backup_within_seconds": 5})
    ] == ["call_backup_within_seconds"]


# --- Availability (boundaries) -------------------------------------------------------------------------------

WEEKDAYS_9_TO_5 = [{"day": d, "start": "09:00", "end": "17:00"} for d in range(5)]
NY = "America/New_York"


def test_within_availability_in_clinician_time() -> None:
    # Monday 2026-03-02 14:00 UTC = 09:00 in New York (EST): inside; 13:59 UTC: outside.
    assert rules.is_within_availability(
        WEEKDAYS_9_TO_5, dt.datetime(2026, 3, 2, 14, tzinfo=UTC), NY
    )
    assert not rules.is_within_availability(
        WEEKDAYS_9_TO_5, dt.datetime(2026, 3, 2, 13, 59, tzinfo=UTC), NY
    )
    # 22:00 UTC = 17:00 EST: the end is exclusive.
    assert not rules.is_within_availability(
        WEEKDAYS_9_TO_5, dt.datetime(2026, 3, 2, 22, tzinfo=UTC), NY
    )
    # After the DST change (EDT, UTC-4) 09:00 local is 13:00 UTC.
    assert rules.is_within_availability(
        WEEKDAYS_9_TO_5, dt.datetime(2026, 3, 9, 13, tzinfo=UTC), NY
    )
    with pytest.raises(ValueError):
        rules.is_within_availability(WEEKDAYS_9_TO_5, dt.datetime(2026, 3, 9, 13), NY)


def test_next_available_after_hours_and_weekend() -> None:
    friday_evening = dt.datetime(2026, 3, 6, 23, 30, tzinfo=UTC)  # Fri 18:30 EST
    # Next: Monday 9 March 09:00 EDT (DST began Sunday 8 March) = 13:00 UTC.
    assert rules.next_available(WEEKDAYS_9_TO_5, friday_evening, NY) == dt.datetime(
        2026, 3, 9, 13, tzinfo=UTC
    )
    inside = dt.datetime(2026, 3, 9, 15, tzinfo=UTC)
    assert rules.next_available(WEEKDAYS_9_TO_5, inside, NY) == inside
    assert rules.next_available([], inside, NY) is None


def test_window_in_the_dst_gap_opens_when_the_clock_exists() -> None:
    sunday_night = [{"day": 6, "start": "02:00", "end": "04:00"}]
    before = dt.datetime(2026, 3, 8, 5, tzinfo=UTC)  # Sun 00:00 EST
    opens = rules.next_available(sunday_night, before, NY)
    assert opens == dt.datetime(2026, 3, 8, 7, tzinfo=UTC)  # 03:00 EDT, first wall time that exists
    assert rules.is_within_availability(sunday_night, opens, NY)
    # London: clocks jump 01:00 GMT -> 02:00 BST; a 01:30-02:30 window opens at the jump.
    london = [{"day": 6, "start": "01:30", "end": "02:30"}]
    opens = rules.next_available(
        london, dt.datetime(2026, 3, 29, 0, 0, tzinfo=UTC), "Europe/London"
    )
    assert opens == dt.datetime(2026, 3, 29, 1, 0, tzinfo=UTC)


@given(
    st.datetimes(
        min_value=dt.datetime(2024, 1, 1),
        max_value=dt.datetime(2030, 12, 31),
        timezones=st.just(UTC),
    ),
    st.sampled_from(["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata"]),
)
def test_next_available_is_inside_and_not_before(when: dt.datetime, tz: str) -> None:
    hours = [*WEEKDAYS_9_TO_5, {"day": 6, "start": "01:30", "end": "02:30"}]
    result = rules.next_available(hours, when, tz)
    assert result is not None
    assert result >= when
    assert rules.is_within_availability(hours, result, tz)
    # Nothing earlier on a 5-minute grid is available.
    probe = when
    while probe < result:
        assert not rules.is_within_availability(hours, probe, tz)
        probe += dt.timedelta(minutes=5)


def test_check_hours() -> None:
    assert rules.check_hours(WEEKDAYS_9_TO_5) == []
    assert rules.check_hours([{"day": 0, "start": "00:00", "end": "24:00"}]) == []
    assert rules.check_hours("9-5") == [("hours", "must be a list of weekly windows")]
    assert [f for f, _ in rules.check_hours([{"day": 7, "start": "09:00", "end": "10:00"}])] == [
        "hours.0.day"
    ]
    assert [f for f, _ in rules.check_hours([{"day": 1, "start": "18:00", "end": "09:00"}])] == [
        "hours.0.end"
    ]
    overlap = [
        {"day": 1, "start": "09:00", "end": "12:00"},
        {"day": 1, "start": "11:00", "end": "13:00"},
    ]
    assert [f for f, _ in rules.check_hours(overlap)] == ["hours.1.start"]


def test_hours_shown_in_the_client_time_zone() -> None:
    la_hours = [{"day": 0, "start": "09:00", "end": "17:00"}]
    shown = rules.hours_for_client(
        la_hours, "America/Los_Angeles", "Europe/London", dt.date(2026, 7, 1)
    )
    (start, end) = shown[0]
    assert (start.strftime("%a %H:%M"), end.strftime("%a %H:%M")) == ("Mon 17:00", "Tue 01:00")
    assert str(start.tzinfo) == "Europe/London"
