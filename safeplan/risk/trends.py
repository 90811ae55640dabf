"""PHQ-9 and GAD-7 totals and the risk level over time, for the client page chart and its data table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from safeplan.risk.charts import Chart, Point, Series, build_chart
from safeplan.risk.models import Assessment, RiskFlagChange
from safeplan.risk.rules.base import LEVEL_RANK

WINDOW_DAYS = 365
CODE_LABELS = {
    "minimal": "minimal",
    "mild": "mild",
    "moderate": "moderate",
    "moderately_severe": "moderately severe",
    "severe": "severe",
}


@dataclass
class TrendRow:
    at: dt.datetime
    what: str
    value: str
    meaning: str


@dataclass
class Trends:
    scores: Chart
    risk: Chart
    rows: list[TrendRow]
    since: dt.datetime


def _fmt(at: dt.datetime) -> str:
    return timezone.localtime(at).strftime("%-d %b %Y")


def trends_for(client: Any, *, now: dt.datetime | None = None) -> Trends:
    now = now or timezone.now()
    since = now - dt.timedelta(days=WINDOW_DAYS)
    rows = list(
        Assessment.objects.filter(
            client_id=client.pk, instrument__in=("phq9", "gad7"), completed_at__gte=since
        )
        .order_by("completed_at", "id")
        .values("id", "instrument", "total", "code", "completed_at", "corrects_id")
    )
    corrected = {r["corrects_id"] for r in rows if r["corrects_id"]}
    series = {
        "phq9": Series("phq9", "PHQ-9 total (0–27)", []),
        "gad7": Series("gad7", "GAD-7 total (0–21)", []),
    }
    table: list[TrendRow] = []
    for r in rows:
        if r["id"] in corrected or r["total"] is None:
            continue  # a corrected result is replaced by its correction
        name = "PHQ-9" if r["instrument"] == "phq9" else "GAD-7"
        meaning = CODE_LABELS.get(r["code"], r["code"])
        series[r["instrument"]].points.append(
            Point(
                r["completed_at"],
                r["total"],
                f"{name} {r['total']} ({meaning}), {_fmt(r['completed_at'])}",
            )
        )
        table.append(TrendRow(r["completed_at"], name, str(r["total"]), meaning))
    changes = list(
        RiskFlagChange.objects.filter(client_id=client.pk)
        .order_by("set_at", "id")
        .values("level", "set_at", "source")
    )
    before = [c for c in changes if c["set_at"] < since]
    shown = [c for c in changes if c["set_at"] >= since]
    start = min(
        [p.at for s in series.values() for p in s.points] + [c["set_at"] for c in shown] + [now]
    )
    if before:
        start = since
    risk_points = []
    held = before[-1]["level"] if before else "none"
    if (before or shown) and (not shown or shown[0]["set_at"] > start):
        note = "held" if before else "never set before"
        risk_points.append(Point(start, LEVEL_RANK[held], f"Risk {held} ({note}), {_fmt(start)}"))
    for c in shown:
        how = "set by a clinician" if c["source"] == "clinician" else "raised by a result"
        risk_points.append(
            Point(
                c["set_at"],
                LEVEL_RANK[c["level"]],
                f"Risk {c['level']} ({how}), {_fmt(c['set_at'])}",
            )
        )
        table.append(TrendRow(c["set_at"], "Risk level", c["level"], how))
    table.sort(key=lambda t: t.at, reverse=True)
    scores = build_chart(
        [s for s in series.values() if s.points],
        y_max=27,
        bands=(5, 10, 15, 20),
        start=start,
        end=now,
    )
    risk = build_chart(
        [Series("risk", "Risk level", risk_points, step=True)] if risk_points else [],
        y_max=3,
        y_labels={0: "none", 1: "low", 2: "moderate", 3: "high"},
        start=start,
        end=now,
    )
    return Trends(scores=scores, risk=risk, rows=table, since=since)
