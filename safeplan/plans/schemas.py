"""API shapes of the safety plan. Entry fields and limits mirror ``plans.rules`` (which checks them again,
with the client's country for phone numbers)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import ConfigDict, Field

from safeplan.plans import rules

Author = Literal["client", "clinician"]
EntryId = Field(default=None, max_length=24, pattern=r"^[A-Za-z0-9]+$")
Text = Field(default="", max_length=rules.TEXT_MAX)
Name = Field(default="", max_length=rules.NAME_MAX)
Phone = Field(default="", max_length=32)


class _Entry(Schema):
    model_config = ConfigDict(extra="forbid")
    id: str | None = EntryId
    author: Author | None = None


class TextEntry(_Entry):
    text: str = Text


class CopingEntry(_Entry):
    text: str = Text
    skill: str = Field(default="", max_length=40, description="a code from the self-care library")


class DistractionEntry(_Entry):
    kind: Literal["person", "place"] = "person"
    name: str = Name
    phone: str = Phone
    text: str = Text


class HelpPersonEntry(_Entry):
    name: str = Name
    relationship: str = Name
    phone: str = Phone
    text: str = Text


class ProfessionalEntry(_Entry):
    kind: Literal[
        "clinician", "professional", "after_hours", "crisis_line", "emergency_department"
    ] = "professional"
    name: str = Name
    phone: str = Phone
    sms: str = Phone
    text: str = Text
    origin: Literal["plan", "directory"] = Field(
        default="plan", description="directory entries are refreshed by the server and ignored here"
    )
    ref: str = Field(default="", max_length=64)
    source: str = Field(default="", max_length=300)


class MeansEntry(_Entry):
    means: Literal["firearm", "medication", "sharps", "ligature", "household_poison", "other"]
    action: Literal[
        "removed",
        "locked",
        "given_to_trusted_person",
        "disposed_of",
        "no_access_confirmed",
        "not_yet",
    ] = "not_yet"
    responsible: str = Name
    status: Literal["planned", "done"] = "planned"
    date: str | None = Field(
        default="", pattern=r"^(\d{4}-\d{2}-\d{2})?$", description="YYYY-MM-DD, or empty"
    )
    text: str = Text


class Sections(Schema):
    model_config = ConfigDict(extra="forbid")
    warning_signs: list[TextEntry] = Field(default_factory=list, max_length=rules.ENTRIES_MAX)
    coping: list[CopingEntry] = Field(default_factory=list, max_length=rules.ENTRIES_MAX)
    distractions: list[DistractionEntry] = Field(default_factory=list, max_length=rules.ENTRIES_MAX)
    help_people: list[HelpPersonEntry] = Field(default_factory=list, max_length=rules.ENTRIES_MAX)
    professionals: list[ProfessionalEntry] = Field(
        default_factory=list, max_length=rules.ENTRIES_MAX
    )
    environment: list[MeansEntry] = Field(default_factory=list, max_length=rules.ENTRIES_MAX)
    reasons: list[TextEntry] = Field(default_factory=list, max_length=rules.ENTRIES_MAX)


class PlanIn(Schema):
    model_config = ConfigDict(extra="forbid")
    base_version: int = Field(
        ge=0, description="the version this edit started from (0 for a new plan)"
    )
    sections: Sections
    change_note: str = Field(default="", max_length=500)
    review_due: dt.date | None = Field(
        default=None, description="an earlier review date than the default for the risk level"
    )

    def raw_sections(self) -> dict[str, Any]:
        return self.sections.model_dump(exclude_none=True)


class Person(Schema):
    id: int | None
    name: str
    role: str


class SignatureOut(Schema):
    role: str
    name: str
    method: str
    signed_at: dt.datetime
    recorded_by: Person


class SignIn(Schema):
    model_config = ConfigDict(extra="forbid")
    method: Literal["clinician_login", "verbal_in_session", "paper"] = "clinician_login"
    name: str = Field(
        default="", max_length=100, description="the client's name, when recording theirs"
    )


class Warning(Schema):
    code: str
    message: str


class PlanOut(Schema):
    client_id: int
    number: int
    current_number: int
    is_current: bool
    signed_number: int | None = Field(
        description="the newest version signed by client and clinician"
    )
    created_at: dt.datetime
    author: Person | None
    origin: str
    based_on: int | None
    change_note: str
    review_due: dt.date
    review_basis: str
    plan_review_due: dt.date | None
    content_hash: str
    signatures: list[SignatureOut]
    sections: dict[str, list[dict[str, Any]]]
    warnings: list[Warning]


class VersionSummary(Schema):
    number: int
    created_at: dt.datetime
    author: Person | None
    origin: str
    based_on: int | None
    change_note: str
    review_due: dt.date
    signatures: list[SignatureOut]
    changes: int


class ChangeOut(Schema):
    kind: str
    section: str
    entry_id: str
    fields: list[str]
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    summary: str


class DiffOut(Schema):
    from_number: int
    to_number: int
    changes: list[ChangeOut]


class CommentOut(Schema):
    author: Person
    text: str
    created_at: dt.datetime


class ProposalOut(Schema):
    id: int
    base_number: int
    status: str
    message: str
    created_at: dt.datetime
    proposed_by: Person
    resolved_by: Person | None
    resolved_at: dt.datetime | None
    resulting_number: int | None
    changes: list[ChangeOut]
    conflicts: list[str]
    comments: list[CommentOut]


class AcceptIn(Schema):
    model_config = ConfigDict(extra="forbid")
    base_version: int | None = Field(
        default=None, ge=0, description="the current version the clinician reviewed"
    )


class ReplyIn(Schema):
    model_config = ConfigDict(extra="forbid")
    reply: str = Field(min_length=1, max_length=1000)


class CommentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=1000)


class SkillOut(Schema):
    code: str
    title: str
    steps: list[str]
