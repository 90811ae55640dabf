"""API shapes for assessments, the risk flag, requests and official instrument text."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from safeplan.lib.validation import LongText


class PersonOut(Schema):
    id: int | None
    name: str


class AssessmentIn(Schema):
    instrument: str = Field(
        max_length=40, description="asq, phq9, phqa, gad7, cssrs_screener, bssa or safet"
    )
    answers: dict[str, Any] = Field(
        description=(
            "Items may be left out: the screener is then stored as incomplete. "
            "asq: q1–q5 yes, no or refused; phq9: item1–item9 0–3 (+ difficulty); "
            "gad7: item1–item7 0–3; cssrs_screener: '1'–'6' yes/no and '6_recent'; "
            "phqa: item1–item9 0–3, serious_thoughts_past_month and attempt_ever yes/no "
            "(+ past_year, difficulty); bssa: thoughts_past_weeks, thoughts_now, plan, attempt_ever "
            "yes/no, disposition (emergency_evaluation, further_evaluation, non_urgent_follow_up, "
            "no_further_intervention) and the optional interview items; "
            "safet: the formulation (risk_factors, protective_factors, inquiry, level, rationale, "
            "intervention, follow_up, ...)"
        )
    )
    variant: str | None = Field(
        default=None,
        max_length=40,
        description="cssrs_screener: since_last_contact; bssa (required): adult or youth worksheet",
    )
    corrects: int | None = Field(default=None, description="id of the assessment this corrects")
    follows: int | None = Field(
        default=None, description="bssa: id of the positive ASQ this assessment follows up"
    )
    correction_reason: LongText = ""
    confirm: bool = Field(
        default=False,
        description=(
            "safet only: confirm a level of low that the inquiry (plan, intent or behaviours present) "
            "or a same-day C-SSRS high / ASQ acute positive contradicts; needs confirm_reason"
        ),
    )
    confirm_reason: LongText = Field(default="", description="why low stands (kept on the record)")


class AssessmentOut(Schema):
    id: int
    client_id: int
    instrument: str
    version: str
    language: str
    code: str
    total: int | None
    level: str = Field(description="risk level this result implies for the flag")
    positive: bool
    flags: list[str]
    explanation: list[str]
    suicide_screen_prompted: bool
    complete: bool = Field(
        description="false when items were not answered: no total, but answered safety items act"
    )
    missing: list[str] = Field(description="the items not answered, in the instrument's order")
    channel: str
    administered_by: PersonOut
    completed_at: dt.datetime
    request_id: int | None
    corrects: int | None
    corrected_by: list[int]
    follows: int | None = Field(default=None, description="the screen this one follows up (BSSA)")
    risk_level_after: str | None = Field(
        default=None, description="the client's risk flag right after this was recorded (POST only)"
    )


class AssessmentDetailOut(AssessmentOut):
    answers: dict[str, Any]
    item_text: dict[str, str]
    correction_reason: str
    confirmation_reason: str


class FlagChangeOut(Schema):
    id: int
    level: str
    previous_level: str
    lowered: bool
    source: str
    assessment_id: int | None
    set_by: PersonOut | None
    set_at: dt.datetime
    reason: str


class RiskFlagOut(Schema):
    level: str
    current: FlagChangeOut | None
    history: list[FlagChangeOut]
    crisis_banner: bool
    suicide_screen_prompted_by: int | None = Field(
        description="a PHQ-9 with item 9 > 0 not yet followed by an ASQ or C-SSRS screener"
    )


class RiskFlagIn(Schema):
    level: str = Field(max_length=10, description="none, low, moderate or high")
    reason: LongText = Field(default="", description="required when lowering the level")


class RequestIn(Schema):
    instrument: str = Field(max_length=40)
    due_on: dt.date | None = None
    repeat_every_days: int | None = Field(default=None, description="1–365; omit for once")


class RequestOut(Schema):
    id: int
    client_id: int
    instrument: str
    requested_by: PersonOut
    requested_at: dt.datetime
    due_on: dt.date
    repeat_every_days: int | None
    status: str
    completed_at: dt.datetime | None
    cancelled_at: dt.datetime | None


class InstrumentTextIn(Schema):
    instrument: str = Field(max_length=40)
    language: str = Field(default="en", max_length=8)
    version: str = Field(max_length=80)
    items: dict[str, Any]
    copyright_notice: LongText = ""


class InstrumentTextOut(Schema):
    id: int
    instrument: str
    language: str
    version: str
    items: dict[str, str]
    copyright_notice: str
    loaded_by: PersonOut
    loaded_at: dt.datetime


class InstrumentItemOut(Schema):
    key: str
    text: str
    kind: str
    options: list[list[str]]
    optional: bool


class InstrumentOut(Schema):
    instrument: str
    title: str
    language: str
    stem: str
    items: list[InstrumentItemOut]
    attribution: str
    official_text_loaded: bool


class FollowUpTaskOut(Schema):
    id: int
    client_id: int
    assessment_id: int
    reason: str = Field(description="portal_item9 or portal_suicide_risk")
    due_at: dt.datetime
    created_at: dt.datetime
    completed_at: dt.datetime | None
    outcome: str
    note: str


class FollowUpTaskDoneIn(Schema):
    outcome: Literal["contacted", "seen", "escalated"]
    note: LongText = ""
