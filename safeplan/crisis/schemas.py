"""API shapes for crisis events, their timeline, disclosures, notes, follow-ups and protocols.

Separate create / read shapes per resource (Netflix Dispatch, STYLE.md). Input text is checked again by the
services, which name the field in any error.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

from safeplan.lib.validation import LongText


class PersonOut(Schema):
    id: int | None
    name: str


class CrisisOpenIn(Schema):
    crisis_type: str = Field(
        max_length=40,
        description="suicidal_ideation, self_harm, harm_to_others, medical_emergency, abuse_disclosure, "
        "intoxication_overdose, other (lost_connection: POST /sessions/{id}/disconnections)",
    )


class DisconnectionIn(Schema):
    clinician_flag: bool = Field(
        default=False, description="the clinician judges the client at risk this session"
    )


class EntryIn(Schema):
    kind: str = Field(max_length=40, description="step_done, step_skipped, call, message_sent, ...")
    payload: dict[str, Any] = Field(default_factory=dict)
    idempotency_key: str = Field(
        default="", max_length=64, description="the same key twice writes one entry (double tap)"
    )
    occurred_at: dt.datetime | None = Field(
        default=None, description="when it happened, if recorded afterwards"
    )


class CorrectionIn(Schema):
    payload: dict[str, Any] = Field(default_factory=dict)
    reason: LongText
    entered_in_error: bool = False
    idempotency_key: str = Field(default="", max_length=64)


class CloseIn(Schema):
    outcome: str | None = Field(default=None, max_length=40)
    disposition: str | None = Field(default=None, max_length=40)
    risk_level: str | None = Field(default=None, max_length=10)
    follow_up_hours: int | None = None
    note: LongText = ""
    skipped: dict[str, str] = Field(
        default_factory=dict,
        description="safety-critical steps skipped with the close: step code → the reason",
    )
    follow_up_skip_reason: str = Field(
        default="", max_length=500, description="no follow-up contact is scheduled, and why"
    )


class DisclosureIn(Schema):
    recipient_name: str | None = Field(default=None, max_length=400)
    recipient_type: str | None = Field(default=None, max_length=40)
    recipient_affiliation: str | None = Field(default=None, max_length=400)
    basis: str | None = Field(default=None, max_length=40)
    basis_detail: str | None = Field(default=None, max_length=4000)
    information_disclosed: str | None = Field(default=None, max_length=4000)
    nature_of_emergency: str | None = Field(default=None, max_length=4000)
    disclosed_at: dt.datetime | None = None
    entry_id: int | None = None
    disclosed_by_id: int | None = None
    corrects_id: int | None = None


class NoteIn(Schema):
    content: dict[str, Any]


class NoteSignIn(Schema):
    content: dict[str, Any] | None = None


class FollowUpIn(Schema):
    outcome: str = Field(max_length=40)
    note: LongText = ""


class ProtocolIn(Schema):
    steps: list[dict[str, Any]]


class EntryOut(Schema):
    id: int
    seq: int
    kind: str
    label: str
    text: str
    at: dt.datetime
    occurred_at: dt.datetime | None
    by: PersonOut | None
    by_role: str
    payload: dict[str, Any]
    corrects: int | None = Field(description="seq of the entry this corrects")
    corrected_by: list[int] = Field(description="seqs of later corrections")


class PromptOut(Schema):
    entry_id: int
    recipient_type: str
    recipient_name: str
    why: str
    suggested_basis: str


class DisclosureOut(Schema):
    id: int
    entry_id: int | None
    recipient_name: str
    recipient_type: str
    recipient_affiliation: str
    basis: str
    basis_detail: str
    information_disclosed: str
    nature_of_emergency: str
    disclosed_at: dt.datetime
    disclosed_by: PersonOut
    recorded_by: PersonOut
    recorded_at: dt.datetime
    corrects: int | None


class ProtocolStateOut(Schema):
    step: str
    step_title: str
    at_risk: bool
    at_risk_reasons: list[str]
    deadline: dt.datetime | None
    seconds_left: int | None
    overdue: bool
    escalated: str
    escalated_at: dt.datetime | None
    outcome: str
    timers: dict[str, int]
    timers_from_plan: bool
    actions: list[dict[str, Any]]


class NoteOut(Schema):
    id: int
    event_id: int
    status: str
    amends: int | None
    content: dict[str, str]
    drafted_by: PersonOut
    drafted_at: dt.datetime
    signed_by: PersonOut | None
    signed_at: dt.datetime | None


class FollowUpOut(Schema):
    id: int
    due_at: dt.datetime
    status: str
    assigned_to: PersonOut
    outcome: str
    done_at: dt.datetime | None


class CrisisOut(Schema):
    id: int
    client_id: int
    record_number: str
    session_id: int | None
    crisis_type: str
    crisis_type_label: str
    status: str
    opened_by: PersonOut
    opened_at: dt.datetime
    closed_by: PersonOut | None
    closed_at: dt.datetime | None
    outcome: str
    disposition: str
    risk_level_at_close: str
    follow_up_due_at: dt.datetime | None


class CrisisDetailOut(CrisisOut):
    protocol: list[dict[str, Any]]
    protocol_version: int
    step_status: dict[str, str]
    participants: list[PersonOut]
    timeline: list[EntryOut]
    disclosure_prompts: list[PromptOut]
    disclosures: list[DisclosureOut]
    notes: list[NoteOut]
    disconnection: ProtocolStateOut | None
    follow_up: FollowUpOut | None


class ProtocolOut(Schema):
    crisis_type: str
    label: str
    version: int
    steps: list[dict[str, Any]]
