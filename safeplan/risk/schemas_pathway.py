"""API shapes for a result's pathway: the next actions and what was done or declined (issue 11)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

from safeplan.risk.schemas import PersonOut

ActionCode = Literal[
    "keep_on_line",
    "stat_evaluation",
    "open_crisis",
    "emergency_card",
    "crisis_resources",
    "safet",
    "bssa",
    "safety_plan",
    "suicide_screen",
    "suicide_screen_cssrs",
    "clinician_alerted",
    "client_saw_resources",
    "contact_client",
]
ActionKind = Literal["assessment", "crisis", "card", "instruction", "automatic"]


class PathwayActionIn(Schema):
    action: ActionCode
    outcome: Literal["done", "declined"]
    reason: str = Field(default="", max_length=500, description="required when declined")


class PathwayActionOut(Schema):
    id: int
    assessment_id: int
    pathway: str
    action: str
    outcome: Literal["done", "declined"]
    reason: str
    recorded_by: PersonOut | None
    recorded_at: dt.datetime


class PathwayStepOut(Schema):
    number: int
    action: ActionCode
    title: str
    do: str
    kind: ActionKind
    target: str = Field(description="the instrument to run, or the crisis type to preselect")
    href: str = Field(description="where the page's button goes (empty for an instruction)")
    source: str
    status: Literal["open", "done", "declined", "automatic"]
    record: PathwayActionOut | None


class PathwayOut(Schema):
    assessment_id: int
    pathway: str | None = Field(description="null when the result needs no next step")
    title: str = ""
    urgency: Literal["stop", "now", "today", ""] = ""
    summary: str = ""
    source: str = ""
    open_steps: int = 0
    steps: list[PathwayStepOut] = []
    history: list[PathwayActionOut] = []
