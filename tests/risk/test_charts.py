"""Trend chart geometry (pure) and the trend data behind the client page chart."""

from __future__ import annotations

import datetime as dt

from safeplan.risk import services
from safeplan.risk.charts import HEIGHT, Point, Series, build_chart
from safeplan.risk.trends import trends_for

T0 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_empty_chart() -> None:
    assert build_chart([], y_max=27).empty


def test_points_map_onto_the_axes() -> None:
    s = Series("phq9", "PHQ-9", [Point(T0, 0, "a"), Point(T0 + dt.timedelta(days=30), 27, "b")])
    chart = build_chart([s], y_max=27, bands=(5, 10, 15, 20))
    first, last = chart.plots[0].markers
    assert (first.x, first.y) == (chart.left, chart.bottom)
    assert (last.x, last.y) == (chart.right, chart.top)
    assert [b.label for b in chart.bands] == ["5", "10", "15", "20"]
    assert chart.x_ticks and all(chart.left <= t.pos <= chart.right for t in chart.x_ticks)
    assert 0 < chart.bottom < HEIGHT


def test_step_series_holds_level_until_the_end() -> None:
    s = Series(
        "risk",
        "Risk",
        [Point(T0, 1, "low"), Point(T0 + dt.timedelta(days=10), 3, "high")],
        step=True,
    )
    chart = build_chart([s], y_max=3, end=T0 + dt.timedelta(days=20))
    coords = [tuple(map(float, pair.split(","))) for pair in chart.plots[0].path.split()]
    assert len(coords) == 4  # start, horizontal to the change, up, then held to the end
    assert coords[1][1] == coords[0][1] and coords[2][0] == coords[1][0]
    assert coords[-1] == (float(chart.right), coords[2][1])
    assert all(m.shape_points for m in chart.plots[0].markers)  # triangles, not only colour


def test_trends_skip_corrected_results_and_list_flag_changes(world) -> None:
    clinician = world.users["clinician"]
    first = services.record_assessment(
        actor=clinician,
        client=world.client,
        instrument="gad7",
        answers={f"item{i}": 3 for i in range(1, 8)},
    )
    services.record_assessment(
        actor=clinician,
        client=world.client,
        instrument="gad7",
        answers={f"item{i}": 1 for i in range(1, 8)},
        corrects=first,
        correction_reason="Wrong column",
    )
    services.set_risk_level(actor=clinician, client=world.client, level="moderate")
    trends = trends_for(world.client)
    gad = next(p for p in trends.scores.plots if p.key == "gad7")
    assert [m.label.split(" (")[0] for m in gad.markers] == ["GAD-7 7"]
    assert {(r.what, r.value) for r in trends.rows} == {("GAD-7", "7"), ("Risk level", "moderate")}
    assert not trends.risk.empty
