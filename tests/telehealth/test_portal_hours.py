"""Boundaries shown right (issue 11): the hours the client sees on their portal are the agreement's
hours (in the clinician's zone) converted to the client's zone, across zones and DST changes. The portal
told a New York client "Monday 14:00 – 22:00" for weekdays 9:00-17:00 (the UTC rendering)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine

from safeplan.telehealth.services import agreements
from tests.factories import World

WEEKDAYS = [{"day": d, "start": "09:00", "end": "17:00"} for d in range(5)]


def _hours(page_as: Any) -> tuple[list[str], str]:
    html = page_as("client").get("/portal/").content.decode()
    block = re.search(r'<ul class="th-hours">(.*?)</ul>', html, re.S)
    assert block, "no hours on the portal"
    rows = [re.sub(r"\s+", " ", r).strip() for r in re.findall(r"<li>(.*?)</li>", block.group(1))]
    note = re.search(r"Times are in your time zone \(([^)]*)\)\.(?: \((\w+)\))?", html)
    assert note
    return rows, note.group(2) or ""


@pytest.mark.parametrize(
    ("client_zone", "now", "first", "abbreviation"),
    [
        ("America/New_York", "2026-01-14T15:00:00Z", "Monday 09:00–17:00", "EST"),
        ("America/New_York", "2026-07-15T15:00:00Z", "Monday 09:00–17:00", "EDT"),
        ("Europe/London", "2026-01-14T15:00:00Z", "Monday 14:00–22:00", "GMT"),
        # between the US (8 March) and UK (29 March) clock changes London is 4 hours ahead
        ("Europe/London", "2026-03-18T15:00:00Z", "Monday 13:00–21:00", "GMT"),
        ("America/Los_Angeles", "2026-01-14T15:00:00Z", "Monday 06:00–14:00", "PST"),
        ("Asia/Tokyo", "2026-01-14T15:00:00Z", "Monday 23:00–Tuesday 07:00", "JST"),
    ],
)
def test_portal_hours_are_the_agreements_in_the_clients_zone(
    world: World, page_as: Any, client_zone: str, now: str, first: str, abbreviation: str
) -> None:
    clinician = world.users["clinician"]
    clinician.time_zone = "America/New_York"
    clinician.save(update_fields=["time_zone"])
    world.client.time_zone = client_zone
    world.client.save(update_fields=["time_zone"])
    with time_machine.travel(dt.datetime.fromisoformat(now), tick=False):
        agreements.save_boundaries(
            actor=clinician,
            client=world.client,
            data={
                "hours": WEEKDAYS,
                "channels": [{"channel": "phone", "response_hours": 4}],
                "after_hours_instructions": "Use the crisis line.",
            },
        )
        rows, shown_abbreviation = _hours(page_as)
    assert rows[0] == first
    assert len(rows) == 5
    assert shown_abbreviation == abbreviation
