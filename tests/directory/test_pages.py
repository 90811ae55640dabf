"""Directory pages: the lookup shows sources and candidate marks, never a plain emergency tel: link."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client

from safeplan.directory import services
from safeplan.directory.models import LocalResourceEntry
from safeplan.directory.templatetags.directory_tags import phone_text, tel_href
from tests.factories import World

pytestmark = pytest.mark.django_db

TEL = re.compile(r'href="tel:([^"]*)"')


def _no_short_code_links(html: str) -> None:
    for target in TEL.findall(html):
        digits = re.sub(r"\D", "", target)
        assert target.startswith("+") and len(digits) >= 8, f"tel:{target} on a staff page"
    assert "tel:911" not in html and "tel:112" not in html and "tel:999" not in html
    assert not re.search(r"call\s+(911|112|999)\b", html, re.IGNORECASE)


def test_lookup_for_boston_zip(page_as: Callable[[str], Client]) -> None:
    response = page_as("clinician").get("/directory/?country=US&zip=02114")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ZIP 02114: Boston, Suffolk County, MA" in html
    assert "Massachusetts General Hospital" in html
    assert "0.2 km (0.1 mi)" in html  # MGH is 190 m from the centre of ZIP 02114
    assert 'href="tel:+16177262000"' in html  # the hospital's 10-digit line may be dialled
    assert "Boston Police Department" in html and "Revere Fire" not in html  # orphaned PSAP
    assert 'href="tel:+16177407710">(617) 740-7710</a>' in html  # national format, dialable
    assert html.count("unverified — confirm by phone") >= 4  # 1 PSAP candidate + 3 police lines
    assert "FCC Master PSAP Registry v2.295</a>, 2026-02-06" in html
    assert "988 Suicide &amp; Crisis Lifeline" in html
    assert '<span class="tel emergency-number">911</span>' in html
    _no_short_code_links(html)


def test_lookup_by_country_and_historical(page_as: Callable[[str], Client]) -> None:
    html = page_as("admin").get("/directory/?country=GB&historical=on").content.decode()
    assert "Emergency numbers in United Kingdom" in html
    assert "Samaritans" in html and "ITU-T E.129" in html
    assert "historical — may have changed" in html
    _no_short_code_links(html)
    default = page_as("supervisor").get("/directory/")
    assert default.status_code == 200
    assert "Emergency numbers in United States" in default.content.decode()
    _no_short_code_links(default.content.decode())


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("country=US&zip=2114", "Enter a 5-digit US ZIP code"),
        ("country=US&zip=00000", "is not in the directory"),
        ("country=GB&zip=02114", "ZIP codes are for US locations"),
        ("country=ZZ", "Select a valid choice"),
        ("country=US&language=Klingon%20(tlhIngan)", "Enter a language code or name"),
    ],
)
def test_lookup_bad_input(page_as: Callable[[str], Client], query: str, message: str) -> None:
    response = page_as("clinician").get(f"/directory/?{query}")
    assert response.status_code == 422
    assert message in response.content.decode()


def test_template_filters() -> None:
    assert tel_href("911") == "" and tel_href("988") == "" and tel_href("116123") == ""
    assert tel_href("+16177262000") == "tel:+16177262000"
    assert phone_text("+16177262000", "US") == "(617) 726-2000"
    assert phone_text("+16177262000", "GB") == "+1 617-726-2000"
    assert phone_text("13 11 14", "AU") == "13 11 14"


def test_local_pages_flow(world: World, page_as: Callable[[str], Client]) -> None:
    supervisor = page_as("supervisor")
    form = {
        "kind": "psap",
        "name": "Boston 911 centre 10-digit line",
        "phone": "(617) 555-0150",
        "country": "US",
        "state": "MA",
        "county": "Suffolk",
        "verified": "on",
        "how_verified": "phone_call",
    }
    bad = supervisor.post("/directory/local/new/", {**form, "phone": "911"})
    assert bad.status_code == 422
    assert "is an emergency number" in bad.content.decode()
    unconfirmed = supervisor.post("/directory/local/new/", {**form, "how_verified": ""})
    assert (
        unconfirmed.status_code == 422
        and "Say how the number was confirmed" in unconfirmed.content.decode()
    )
    created = supervisor.post("/directory/local/new/", form)
    assert created.status_code == 302
    entry = LocalResourceEntry.objects.get()
    assert created["Location"] == f"/directory/local/{entry.pk}/"
    assert entry.verified_by == world.users["supervisor"]
    detail = page_as("clinician").get(f"/directory/local/{entry.pk}/").content.decode()
    assert "(617) 555-0150" in detail and "verified" in detail
    assert "Correct or re-confirm" not in detail  # clinicians read only
    fixed = supervisor.post(
        f"/directory/local/{entry.pk}/correct/",
        {**form, "phone": "(617) 555-0151", "verified": "", "reason": "changed"},
    )
    assert fixed.status_code == 302
    new = LocalResourceEntry.objects.get(supersedes=entry)
    history = supervisor.get(f"/directory/local/{new.pk}/").content.decode()
    assert "(617) 555-0150" in history and "(617) 555-0151" in history and "changed" in history
    listing = page_as("clinician").get("/directory/local/").content.decode()
    assert "(617) 555-0151" in listing and "(617) 555-0150" not in listing
    full = page_as("clinician").get("/directory/local/?history=1").content.decode()
    assert "(617) 555-0150" in full
    lookup = page_as("clinician").get("/directory/?country=US&zip=02114").content.decode()
    assert (
        "Your organisation&#x27;s entries for this area" in lookup
        or "Your organisation's entries" in lookup
    )
    assert 'href="tel:+16175550151"' in lookup
    retired = supervisor.post(f"/directory/local/{new.pk}/retire/", {"reason": ""})
    assert retired.status_code == 422
    assert (
        supervisor.post(f"/directory/local/{new.pk}/retire/", {"reason": "closed"}).status_code
        == 302
    )
    assert not services.can_write(world.users["clinician"])
