"""API shapes for check-ins, caring contacts, messages, notifications, the dashboard and the calendar feed."""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import Field

from safeplan.lib.validation import ShortText


class ScheduleIn(Schema):
    interval_days: int | None = Field(
        default=None, description="days between check-ins; null: follow the risk level"
    )
    interval_reason: str | None = Field(
        default=None,
        max_length=500,
        description="required to keep a fixed interval longer than the current risk level's cadence",
    )
    reminder_channel: str | None = Field(default=None, max_length=8, description="none, sms, email")
    time_zone: ShortText | None = Field(default=None, description="IANA name, e.g. America/Chicago")
    quiet_start: str | None = Field(
        default=None, max_length=5, description="HH:MM on the client's clock"
    )
    quiet_end: str | None = Field(
        default=None, max_length=5, description="HH:MM on the client's clock"
    )
    screener: str | None = Field(
        default=None, max_length=20, description="phq9, gad7, asq or empty"
    )
    active: bool | None = None


class ScheduleOut(Schema):
    schedule: dict[str, Any] | None
    open_checkin: dict[str, Any] | None


class AnswersIn(Schema):
    answers: dict[str, Any] = Field(
        description=(
            "mood 0-10, urges 0-10, safe_now true/false, used_plan true/false, "
            "plan_helped yes/somewhat/no (when used_plan), changes (text, optional)"
        )
    )


class CheckInOut(Schema):
    checkin: dict[str, Any]
    crisis_resources: dict[str, Any] | None = None


class CloseIn(Schema):
    outcome: str = Field(
        max_length=24,
        description=(
            "reached, no_answer, message_left, unable_to_reach, wrong_number, declined, "
            "reached_support_person"
        ),
    )


class SeriesIn(Schema):
    reason: str = Field(max_length=12, description="crisis, discharge or ended_care")
    channel: str = Field(max_length=8, description="sms, email or portal")
    language: str | None = Field(default=None, max_length=8, description="en or es")
    schedule: str | None = Field(
        default=None,
        max_length=24,
        description="comtois_11_in_12 or va_caring_letters (default: the organisation's)",
    )
    months: int | None = Field(default=None, description="12 to 24 (default: the organisation's)")


class MessageIn(Schema):
    body: str = Field(description="at most 2000 characters")
    in_reply_to: int | None = None


class SentOut(Schema):
    message: dict[str, Any]
    crisis: bool
    auto_reply: dict[str, Any] | None = None
    crisis_resources: dict[str, Any] | None = None


class CaringTextIn(Schema):
    body: str = Field(description="at most 600 characters; empty restores Safeplan's wording")


class FeedOut(Schema):
    url: str
