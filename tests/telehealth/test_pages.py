"""The clinician's telehealth pages: every page renders for US and non-US clients without a plain
"Call 911" or a tel: link to a short emergency code (PRODUCT.md "Rules that are never bent", §10.5); the
time-out page names each missing answer; the client's portal shows their own emergency numbers."""

from __future__ import annotations

import re
from typing import Any

import pytest

from safeplan.telehealth.models import LocationResource, TelehealthSession
from safeplan.telehealth.services import agreements, locations, people, sessions
from safeplan.telehealth.services.sessions import GateAnswers
from tests.factories import World
from tests.telehealth.conftest import AUSTIN, BOSTON, LONDON

SHORT_CODE_LINK = re.compile(r"tel:\+?(911|112|999|000)\b")


def _full_profile(world: World, client: Any, address: dict[str, str], phone: str) -> dict[str, Any]:
    actor = world.users["clinician"]
    home = locations.add_location(actor=actor, client=client, kind="home", address=address)
    if address["country"] == "GB":
        locations.add_resource(
            actor=actor,
            client=client,
            location=home,
            kind="emergency_services",
            name="Local police station",
            number="020 7946 0100",
        )
    person = people.add_support_person(
        actor=actor,
        client=client,
        data={
            "name": "Sam",
            "relationship": "sister",
            "phone": phone,
            "consent": {"scope": "emergency", "signed_on": "2026-01-02"},
        },
    )
    provider = people.add_provider(actor=actor, client=client, data={"name": "Dr P", "role": "GP"})
    guardian = people.add_guardian(
        actor=actor,
        client=client,
        data={"name": "G", "relationship": "aunt", "phone": phone, "is_safe_adult": True},
    )
    agreements.save_backup_plan(
        actor=actor, client=client, data={"backup_phone": phone, "if_cannot_reconnect": "Wait"}
    )
    agreements.save_boundaries(
        actor=actor,
        client=client,
        data={
            "hours": [{"day": 0, "start": "09:00", "end": "17:00"}],
            "channels": [{"channel": "phone", "response_hours": 4}],
            "after_hours_instructions": "Use the crisis line.",
        },
    )
    session = sessions.start_session(
        actor=actor,
        client=client,
        answers=GateAnswers(
            usual_location_id=home.pk,
            callback_phone=phone,
            privacy_alone=True,
            privacy_private_place=True,
        ),
    )
    # a suggestion with a number (the city's own 911 centre may have none on record)
    resource = next(
        r for r in LocationResource.objects.filter(location=home).order_by("id") if r.phone
    )
    return {
        "home": home.pk,
        "resource": resource.pk,
        "person": person.pk,
        "provider": provider.pk,
        "guardian": guardian.pk,
        "session": session.pk,
    }


def _pages(cid: int, ids: dict[str, Any]) -> list[str]:
    p = f"/clients/{cid}/emergency-profile/"
    return [
        f"/clients/{cid}/",
        p,
        f"{p}locations/new/",
        f"{p}locations/{ids['home']}/",
        f"{p}locations/{ids['home']}/resources/new/",
        f"{p}support-persons/new/",
        f"{p}support-persons/{ids['person']}/",
        f"{p}support-persons/{ids['person']}/consent/",
        f"{p}providers/new/",
        f"{p}providers/{ids['provider']}/",
        f"{p}providers/{ids['provider']}/consent/",
        f"{p}guardians/new/",
        f"{p}guardians/{ids['guardian']}/",
        f"{p}excluded-persons/new/",
        f"{p}no-support-person/",
        f"{p}backup-plan/",
        f"{p}boundaries/",
        f"/clients/{cid}/sessions/new/",
        f"/clients/{cid}/emergency-card/",
        f"/sessions/{ids['session']}/",
        f"/sessions/{ids['session']}/location/",
    ]


@pytest.mark.parametrize(
    ("address", "phone", "region"),
    [(BOSTON, "+16175550142", "MA"), (AUSTIN, "+15125550199", "TX"), (LONDON, "+442079460123", "")],
)
def test_no_plain_911_on_any_clinician_screen(
    world: World, page_as: Any, address: dict[str, str], phone: str, region: str
) -> None:
    client = world.client
    client.country, client.region = address["country"], region
    client.phone = phone
    client.save()
    ids = _full_profile(world, client, address, phone)
    http = page_as("clinician")
    for url in _pages(client.pk, ids):
        response = http.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert not SHORT_CODE_LINK.search(html), f"{url} links a short emergency code"
        assert "Call 911" not in html and "call 911" not in html, url
        assert "Call 999" not in html and "Call 112" not in html, url
    card = http.get(f"/sessions/{ids['session']}/").content.decode()
    # The client-local numbers are there instead, as full numbers.
    assert re.search(r'href="tel:\+\d{10,}"', card)
    assert "From your phone:" in card
    assert not re.search(
        r"tel:\+?(988|111|116123)\b", card
    )  # crisis lines are the client's to dial


def test_card_shows_the_confirmed_place_and_its_numbers(world: World, page_as: Any) -> None:
    ids = _full_profile(world, world.client, BOSTON, "+16175550142")
    html = page_as("clinician").get(f"/sessions/{ids['session']}/").content.decode()
    assert "55 Fruit Street, Apt 4" in html
    assert "Massachusetts General Hospital" in html
    assert "unconfirmed — confirm by phone" in html
    assert "988" in html  # the client's crisis line, as text for the client to use


def test_start_page_names_each_missing_answer(world: World, page_as: Any) -> None:
    ids = _full_profile(world, world.client, BOSTON, "+16175550142")
    http = page_as("clinician")
    before = TelehealthSession.objects.count()
    response = http.post(
        f"/clients/{world.client.pk}/sessions/new/",
        {"location": str(ids["home"]), "callback_phone": ""},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert set(form.errors) == {"callback_phone", "privacy_alone", "privacy_private_place"}
    assert TelehealthSession.objects.count() == before
    response = http.post(
        f"/clients/{world.client.pk}/sessions/new/",
        {
            "location": "new",
            **AUSTIN,
            "callback_phone": "512 555 0199",
            "privacy_alone": "yes",
            "privacy_private_place": "yes",
        },
    )
    assert response.status_code == 302
    card = http.get(response["Location"]).content.decode()
    assert "The client is in US-TX" in card and "1100 Congress Avenue" in card


def test_confirm_number_from_the_profile_page(world: World, page_as: Any) -> None:
    ids = _full_profile(world, world.client, BOSTON, "+16175550142")
    resource = LocationResource.objects.filter(pk=ids["resource"]).get()
    http = page_as("clinician")
    response = http.post(
        f"/clients/{world.client.pk}/emergency-profile/resources/{resource.pk}/confirm/",
        {"method": "called"},
    )
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.is_confirmed and resource.confirmed_by == world.users["clinician"]


def test_portal_offers_the_clients_own_emergency_number(world: World, page_as: Any) -> None:
    _full_profile(world, world.client, BOSTON, "+16175550142")
    html = page_as("client").get("/portal/").content.decode()
    assert 'href="tel:911"' in html
    assert "When your clinician answers" in html
    assert "Your clinician will call you at +16175550142 within 2 min." in html


def test_portal_panel_in_spanish(world: World, page_as: Any) -> None:
    _full_profile(world, world.client, BOSTON, "+16175550142")
    world.client.preferred_language = "es"
    world.client.save()
    html = page_as("client").get("/portal/").content.decode()
    assert "Cuándo responde su profesional" in html
    assert "Su profesional le llamará al +16175550142 en un plazo de 2 min." in html
