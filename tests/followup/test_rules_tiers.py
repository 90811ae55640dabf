"""Properties of the rules behind follow-up that follows risk (issue 12), with hypothesis."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from safeplan.followup import rules

days = st.integers(min_value=1, max_value=rules.MAX_INTERVAL_DAYS)
hours = st.one_of(
    st.integers(min_value=-5, max_value=400), st.floats(allow_nan=False, allow_infinity=False)
)


@given(fixed=st.one_of(st.none(), days), cap=days, confirmed=st.booleans())
def test_tightening_never_loosens_and_caps_unless_confirmed(
    fixed: int | None, cap: int, confirmed: bool
) -> None:
    after = rules.tightened_interval(fixed, cap, confirmed=confirmed)
    if fixed is None:
        assert after is None  # a schedule that follows the level takes the cadence by itself
        return
    assert after is not None and after <= fixed
    if not confirmed:
        assert after <= cap
    if fixed <= cap or confirmed:
        assert after == fixed


tier = st.fixed_dictionaries(
    {"clinician_after_hours": hours, "supervisor_after_hours": hours},
    optional={"acknowledgement_stops": st.booleans()},
)


@given(ladder=st.fixed_dictionaries(dict.fromkeys(rules.LEVELS, tier)))
def test_an_accepted_ladder_reaches_the_supervisor_without_zero_timers_and_is_faster_for_higher_risk(
    ladder: dict[str, Any],
) -> None:
    try:
        tiers = rules.check_ladder(ladder)
    except rules.RuleError as exc:
        assert exc.field.startswith("ladder.")
        return
    limit = dt.timedelta(hours=rules.MAX_LADDER_HOURS)
    for level in rules.LEVELS:
        assert dt.timedelta(0) < tiers[level].missed_after <= limit
        assert dt.timedelta(0) < tiers[level].supervisor_after <= limit
    for lower, higher in zip(rules.LEVELS, rules.LEVELS[1:], strict=False):
        assert tiers[higher].missed_after <= tiers[lower].missed_after
        assert tiers[higher].supervisor_after <= tiers[lower].supervisor_after


@given(
    name=st.sampled_from(sorted(rules.CARING_PLANS)),
    months=st.integers(min_value=rules.MIN_CARING_MONTHS, max_value=rules.MAX_CARING_MONTHS),
)
def test_every_plan_stays_within_its_months_in_order_with_our_wording(
    name: str, months: int
) -> None:
    steps = rules.caring_steps(name, months)
    in_months = [amount / 30 if unit == "days" else amount for unit, amount, _slot in steps]
    assert in_months == sorted(in_months) and len(set(in_months)) == len(in_months)
    assert max(in_months) <= months
    assert all(1 <= slot <= rules.CARING_TEXT_SLOTS for *_rest, slot in steps)


@given(
    clinician=st.lists(
        st.integers(min_value=1, max_value=rules.MAX_LADDER_HOURS), min_size=4, max_size=4
    ),
    supervisor=st.lists(
        st.integers(min_value=1, max_value=rules.MAX_LADDER_HOURS), min_size=4, max_size=4
    ),
    drop=st.sampled_from([None, *rules.LEVELS]),
)
def test_a_monotone_ladder_is_accepted_and_one_without_a_supervisor_is_not(
    clinician: list[int], supervisor: list[int], drop: str | None
) -> None:
    # LEVELS run none → high: the slowest timers go to "none".
    ladder: dict[str, dict[str, Any]] = {
        level: {"clinician_after_hours": c, "supervisor_after_hours": s}
        for level, c, s in zip(
            rules.LEVELS,
            sorted(clinician, reverse=True),
            sorted(supervisor, reverse=True),
            strict=True,
        )
    }
    if drop is None:
        tiers = rules.check_ladder(ladder)
        assert tiers["high"].missed_after == dt.timedelta(hours=min(clinician))
        return
    del ladder[drop]["supervisor_after_hours"]
    try:
        rules.check_ladder(ladder)
    except rules.RuleError as exc:
        assert exc.field == f"ladder.{drop}.supervisor_after_hours"
    else:
        raise AssertionError("a ladder that skips the supervisor was accepted")
