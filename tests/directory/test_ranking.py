"""Which local services are offered for a place (directory.ranking, issue 11): general emergency
departments first, specialty hospitals only when nothing else is near, police and 911 centres of the
place's own city, the rest set aside with the reason."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.directory import lookups, ranking


@pytest.mark.parametrize(
    ("hospital_type", "name", "expected"),
    [
        ("acute", "MASSACHUSETTS GENERAL HOSPITAL", "general"),
        ("acute", "MASSACHUSETTS EYE AND EAR INFIRMARY -", "specialty"),
        ("acute", "CALLAHAN EYE HOSPITAL", "specialty"),
        ("acute", "OKLAHOMA HEART HOSPITAL, LLC", "specialty"),
        ("acute", "SACRED HEART HOSPITAL", "general"),
        ("acute", "TEXAS ORTHOPEDIC HOSPITAL", "specialty"),
        ("acute", "SANTA MONICA - UCLA MED CTR & ORTHOPAEDIC HOSPITAL", "general"),
        ("acute", "ARKANSAS SURGICAL HOSPITAL", "specialty"),
        ("acute", "BRIGHAM AND WOMEN'S HOSPITAL", "general"),
        ("critical_access", "SLEEPY EYE MEDICAL CENTER", "general"),
        ("critical_access", "IOWA SPECIALTY HOSPITAL - BELMOND", "general"),
        ("rural_emergency", "ANY RURAL EMERGENCY HOSPITAL", "general"),
        ("childrens", "BOSTON CHILDREN'S HOSPITAL", "childrens"),
        ("psychiatric", "PEACHFORD BEHAVIORAL HEALTH SYSTEM OF ATLANTA", "psychiatric"),
        ("veterans", "VA BOSTON HEALTHCARE SYSTEM - JAMAICA PLAIN", "veterans"),
        ("military", "WALTER REED", "military"),
        ("", "UNKNOWN TYPE", "specialty"),
    ],
)
def test_hospital_category(hospital_type: str, name: str, expected: str) -> None:
    assert ranking.hospital_category(hospital_type, name) == expected


@dataclass(frozen=True)
class H:
    name: str
    category: str
    km: float


def _choose(items: list[H], **kw: object) -> list[ranking.Chosen[H]]:
    return ranking.choose_emergency_departments(
        sorted(items, key=lambda h: h.km),
        category_of=lambda h: h.category,
        distance_of=lambda h: h.km,
        **kw,  # type: ignore[arg-type]
    )


def test_specialty_left_out_when_a_general_one_is_near() -> None:
    chosen = _choose(
        [H("MGH", "general", 0.19), H("EYE AND EAR", "specialty", 0.25), H("TUFTS", "general", 1.3)]
    )
    assert [c.item.name for c in chosen] == ["MGH", "TUFTS"]
    assert all(c.note == "" for c in chosen)


def test_specialty_offered_with_its_reason_when_nothing_general_is_near() -> None:
    chosen = _choose([H("HEART", "specialty", 3.0), H("FAR GENERAL", "general", 60.0)])
    assert [c.item.name for c in chosen] == ["HEART", "FAR GENERAL"]
    assert chosen[0].note == (
        "Specialty hospital: offered because no general emergency department is within 25 km"
    )
    only = _choose([H("VA", "veterans", 2.0)])
    assert [(c.item.name, c.note[:27]) for c in only] == [("VA", "VA hospital (veterans only)")]


def test_childrens_hospital_is_general_for_a_minor_only() -> None:
    items = [H("CHILDREN'S", "childrens", 0.5), H("GENERAL", "general", 1.0)]
    assert [c.item.name for c in _choose(items)] == ["GENERAL"]
    minor = _choose(items, minor=True)
    assert [(c.item.name, c.note) for c in minor] == [
        ("CHILDREN'S", "Children's hospital"),
        ("GENERAL", ""),
    ]


CATEGORIES = ["general", "specialty", "childrens", "psychiatric", "veterans", "military"]


@given(
    st.lists(
        st.tuples(st.sampled_from(CATEGORIES), st.floats(min_value=0, max_value=200)),
        max_size=15,
    ),
    st.integers(min_value=1, max_value=5),
)
def test_choice_rules_hold_for_any_neighbourhood(raw: list[tuple[str, float]], limit: int) -> None:
    items = [H(f"H{i}", cat, km) for i, (cat, km) in enumerate(raw)]
    chosen = _choose(items, limit=limit)
    general = sorted((h for h in items if h.category == "general"), key=lambda h: h.km)
    others = [c for c in chosen if c.category != "general"]
    assert len(others) <= 1
    if general and general[0].km <= ranking.NEAR_KM:
        assert others == [] and [c.item for c in chosen] == general[:limit]
    if others:
        assert others[0].note.endswith("no general emergency department is within 25 km")
    assert [c.item.km for c in chosen] == sorted(c.item.km for c in chosen)
    assert len(chosen) <= max(limit, 1)


@dataclass(frozen=True)
class A:
    name: str
    kind: str
    city: str
    county_fips: str


def _police(items: list[A], cities: list[str], fips: str) -> list[tuple[str, bool, str]]:
    placed = ranking.place_police(
        items,
        cities=cities,
        county_fips=fips,
        kind_of=lambda a: a.kind,
        name_of=lambda a: a.name,
        city_of=lambda a: a.city,
        county_of=lambda a: a.county_fips,
    )
    return [(p.item.name, p.in_area, p.reason) for p in placed]


def test_police_of_the_city_kept_neighbours_and_sheriff_set_aside() -> None:
    items = [
        A("BOSTON POLICE DEPARTMENT DISTRICT A-1", "police", "BOSTON", "25025"),
        A("BOSTON POLICE DEPARTMENT DISTRICT C-6", "police", "SOUTH BOSTON", "25025"),
        A("MIDDLESEX COUNTY SHERIFFS OFFICE - CAMBRIDGE", "sheriff", "CAMBRIDGE", "25017"),
        A("SUFFOLK COUNTY SHERIFF", "sheriff", "BOSTON", "25025"),
        A("CAMBRIDGE POLICE DEPARTMENT", "police", "CAMBRIDGE", "25017"),
    ]
    assert _police(items, ["Boston"], "25025") == [
        ("BOSTON POLICE DEPARTMENT DISTRICT A-1", True, ""),
        ("BOSTON POLICE DEPARTMENT DISTRICT C-6", True, ""),
        ("MIDDLESEX COUNTY SHERIFFS OFFICE - CAMBRIDGE", False, "Sheriff of another county"),
        (
            "SUFFOLK COUNTY SHERIFF",
            False,
            "County sheriff: the city's own police answer for this address",
        ),
        ("CAMBRIDGE POLICE DEPARTMENT", False, "Serves Cambridge"),
    ]


def test_sheriff_answers_where_the_place_has_no_city_police() -> None:
    items = [
        A("TRAVIS COUNTY SHERIFFS OFFICE", "sheriff", "AUSTIN", "48453"),
        A("AUSTIN POLICE DEPARTMENT", "police", "AUSTIN", "48453"),
    ]
    assert _police(items, ["Manor"], "48453") == [
        ("TRAVIS COUNTY SHERIFFS OFFICE", True, ""),
        ("AUSTIN POLICE DEPARTMENT", False, "Serves Austin"),
    ]
    # No city known: nothing is set aside.
    assert all(in_area for _, in_area, _ in _police(items, [], "48453"))


def test_psaps_of_the_city_kept_state_police_and_neighbours_set_aside() -> None:
    psaps = lookups.psaps("MA", "25025")
    placed = ranking.place_psaps(
        psaps, cities=["Boston"], name_of=lambda p: p.name, city_of=lambda p: p.city
    )
    kept = [p.item.name for p in placed if p.in_area]
    aside = {p.item.name: p.reason for p in placed if not p.in_area}
    assert kept == ["Boston Police Department", "Boston Fire Department"]
    assert aside == {
        "Chelsea Emergency Communications": "911 centre of Chelsea",
        "Massachusetts State Police South Boston": (
            "State police: answers state highways, not the city's 911 calls"
        ),
        "Metro North Regional Emergency Communications Center": "911 centre of Revere",
    }
    # A town with no centre of its own keeps the county's.
    assert all(
        p.in_area
        for p in ranking.place_psaps(
            psaps, cities=["Winthrop"], name_of=lambda p: p.name, city_of=lambda p: p.city
        )
    )


def test_boston_place_offers_general_eds_and_its_own_police() -> None:
    found = lookups.resolve_local_resources(
        organisation=None, country="US", region="MA", postcode="02114", city="Boston"
    )
    assert [f.name for f in found.eds] == [
        "MASSACHUSETTS GENERAL HOSPITAL",
        "TUFTS MEDICAL CENTER",
        "BOSTON MEDICAL CENTER",
    ]
    assert all(f.category == "general" and f.note == "" for f in found.eds)
    assert [f.name for f in found.childrens_eds] == ["BOSTON CHILDREN'S HOSPITAL"]
    assert found.police_candidates and all(
        a.name.startswith("BOSTON POLICE DEPARTMENT") for a in found.police_candidates
    )
    aside = {s.entry.name: s.reason for s in found.set_aside}
    assert aside["MIDDLESEX COUNTY SHERIFFS OFFICE - CAMBRIDGE"] == "Sheriff of another county"
    assert "Chelsea Emergency Communications" in aside
    assert [p.name for p in found.psaps] == ["Boston Police Department", "Boston Fire Department"]
