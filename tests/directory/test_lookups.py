"""Directory lookups with exact values from the shipped data (clinical-rules.md §10.5, §11)."""

from __future__ import annotations

import pytest

from safeplan.directory import lookups
from safeplan.directory.entities import CONFIRM_BY_PHONE, HISTORICAL, UNVERIFIED, VERIFIED

MGH = (42.3626, -71.0693)


def test_gb_emergency_numbers_include_999_and_112() -> None:
    numbers = lookups.emergency_numbers("GB")
    assert {n.number for n in numbers} == {"999", "112"}
    assert {(n.service, n.number) for n in numbers} == {
        (service, number)
        for service in ("police", "ambulance", "fire")
        for number in ("999", "112")
    }
    # Within each service the primary number (999) comes first.
    assert [n.number for n in numbers if n.service == "police"] == ["999", "112"]
    assert all(n.source.source == "ITU-T E.129" and n.source.status == UNVERIFIED for n in numbers)
    assert numbers[0].source.label == "ITU-T E.129, 2012-04-03 (unverified)"


def test_emergency_numbers_general_first_and_deduplicated() -> None:
    au = lookups.emergency_numbers("AU")
    assert [(n.service, n.number) for n in au[:3]] == [
        ("general", "000"),
        ("general", "106"),
        ("general", "112"),
    ]
    keys = [(n.service, n.number) for n in au]
    assert len(keys) == len(set(keys))
    us = lookups.emergency_numbers("US")
    assert ("police", "911") in {(n.service, n.number) for n in us}
    # 988 is a crisis line, never an emergency number (Wikipedia writes "911 (suicide hotline 988)").
    assert "988" not in {n.number for n in us}
    # The short code 112 is listed once: it is not also under a named US service.
    assert [(n.service, n.number) for n in us if n.number == "112"] == [
        ("emergency_short_code", "112")
    ]


@pytest.mark.parametrize(
    ("country", "expected"),
    [("US", "911"), ("GB", "999"), ("AU", "000"), ("FR", "112"), ("NZ", "111"), ("CA", "911")],
)
def test_primary_emergency_number(country: str, expected: str) -> None:
    assert lookups.primary_emergency_number(country) == expected
    assert lookups.primary_emergency_number(country.lower()) == expected


def test_unknown_or_uninhabited_country() -> None:
    assert lookups.primary_emergency_number("BV") is None  # Bouvet Island: uninhabited
    assert lookups.primary_emergency_number("ZZ") is None
    assert lookups.emergency_numbers("ZZ") == []
    assert not lookups.is_known_country("ZZ")
    assert lookups.is_known_country("xk")


def test_us_crisis_lines_include_988_and_no_press_3() -> None:
    lines = lookups.crisis_lines("US")
    first = lines[0]
    assert (first.name, first.phone, first.sms) == ("988 Suicide & Crisis Lifeline", "988", "988")
    assert first.source.status == VERIFIED
    assert first.source.source_date == "2026-06-02"
    assert first.languages == ("en", "es")
    assert "+18002738255" in first.other_phones
    assert [(line.name, line.sms) for line in lines if line.sms == "741741"] == [
        ("Crisis Text Line", "741741")
    ]
    veterans = [line for line in lines if line.name == "Veterans Crisis Line"]
    assert veterans and veterans[0].sms == "838255" and veterans[0].phone == "988"
    for line in lookups.crisis_lines("US", include_historical=True):
        text = " ".join([line.name, line.notes, line.hours]).lower()
        assert "press 3" not in text and "option 3" not in text


def test_historical_lines_excluded_by_default_and_marked() -> None:
    current = lookups.crisis_lines("US")
    assert all(line.source.status != HISTORICAL for line in current)
    everything = lookups.crisis_lines("US", include_historical=True)
    historical = [line for line in everything if line.historical]
    assert historical, "the 2021 snapshot keeps leads such as the Trevor Project"
    assert {line.source.status for line in historical} == {HISTORICAL}
    assert all(line.source.source_date == "2021-07-09" for line in historical)
    assert all(line.source.label.endswith("(historical)") for line in historical)
    # Most reliable first: every historical line comes after every current one.
    first_historical = everything.index(historical[0])
    assert all(not line.historical for line in everything[:first_historical])
    assert "The Trevor Project" in {line.name for line in historical}


def test_gb_crisis_lines_exact() -> None:
    lines = lookups.crisis_lines("GB")
    assert [(line.name, line.phone, line.sms) for line in lines[:2]] == [
        ("Samaritans", "116123", ""),
        ("Shout Crisis Text Line", "", "85258"),
    ]
    assert lines[0].source.label == "open-helplines project, 2026-06-02 (verified)"
    assert lines[0].source.source.startswith("open-helplines (Kouki-odaka/open-helplines")
    # The same Samaritans number from a less reliable source is not listed twice.
    assert sum(1 for line in lines if line.phone.replace(" ", "") == "116123") == 1


