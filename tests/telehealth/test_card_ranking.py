"""The card ranks what can be used (issue 11): for a confirmed Boston address the usable numbers come
first, entries without a number and agencies of other places are folded with the reason, and the
emergency departments are general hospitals with their distance."""

from __future__ import annotations

import dataclasses
from typing import Any

from safeplan.telehealth import card_build
from safeplan.telehealth.card import card_facts
from tests.factories import World
from tests.telehealth.conftest import BOSTON, LONDON


def _session(api: Any, cid: int, address: dict[str, str], phone: str) -> None:
    home = api.post(f"/api/v1/clients/{cid}/locations", {"kind": "home", **address}).json()
    gate = {
        "location": {"usual_location_id": home["id"]},
        "callback_phone": phone,
        "privacy": {"alone": True, "private_place": True},
    }
    assert api.post(f"/api/v1/clients/{cid}/sessions", gate).status_code == 201


def test_boston_card_usable_first_rest_folded(api_as: Any, world: World) -> None:
    api = api_as("clinician")
    cid = world.client.pk
    _session(api, cid, BOSTON, "+16175550142")
    card = api.get(f"/api/v1/clients/{cid}/emergency-card").json()
    usable = card["local_numbers"]
    assert usable and all(n["number"] for n in usable)
    police = [n["name"] for n in usable if n["kind"] == "police"]
    assert police and all(name.startswith("Boston Police Department") for name in police)
    assert not any("Sheriff" in n["name"] or "Chelsea" in n["name"] for n in usable)
    assert [n["name"] for n in card["numbers_without_number"]] == [
        "Boston Police Department",
        "Boston Fire Department",
    ]
    other = {n["name"]: n["note"] for n in card["numbers_other_area"]}
    assert other["Middlesex County Sheriffs Office - Cambridge"] == "Sheriff of another county"
    assert other["Chelsea Emergency Communications"] == "911 centre of Chelsea"
    eds = card["nearest_eds"]
    assert [e["name"] for e in eds] == [
        "Massachusetts General Hospital",
        "Tufts Medical Center",
        "Boston Medical Center",
    ]
    assert all(e["distance_km"] is not None for e in eds)
    assert "Children" not in " ".join(e["name"] for e in eds)  # an adult client
    assert card["welfare_check_step"].endswith(
        "ask the client's local 911 centre or police (the numbers above) for a welfare check at "
        "the confirmed address."
    )


def test_confirmed_numbers_come_first(api_as: Any, world: World) -> None:
    api = api_as("clinician")
    cid = world.client.pk
    _session(api, cid, BOSTON, "+16175550142")
    card = api.get(f"/api/v1/clients/{cid}/emergency-card").json()
    last = card["local_numbers"][-1]
    r = api.post(
        f"/api/v1/clients/{cid}/resources/{last['resource_id']}/confirm",
        {"method": "called"},
    )
    assert r.status_code == 200, r.content
    card = api.get(f"/api/v1/clients/{cid}/emergency-card").json()
    assert card["local_numbers"][0]["resource_id"] == last["resource_id"]
    assert card["local_numbers"][0]["confirmed"] is True


def test_childrens_hospital_only_for_a_minor(world: World, api_as: Any) -> None:
    api = api_as("clinician")
    _session(api, world.client.pk, BOSTON, "+16175550142")
    facts = card_facts(world.client)
    adult = card_build.build_card(facts)
    minor = card_build.build_card(dataclasses.replace(facts, is_minor=True))
    assert "Boston Children's Hospital" not in [e.name for e in adult.nearest_eds]
    children = [
        e for e in minor.nearest_eds if e.note == "Children's hospital (offered for a minor)"
    ]
    assert [e.name for e in children] == ["Boston Children's Hospital"]


def test_london_card_speaks_of_the_uk_not_of_911(api_as: Any, world: World) -> None:
    api = api_as("clinician")
    cid = world.client.pk
    _session(api, cid, LONDON, "+442079460000")
    card = api.get(f"/api/v1/clients/{cid}/emergency-card").json()
    assert "911" not in card["welfare_check_step"]
    assert card["welfare_check_step"] == (
        "call the support person or safe adult, then ask the police or emergency services where "
        "the client is, on the local numbers above (from the client's own phone in the United "
        "Kingdom the emergency number is 999), to check on the client at the confirmed address."
    )
    assert card["client_local_dial_note"].endswith(
        "the client can dial 999 or 112 from their own phone in the United Kingdom."
    )
    assert not any("911" in w for w in card["warnings"])
