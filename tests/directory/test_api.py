"""The directory API: exact payloads, source on every item, and 422s that name the parameter."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from safeplan.lib.citations import public_source
from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db
API = "/api/v1/directory"


@pytest.fixture
def api(api_as: Callable[[str], ApiClient]) -> ApiClient:
    return api_as("clinician")


def _loc(response: Any) -> list[list[str]]:
    assert response.status_code == 422, response.content
    return [item["loc"] for item in response.json()["detail"]]


def _assert_sources(items: list[dict[str, Any]]) -> None:
    for item in items:
        source = item["source"]
        assert source["status"] in {"verified", "unverified", "historical"}
        assert source["label"] == (
            f"{public_source(source['source'])}, {source['source_date'] or 'undated'} "
            f"({source['status']})"
        )


def test_emergency_numbers_gb(api: ApiClient) -> None:
    body = api.get(f"{API}/emergency-numbers?country=gb").json()
    assert body["country"] == "GB"
    assert body["country_name"] == "United Kingdom"
    assert body["primary"] == "999"
    assert {i["number"] for i in body["items"]} == {"999", "112"}
    assert body["items"][0]["source"]["label"] == "ITU-T E.129, 2012-04-03 (unverified)"
    _assert_sources(body["items"])


def test_crisis_lines_us_and_language(api: ApiClient) -> None:
    body = api.get(f"{API}/crisis-lines?country=US").json()
    first = body["items"][0]
    assert (first["name"], first["phone"], first["historical"]) == (
        "988 Suicide & Crisis Lifeline",
        "988",
        False,
    )
    assert first["source"]["status"] == "verified"
    assert not any(i["historical"] for i in body["items"])
    _assert_sources(body["items"])
    spanish = api.get(f"{API}/crisis-lines?country=US&language=Spanish").json()
    assert spanish["language"] == "es"
    assert [i["name"] for i in spanish["items"]] == ["988 Suicide & Crisis Lifeline"]
    everything = api.get(f"{API}/crisis-lines?country=US&include_historical=true").json()
    historical = [i for i in everything["items"] if i["historical"]]
    assert historical and all(i["source"]["status"] == "historical" for i in historical)


def test_emergency_departments_by_point_and_zip(api: ApiClient) -> None:
    body = api.get(f"{API}/emergency-departments?lat=42.3626&lon=-71.0693").json()
    assert body["origin"] == {"lat": 42.3626, "lon": -71.0693, "zip": None}
    first = body["items"][0]
    assert (first["id"], first["name"], first["distance_km"], first["distance_miles"]) == (
        "220071",
        "MASSACHUSETTS GENERAL HOSPITAL",
        0.0,
        0.0,
    )
    third = body["items"][2]
    assert third["id"] == "220116"
    assert third["distance_miles"] == pytest.approx(third["distance_km"] / 1.609344, abs=0.01)
    _assert_sources(body["items"])
    by_zip = api.get(f"{API}/emergency-departments?zip=02114&limit=5").json()
    assert by_zip["origin"]["zip"]["county"] == "Suffolk County"
    assert (by_zip["origin"]["lat"], by_zip["origin"]["lon"]) == (42.3611, -71.0682)
    assert len(by_zip["items"]) == 5
    assert by_zip["items"][0]["id"] == "220071"


def test_psaps_suffolk(api: ApiClient) -> None:
    body = api.get(f"{API}/psaps?state=MA&county=Suffolk").json()
    assert [(i["id"], i["status"]) for i in body["items"]] == [
        ("3156", "active"),
        ("7708", "active"),
        ("3180", "active"),
        ("8527", "active"),
        ("3155", "secondary"),
    ]
    candidate = body["items"][2]
    assert candidate["candidate_phone"] == "+16177407710"
    assert candidate["candidate_status"] == "unverified — confirm by phone"
    assert candidate["candidate_source"]["status"] == "unverified"
    assert body["items"][0]["candidate_status"] is None
    _assert_sources(body["items"])


def test_local_resources_for_boston_zip(api: ApiClient) -> None:
    body = api.get(f"{API}/local-resources?country=US&zip=02114").json()
    assert (body["region"], body["county"], body["county_fips"]) == (
        "MA",
        "Suffolk County",
        "25025",
    )
    assert body["primary_emergency_number"] == "911"
    assert body["emergency_departments"][0]["id"] == "220071"
    assert [p["id"] for p in body["psaps"]][:1] == ["3156"]
    assert all(
        a["phone_status"] == "unverified — confirm by phone" for a in body["police_candidates"]
    )
    assert body["crisis_lines"][0]["phone"] == "988"
    gb = api.get(f"{API}/local-resources?country=GB").json()
    assert gb["emergency_departments"] == [] and gb["psaps"] == []
    assert {n["number"] for n in gb["emergency_numbers"]} == {"999", "112"}


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("emergency-numbers?country=ZZ", "country"),
        ("emergency-numbers?country=USA", "country"),
        ("emergency-numbers", "country"),
        ("crisis-lines?country=QQ", "country"),
        ("crisis-lines?country=US&language=Klingon%20(tlhIngan)", "language"),
        ("emergency-departments?lat=91&lon=0", "lat"),
        ("emergency-departments?lat=0&lon=-180.5", "lon"),
        ("emergency-departments?lat=abc&lon=0", "lat"),
        ("emergency-departments?lat=42.1", "lon"),
        ("emergency-departments?lon=-71", "lat"),
        ("emergency-departments", "lat"),
        ("emergency-departments?zip=2114", "zip"),
        ("emergency-departments?zip=00000", "zip"),
        ("emergency-departments?zip=02114&lat=42&lon=-71", "zip"),
        ("emergency-departments?zip=02114&limit=0", "limit"),
        ("psaps?state=XX", "state"),
        ("psaps?state=MA&county=Nowhere", "county"),
        ("psaps", "state"),
        ("local-resources?country=US&zip=ABCDE", "zip"),
        ("local-resources?country=US&lat=42", "lon"),
        ("local-resources?country=ZZ", "country"),
    ],
)
def test_bad_query_is_422_naming_the_parameter(api: ApiClient, query: str, param: str) -> None:
    assert ["query", param] in _loc(api.get(f"{API}/{query}"))


def test_openapi_lists_directory_operations(api: ApiClient) -> None:
    paths = api.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/directory/emergency-numbers",
        "/api/v1/directory/crisis-lines",
        "/api/v1/directory/emergency-departments",
        "/api/v1/directory/psaps",
        "/api/v1/directory/local-entries",
        "/api/v1/directory/local-entries/{entry_id}/corrections",
    ):
        assert path in paths
