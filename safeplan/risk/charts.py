"""Trend charts as plain geometry for a server-rendered SVG (no Django imports, no JavaScript).

Readable without colour: each series has its own marker shape and line pattern, the risk levels are named
on the axis, every point has a text title, and the page shows the same data as a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 72, 16, 12, 30


@dataclass(frozen=True)
class Point:
    at: dt.datetime
    value: int
    label: str  # shown as the marker's title, e.g. "PHQ-9 12 (moderate), 3 Mar 2026"


@dataclass
class Series:
    key: str  # css class and marker shape: "phq9" (circle), "gad7" (square), "risk" (triangle)
    name: str
    points: list[Point]
    step: bool = False  # a level holds until it changes (the risk flag)


@dataclass
class Marker:
    x: float
    y: float
    label: str
    shape_points: str = ""  # polygon points for square/triangle markers


@dataclass
class Plot:
    key: str
    name: str
    path: str  # polyline points "x,y x,y ..."
    markers: list[Marker] = field(default_factory=list)


@dataclass
class Tick:
    pos: float
    label: str


@dataclass
class Chart:
    width: int
    height: int
    plots: list[Plot]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    bands: list[Tick]  # horizontal reference lines (cut-points)
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    empty: bool = False


def _shape(key: str, x: float, y: float) -> str:
    if key == "gad7":
        return f"{x - 4:.1f},{y - 4:.1f} {x + 4:.1f},{y - 4:.1f} {x + 4:.1f},{y + 4:.1f} {x - 4:.1f},{y + 4:.1f}"
    if key == "risk":
        return f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
    return ""


def _month_ticks(
    start: dt.datetime, end: dt.datetime, scale_x: Callable[[dt.datetime], float]
) -> list[Tick]:
    ticks: list[Tick] = []
    month = dt.datetime(start.year, start.month, 1, tzinfo=start.tzinfo)
    months = []
    while month <= end:
        if month >= start:
            months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    if not months:  # the range lies inside one month: label its start
        return [Tick(round(scale_x(start), 1), start.strftime("%-d %b %Y"))]
    step = -(-len(months) // 8)  # at most 8 labels
    for i, m in enumerate(months[::step]):
        text = m.strftime("%b %Y") if i == 0 or m.month == 1 else m.strftime("%b")
        ticks.append(Tick(round(scale_x(m), 1), text))
    return ticks


def build_chart(
    series: Sequence[Series],
    *,
    y_max: int,
    y_labels: dict[int, str] | None = None,
    bands: Sequence[int] = (),
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> Chart:
    """Lay out ``series`` on a time axis (``start``–``end``, default: the data's range)."""
    all_points = [p for s in series for p in s.points]
    if not all_points:
        return Chart(WIDTH, HEIGHT, [], [], [], [], empty=True)
    first = start or min(p.at for p in all_points)
    last = end or max(p.at for p in all_points)
    if last <= first:
        first, last = first - dt.timedelta(days=7), first + dt.timedelta(days=7)
    span = (last - first).total_seconds()
    x0, x1, y0, y1 = LEFT, WIDTH - RIGHT, HEIGHT - BOTTOM, TOP

    def sx(at: dt.datetime) -> float:
        return x0 + (x1 - x0) * (at - first).total_seconds() / span

    def sy(value: float) -> float:
        return y0 - (y0 - y1) * value / y_max

    plots: list[Plot] = []
    for s in series:
        ordered = sorted(s.points, key=lambda p: p.at)
        coords: list[tuple[float, float]] = []
        markers: list[Marker] = []
        for i, p in enumerate(ordered):
            x, y = sx(p.at), sy(p.value)
            if s.step and i > 0:
                coords.append((x, coords[-1][1]))
            coords.append((x, y))
            markers.append(Marker(round(x, 1), round(y, 1), p.label, _shape(s.key, x, y)))
        if s.step and ordered:
            coords.append((x1, coords[-1][1]))  # the current level holds until today
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        plots.append(Plot(s.key, s.name, path, markers))
    labels = y_labels or {v: str(v) for v in range(0, y_max + 1, 5 if y_max > 10 else 1)}
    y_ticks = [Tick(round(sy(v), 1), text) for v, text in sorted(labels.items())]
    band_ticks = [Tick(round(sy(v), 1), str(v)) for v in bands]
    return Chart(
        WIDTH,
        HEIGHT,
        plots,
        y_ticks,
        _month_ticks(first, last, sx),
        band_ticks,
    )
