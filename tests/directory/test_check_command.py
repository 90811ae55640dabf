"""`safeplan directory check`: counts per kind, the organisation's entries to re-check, exit codes."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from safeplan.directory import services
from safeplan.directory.checks import reasons_for
from safeplan.directory.entities import SourceInfo
from tests.factories import World

pytestmark = pytest.mark.django_db

ENTRY = {
    "kind": "mobile_crisis",
    "country": "US",
    "state": "MA",
    "county": "Suffolk",
    "name": "Suffolk mobile crisis team",
    "phone": "(617) 555-0160",
}


def _run(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("directory", "check", *args, stdout=out)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_reasons() -> None:
    today = dt.date(2026, 11, 27)
    fresh = SourceInfo("s", "", "2026-06-02", "verified")
    assert reasons_for(fresh, max_age_days=365, today=today) == ()
    assert reasons_for(fresh, max_age_days=100, today=today) == ("stale",)
    assert reasons_for(SourceInfo("s", "", "", "unverified"), max_age_days=365, today=today) == (
        "undated",
        "unverified",
    )
    assert reasons_for(
        SourceInfo("s", "", "2021-07-09", "historical"), max_age_days=365, today=today
    ) == (
        "stale",
        "historical",
    )


def test_local_entries_listed_with_counts_and_strict_exit(world: World) -> None:
    with time_machine.travel(dt.datetime(2025, 1, 10, 12, tzinfo=dt.UTC)):
        old = services.add_local_entry(
            actor=world.users["admin"],
            data={**ENTRY, "verified": True, "how_verified": "phone_call"},
        )
    fresh = services.add_local_entry(
        actor=world.users["supervisor"],
        data={
            **ENTRY,
            "name": "PSAP line",
            "kind": "psap",
            "verified": True,
            "how_verified": "phone_call",
        },
    )
    unverified = services.add_local_entry(
        actor=world.users["admin"], data={**ENTRY, "name": "Warm line"}
    )
    code, out = _run("--scope", "local", "--organisation", "clinic-a")
    assert code == 0
    assert f"#{old.pk} Suffolk mobile crisis team" in out and "stale" in out
    assert f"#{unverified.pk} Warm line" in out and "unverified" in out
    assert f"#{fresh.pk} PSAP line" not in out
    rows = {
        line.split()[1]: line.split()[2:]
        for line in out.splitlines()
        if line.startswith("clinic-a ")
    }
    assert rows["mobile_crisis"][:3] == ["2", "2", "1"]  # checked, found, stale
    assert rows["psap"][:2] == ["1", "0"]
    assert "2 entries need re-checking." in out
    strict, _ = _run("--scope", "local", "--organisation", "clinic-a", "--strict")
    assert strict == 1
    other, other_out = _run("--scope", "local", "--organisation", "clinic-b", "--strict")
    assert other == 0 and "0 entries need re-checking." in other_out


def test_reference_counts_and_age(world: World) -> None:
    code, out = _run("--scope", "reference", "--max-age-days", "3650")
    assert code == 0
    lines = {
        tuple(line.split()[:2]): line.split()[2:]
        for line in out.splitlines()
        if line.startswith("reference ")
    }
    checked, found, stale = (int(x) for x in lines[("reference", "crisis_line")][:3])
    assert checked == found + 21  # the 21 open-helplines records are verified and recent
    assert stale > 0  # ITU records from 2012 are older than ten years
    assert lines[("reference", "psap_candidate")][0] == lines[("reference", "psap_candidate")][1]
    assert "clinic-a" not in out
    strict, _ = _run("--scope", "reference", "--strict")
    assert strict == 1  # shipped data is not verified live


def test_bad_options() -> None:
    with pytest.raises(CommandError, match="no organisation"):
        call_command("directory", "check", "--organisation", "nope", stdout=StringIO())
    with pytest.raises(CommandError, match="max-age-days"):
        call_command("directory", "check", "--max-age-days", "-1", stdout=StringIO())
