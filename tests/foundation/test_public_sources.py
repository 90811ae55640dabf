"""No internal references on any page (issue 11): sources are named by their publisher and date, never by
our file names, clinical-rules.md sections or commit hashes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from safeplan.directory import lookups
from safeplan.lib.citations import public_source
from safeplan.telehealth.services import locations
from tests.factories import World
from tests.telehealth.conftest import BOSTON

INTERNAL = re.compile(r"[\w-]+\.(md|json|py|csv)\b|§\s?\d|@ ?[0-9a-f]{7,}|\b[0-9a-f]{10}\b")
TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (
            "NIMH ASQ Suicide Risk Screening Pathway (clinical-rules.md §4.2)",
            "NIMH ASQ Suicide Risk Screening Pathway",
        ),
        (
            "PHQ-9 item 9 (clinical-rules.md §5.1; Simon et al. 2013)",
            "PHQ-9 item 9 (Kroenke, Spitzer & Williams 2001 (PHQ-9); Simon et al. 2013)",
        ),
        (
            "clinical-rules.md §9 step 4; §1.1 item 3",
            "HHS Telehealth.HHS.gov, technology backup plan",
        ),
        (
            "Safeplan clinical-rules.md §11 (research notes; not verified live)",
            "Safeplan research notes (not verified live)",
        ),
        (
            "open-helplines (Kouki-odaka/open-helplines, data/countries/us/helplines.json @ 57949b2571)",
            "open-helplines project",
        ),
        (
            "GOV.UK (via github.com/ianjmacintosh/emergencynumbers src/data/emergency-services.json)",
            "GOV.UK",
        ),
        ("FCC Master PSAP Registry v2.295", "FCC Master PSAP Registry v2.295"),
    ],
)
def test_public_source(raw: str, shown: str) -> None:
    assert public_source(raw) == shown


def test_every_shipped_source_label_is_public() -> None:
    labels = [
        line.source.label
        for c in ("US", "GB", "JP", "DE", "MX")
        for line in lookups.crisis_lines(c, include_historical=True)
    ]
    labels += [
        n.source.label for c in ("US", "GB", "FR", "AX") for n in lookups.emergency_numbers(c)
    ]
    assert labels
    assert [x for x in labels if INTERNAL.search(x)] == []


def _text(response: Any) -> str:
    assert response.status_code == 200
    return TAGS.sub(" ", response.content.decode())


def test_card_plan_and_portal_pages_name_publishers(world: World, page_as: Any) -> None:
    locations.add_location(
        actor=world.users["clinician"], client=world.client, kind="home", address=BOSTON
    )
    staff = page_as("clinician")
    cid = world.client.pk
    for url in (f"/clients/{cid}/emergency-card/", f"/clients/{cid}/plan/", "/directory/"):
        text = _text(staff.get(url))
        assert INTERNAL.findall(text) == [], url
    portal = page_as("client")
    for url in ("/portal/", "/portal/plan/"):
        text = _text(portal.get(url))
        assert INTERNAL.findall(text) == [], url
