"""JSON API for lethal-means counselling records and their storage checks (mounted by safeplan.api).

Every route starts with ``get_client_for`` (404 for anyone who may not see the client); reads are audited.
"""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from safeplan.audit import services as audit
from safeplan.clients.access import get_client_for
from safeplan.lib.errors import InvalidInput
from safeplan.lib.validation import LongText, ShortText
from safeplan.plans import means_counselling as means
from safeplan.plans.means_models import MeansCheck, MeansCounselling

router = Router(tags=["lethal-means counselling"])


class AgreementIn(Schema):
    means: Literal["firearm", "medication", "other"]
    action: Literal[
        "stored_off_site",
        "locked_unloaded",
        "locked",
        "limited_quantity",
        "disposed_of",
        "no_access_confirmed",
        "declined",
    ]
    with_person: ShortText = Field(default="", description="who keeps it (stored_off_site)")
    details: ShortText = ""


class CounsellingIn(Schema):
    means: list[Literal["firearm", "medication", "other"]]
    counselled: list[Literal["client", "support_person"]]
    support_person_name: ShortText = ""
    other_means: ShortText = ""
    agreements: list[AgreementIn]
    notes: LongText = ""
    check_in_hours: int | None = Field(
        default=None, description="when to check the storage (default 72 hours; CALM-ED 48–72 h)"
    )
    corrects: int | None = Field(default=None, description="id of the record this corrects")
    correction_reason: LongText = ""


class CheckOut(Schema):
    id: int
    due_at: dt.datetime
    status: str
    outcome: str
    note: str
    done_at: dt.datetime | None
    alerted: bool


class CounsellingOut(Schema):
    id: int
    client_id: int
    means: list[str]
    counselled: list[str]
    support_person_name: str
    other_means: str
    agreements: list[dict[str, str]]
    notes: str
    counselled_by: str
    counselled_at: dt.datetime
    corrects: int | None
    correction_reason: str
    check: CheckOut | None


class CheckIn(Schema):
    outcome: Literal["confirmed", "partly", "not_done", "unable_to_reach"]
    note: LongText = ""


def _check(c: MeansCheck | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {
        "id": c.pk,
        "due_at": c.due_at,
        "status": c.status,
        "outcome": c.outcome,
        "note": c.note,
        "done_at": c.done_at,
        "alerted": c.alerted_at is not None,
    }


def _out(r: MeansCounselling, check: MeansCheck | None) -> dict[str, Any]:
    return {
        "id": r.pk,
        "client_id": r.client_id,
        "means": list(r.means),
        "counselled": list(r.counselled),
        "support_person_name": r.support_person_name,
        "other_means": r.other_means,
        "agreements": list(r.agreements),
        "notes": r.notes,
        "counselled_by": r.counselled_by.label,
        "counselled_at": r.counselled_at,
        "corrects": r.corrects_id,
        "correction_reason": r.correction_reason,
        "check": _check(check),
    }


@router.get(
    "/clients/{client_id}/means-counselling",
    response=list[CounsellingOut],
    summary="Lethal-means counselling records in force (corrected ones replaced), newest first",
)
def list_counselling(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    rows = means.current_counselling(client)
    audit.record(
        actor=request.user,
        action="means_counselling.listed",
        client=client,
        details={"count": len(rows)},
    )
    return [_out(r, getattr(r, "check_row", None)) for r in rows]


@router.post(
    "/clients/{client_id}/means-counselling",
    response={201: CounsellingOut},
    summary="Record lethal-means counselling (or a correction: a new record pointing at the old one)",
)
def create_counselling(request: HttpRequest, client_id: int, payload: CounsellingIn) -> Any:
    client = get_client_for(request.user, client_id)
    corrects = None
    if payload.corrects is not None:
        corrects = MeansCounselling.objects.filter(client_id=client.pk, pk=payload.corrects).first()
        if corrects is None:
            raise InvalidInput("no such counselling record for this client", field="corrects")
    data = payload.dict(exclude={"corrects", "correction_reason"})
    record = means.record_counselling(
        actor=request.user,
        client=client,
        data=data,
        corrects=corrects,
        correction_reason=payload.correction_reason,
    )
    check = MeansCheck.objects.filter(counselling=record).first()
    return Status(201, _out(record, check))


@router.post(
    "/clients/{client_id}/means-counselling/{record_id}/check",
    response=CounsellingOut,
    summary="Record the storage check's outcome (confirmed, partly, not done, unable to reach)",
)
def record_check(request: HttpRequest, client_id: int, record_id: int, payload: CheckIn) -> Any:
    client = get_client_for(request.user, client_id)
    record = means.counselling_for(client, record_id)
    check = MeansCheck.objects.filter(counselling=record).first()
    if check is None:
        raise InvalidInput("this record has no storage check", field="record_id")
    done = means.record_check(
        actor=request.user, check=check, outcome=payload.outcome, note=payload.note
    )
    return _out(record, done)
