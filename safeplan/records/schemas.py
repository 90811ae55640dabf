"""Request and response shapes of the records API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from ninja import Schema
from pydantic import AfterValidator, Field, StringConstraints

from safeplan.lib.validation import no_control_chars, no_control_chars_multiline

RecordNumber = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9-]+$"),
    AfterValidator(no_control_chars),
]
Reason = Annotated[
    str,
    StringConstraints(min_length=10, max_length=1000),
    AfterValidator(no_control_chars_multiline),
]
NoteBody = Annotated[
    str,
    StringConstraints(min_length=1, max_length=20000),
    AfterValidator(no_control_chars_multiline),
]
Short = Annotated[
    str,
    StringConstraints(min_length=1, max_length=300),
    AfterValidator(no_control_chars_multiline),
]


class LookupIn(Schema):
    record_number: RecordNumber


class LookupOut(Schema):
    exists: bool


class BreakGlassIn(Schema):
    record_number: RecordNumber
    reason: Reason


class GrantOut(Schema):
    id: int
    client_id: int
    record_number: str
    user_id: int
    granted_at: dt.datetime
    expires_at: dt.datetime
    ended_at: dt.datetime | None
    active: bool
    reason: str

    @staticmethod
    def resolve_record_number(obj: Any) -> str:
        return str(obj.client.record_number)

    @staticmethod
    def resolve_active(obj: Any) -> bool:
        return bool(obj.is_active())


class NoteIn(Schema):
    body: NoteBody
    corrects_id: int | None = Field(default=None, ge=1)


class NoteOut(Schema):
    id: int
    client_id: int
    author_id: int
    body: str
    created_at: dt.datetime
    corrects_id: int | None


class AuthorisationIn(Schema):
    signed_on: dt.date
    recipient: Short
    purpose: Short
    notes_from: dt.date
    notes_to: dt.date
    expires_on: dt.date


class AuthorisationOut(Schema):
    id: int
    client_id: int
    author_id: int
    recorded_at: dt.datetime
    signed_on: dt.date
    recipient: str
    purpose: str
    notes_from: dt.date
    notes_to: dt.date
    expires_on: dt.date
    revoked_at: dt.datetime | None


class LegalHoldIn(Schema):
    reason: Reason


class LegalHoldOut(Schema):
    id: int
    client_id: int
    placed_by_id: int
    placed_at: dt.datetime
    reason: str
    released_by_id: int | None
    released_at: dt.datetime | None


class RetentionOut(Schema):
    client_id: int
    archived: bool
    retention_years: int
    action: str
    due_on: dt.date | None
    held: bool
    legal_holds: list[LegalHoldOut]
