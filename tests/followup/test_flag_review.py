"""The risk flag's review date (issue 12): high reviewed at least every 90 days (as the VA does), moderate
180, low 365 by default ([C] ``risk.flag_review_days``); a flag past review shows on the dashboard."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from safeplan.followup.dashboard import dashboard_for
from safeplan.followup.models import RiskWatch
from safeplan.risk.rules.review import flag_review_due, review_days

SET = dt.datetime(2026, 1, 10, 15, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("level", "due"),
    [
        ("high", dt.date(2026, 4, 10)),
        ("moderate", dt.date(2026, 7, 9)),
        ("low", dt.date(2027, 1, 10)),
        ("none", None),
    ],
)
def test_default_review_dates(level: str, due: dt.date | None) -> None:
    assert flag_review_due(SET.date(), level) == due


@pytest.mark.parametrize(("value", "days"), [(30, 30), (0, 90), (-5, 90), (True, 90), ("30", 90)])
def test_organisation_review_days(value: Any, days: int) -> None:
    assert review_days("high", {"high": value}) == days


def _watch(world: Any, level: str) -> None:
    RiskWatch.objects.create(
        client=world.client, organisation=world.org, level=level, since=SET, flag_id=1
    )


@pytest.mark.parametrize(("days_later", "overdue"), [(89, False), (90, False), (91, True)])
def test_a_high_flag_past_review_shows_on_the_dashboard(
    world: Any, days_later: int, overdue: bool
) -> None:
    _watch(world, "high")
    with time_machine.travel(SET + dt.timedelta(days=days_later), tick=False):
        for persona in ("clinician", "supervisor"):
            (row,) = dashboard_for(world.users[persona]).flagged.rows
            assert row["review_due"] == dt.date(2026, 4, 10)
            assert row["review_overdue"] is overdue


def test_the_page_says_the_review_is_overdue(world: Any, page_as: Any) -> None:
    world.org.policy = {"risk.flag_review_days": {"moderate": 30}}
    world.org.save()
    _watch(world, "moderate")
    with time_machine.travel(SET + dt.timedelta(days=31), tick=False):
        page = page_as("clinician").get("/dashboard/")
        assert page.status_code == 200
        assert "flag review overdue since 9 Feb 2026" in page.content.decode()
        board = dashboard_for(world.users["clinician"]).as_dict()
        assert board["flagged"]["rows"][0]["review_due"] == "2026-02-09"
