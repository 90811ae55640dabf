"""lib.times: a time always carries its zone; the client's time is shown beside only when it differs
(issue 11), across DST changes."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django.template import Context, Template
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from safeplan.lib import times

UTC = dt.UTC
NY = zoneinfo.ZoneInfo("America/New_York")


def test_zone_abbreviation_follows_dst() -> None:
    winter = dt.datetime(2026, 1, 15, 13, 5, tzinfo=UTC)
    summer = dt.datetime(2026, 7, 15, 13, 5, tzinfo=UTC)
    with timezone.override(NY):
        assert times.format_time(winter) == "15 Jan 2026, 08:05 EST"
        assert times.format_time(summer, "time") == "09:05 EDT"
        assert times.client_beside(winter, "Europe/London") == "13:05 GMT client's time"
        assert times.client_beside(summer, "Europe/London") == "14:05 BST client's time"
        assert times.client_beside(summer, "America/New_York") == ""
        assert times.client_beside(summer, "America/Toronto") == ""  # same offset and name
        assert times.client_beside(summer, "Not/AZone") == ""


def test_between_the_two_dst_changes_london_is_four_hours_ahead() -> None:
    # 2026: the US moves its clocks on 8 March, the UK on 29 March.
    between = dt.datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
    with timezone.override(NY):
        assert times.format_time(between, "time") == "08:00 EDT"
        assert times.client_beside(between, "Europe/London") == "12:00 GMT client's time"


def test_when_tag_renders_a_time_element() -> None:
    class Client:
        time_zone = "Europe/London"

    at = dt.datetime(2026, 1, 15, 13, 5, tzinfo=UTC)
    tpl = Template('{% when at "time" client=c %}|{% when at %}|{% when missing %}')
    with timezone.override(NY):
        html = tpl.render(Context({"at": at, "c": Client()}))
    assert html == (
        '<time datetime="2026-01-15T13:05:00+00:00">08:05 EST</time> '
        '<span class="small muted client-time">(13:05 GMT client&#x27;s time)</span>'
        '|<time datetime="2026-01-15T13:05:00+00:00">15 Jan 2026, 08:05 EST</time>|'
    )


# --- dates given without a zone: "in the future" only when future everywhere -----------------


_ZONES = sorted(zoneinfo.available_timezones())


@given(
    now=st.datetimes(
        min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.just(UTC)
    ),
    zone=st.sampled_from(_ZONES),
)
def test_latest_date_is_never_before_today_anywhere(now: dt.datetime, zone: str) -> None:
    assert times.latest_date(now) >= now.astimezone(zoneinfo.ZoneInfo(zone)).date()


def test_latest_date_exactly() -> None:
    assert times.latest_date(dt.datetime(2026, 12, 5, 0, 30, tzinfo=UTC)) == dt.date(2026, 12, 5)
    assert times.latest_date(dt.datetime(2026, 12, 5, 9, 59, tzinfo=UTC)) == dt.date(2026, 12, 5)
    assert times.latest_date(dt.datetime(2026, 12, 5, 10, 0, tzinfo=UTC)) == dt.date(2026, 12, 6)
    # Kiritimati (UTC+14) is the first place where the day begins.
    kiritimati = dt.datetime(2026, 12, 5, 10, 0, tzinfo=UTC).astimezone(
        zoneinfo.ZoneInfo("Pacific/Kiritimati")
    )
    assert kiritimati.date() == dt.date(2026, 12, 6)
