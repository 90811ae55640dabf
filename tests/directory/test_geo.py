"""The nearest-point search: exact against brute force, haversine against known distances."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan.directory import lookups, reference
from safeplan.directory.geo import PointIndex, haversine_km

US_LAT = st.floats(min_value=18.0, max_value=71.5, allow_nan=False)
US_LON = st.floats(min_value=-179.9, max_value=-65.0, allow_nan=False)
ANY_LAT = st.floats(min_value=-90.0, max_value=90.0, allow_nan=False)
ANY_LON = st.floats(min_value=-180.0, max_value=180.0, allow_nan=False)


def test_haversine_known_distances() -> None:
    assert haversine_km(0, 0, 0, 0) == 0
    # One degree of a great circle on the IUGG mean-radius sphere.
    assert haversine_km(0, 0, 0, 1) == pytest.approx(2 * math.pi * 6371.0088 / 360, rel=1e-12)
    assert haversine_km(90, 0, -90, 0) == pytest.approx(math.pi * 6371.0088, rel=1e-12)
    # Across the antimeridian the short way round.
    assert haversine_km(0, 179.5, 0, -179.5) == pytest.approx(haversine_km(0, 0, 0, 1))
    # Boston (MGH) to lower Manhattan: 305.6 km (great circle, mean radius).
    assert haversine_km(42.3626, -71.0693, 40.7128, -74.0060) == pytest.approx(305.6, abs=0.1)


@settings(max_examples=300, deadline=None)
@given(lat=US_LAT, lon=US_LON, k=st.integers(min_value=1, max_value=5))
def test_nearest_ed_equals_brute_force(lat: float, lon: float, k: int) -> None:
    index = reference.emergency_departments().index
    tree = index.nearest(lat, lon, k)
    brute = index.brute_force(lat, lon, k)
    assert [d for d, _ in tree] == pytest.approx([d for d, _ in brute], abs=1e-9)
    assert [i for _, i in tree] == [i for _, i in brute]
    found = lookups.nearest_emergency_departments(lat, lon, k)
    rows = reference.emergency_departments().rows
    assert [f.id for f in found] == [rows[i]["id"] for _, i in brute]


@settings(max_examples=200, deadline=None)
@given(
    points=st.lists(st.tuples(ANY_LAT, ANY_LON), min_size=1, max_size=60),
    lat=ANY_LAT,
    lon=ANY_LON,
    k=st.integers(min_value=1, max_value=8),
)
def test_index_matches_brute_force_anywhere_on_earth(
    points: list[tuple[float, float]], lat: float, lon: float, k: int
) -> None:
    index = PointIndex(points)
    tree = index.nearest(lat, lon, k)
    brute = index.brute_force(lat, lon, k)
    assert len(tree) == min(k, len(points))
    assert [d for d, _ in tree] == pytest.approx([d for d, _ in brute], abs=1e-6)


def test_duplicate_points_tie_break_like_brute_force() -> None:
    index = PointIndex([(10.0, 10.0)] * 5 + [(10.0, 10.001)])
    assert [i for _, i in index.nearest(10.0, 10.0, 3)] == [0, 1, 2]
    assert PointIndex([]).nearest(0, 0, 3) == []