def test_crisis_line_language_filter() -> None:
    spanish = lookups.crisis_lines("US", language="es")
    assert [line.name for line in spanish] == ["988 Suicide & Crisis Lifeline"]
    assert lookups.crisis_lines("US", language="Spanish") == spanish
    assert lookups.crisis_lines("US", language="español") == spanish
    assert lookups.crisis_lines("US", language="es-MX") == spanish
    french = lookups.crisis_lines("CA", language="fr")
    assert french[0].name == "9-8-8: Suicide Crisis Helpline"
    assert french[0].phone == "988"
    with pytest.raises(ValueError, match="language"):
        lookups.crisis_lines("US", language="Klingon (tlhIngan)")
    # No GB line is known to serve Spanish: every line is returned rather than none.
    assert lookups.crisis_lines("GB", language="es") == lookups.crisis_lines("GB")
    # Lines with unknown languages are kept after the matching ones, not hidden.
    au = lookups.crisis_lines("AU", language="en")
    assert au[0].name == "Lifeline" and au[0].phone == "13 11 14"


def test_zip_02114_is_boston_suffolk_county() -> None:
    z = lookups.zip_centroid("02114")
    assert z is not None
    assert (z.zip, z.city, z.state, z.county, z.county_fips, z.timezone) == (
        "02114",
        "Boston",
        "MA",
        "Suffolk County",
        "25025",
        "America/New_York",
    )
    assert (z.lat, z.lon) == (42.3611, -71.0682)
    assert lookups.zip_centroid("02114-1234") == z
    assert lookups.zip_centroid("2114") is None
    assert lookups.zip_centroid("00000") is None
    assert lookups.zip_centroid("") is None


def test_nearest_ed_to_mgh_is_mgh() -> None:
    eds = lookups.nearest_emergency_departments(*MGH)
    assert len(eds) == 3
    mgh = eds[0]
    assert (mgh.id, mgh.name, mgh.phone) == (
        "220071",
        "MASSACHUSETTS GENERAL HOSPITAL",
        "+16177262000",
    )
    assert mgh.distance_km == pytest.approx(0.0, abs=1e-6)
    assert mgh.trauma == "LEVEL I ADULT, LEVEL I PEDIATRIC"
    assert [e.distance_km for e in eds] == sorted(e.distance_km for e in eds)
    assert eds[2].id == "220116"  # Tufts Medical Center
    assert eds[2].distance_km == pytest.approx(1.478, abs=0.001)
    assert eds[2].distance_miles == pytest.approx(eds[2].distance_km / 1.609344)
    assert mgh.source.status == UNVERIFIED and "CMS" in mgh.source.source


def test_nearest_ed_validates_point_and_limit() -> None:
    with pytest.raises(ValueError, match="lat"):
        lookups.nearest_emergency_departments(91, 0)
    with pytest.raises(ValueError, match="lon"):
        lookups.nearest_emergency_departments(0, -181)
    with pytest.raises(ValueError, match="limit"):
        lookups.nearest_emergency_departments(0, 0, limit=0)
    assert len(lookups.nearest_emergency_departments(13.47, 144.75, limit=2)) == 2  # Guam


def test_ma_suffolk_psaps_exclude_orphaned() -> None:
    psaps = lookups.psaps("MA", "Suffolk")
    assert [(p.id, p.status) for p in psaps] == [
        ("3156", "active"),
        ("7708", "active"),
        ("3180", "active"),
        ("8527", "active"),
        ("3155", "secondary"),
    ]
    ids = {p.id for p in psaps}
    assert not ids & {"7824", "7885"}  # Revere Fire, Winthrop Police: orphaned in the FCC registry
    assert lookups.psaps("MA", "25025") == psaps
    assert lookups.psaps("ma", "Suffolk County") == psaps
    assert psaps[-1].note.startswith("PSAP is either a Duplicate or a Secondary PSAP")
    assert psaps[0].source.label == "FCC Master PSAP Registry v2.295, 2026-02-06 (unverified)"
    state = lookups.psaps("MA")
    assert all(p.status != "orphaned" for p in state)
    assert [p.status for p in state] == sorted(
        (p.status for p in state), key=lambda s: s != "active"
    )


def test_candidate_phones_are_never_verified() -> None:
    south_boston = next(p for p in lookups.psaps("MA", "Suffolk") if p.id == "3180")
    assert south_boston.candidate_phone == "+16177407710"
    assert south_boston.candidate_label == CONFIRM_BY_PHONE == "unverified — confirm by phone"
    with_candidates = 0
    for state in lookups.us_states():
        for p in lookups.psaps(state):
            if p.candidate_phone:
                with_candidates += 1
                assert p.candidate_source is not None
                assert p.candidate_source.status == UNVERIFIED
                assert p.candidate_source.source_date <= "2019-12-31"
            else:
                assert p.candidate_source is None
    assert with_candidates > 1000
    police = lookups.law_enforcement_near(*MGH)
    assert police and all(a.source.status == UNVERIFIED for a in police)
    assert all(a.candidate_label == CONFIRM_BY_PHONE for a in police)


def test_law_enforcement_near_mgh() -> None:
    agencies = lookups.law_enforcement_near(*MGH, limit=3)
    assert agencies[0].name == "BOSTON POLICE DEPARTMENT DISTRICT A-1"
    assert agencies[0].phone == "+16173434240"
    assert {a.kind for a in agencies} <= {"police", "sheriff"}
    assert all("UNIVERSITY" not in a.name and "ENVIRONMENTAL" not in a.name for a in agencies)


def test_source_label_format() -> None:
    source = lookups.SourceInfo("FCC Master PSAP Registry", "https://x", "2026-02-06", UNVERIFIED)
    assert source.label == "FCC Master PSAP Registry, 2026-02-06 (unverified)"
    assert lookups.SourceInfo("X", "", "", HISTORICAL).label == "X, undated (historical)"
