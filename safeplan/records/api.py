"""Records API: emergency access, psychotherapy notes, exports, retention and legal holds.

Mounted under /api/v1/ by safeplan.api. Client-scoped operations start with ``get_client_for`` (404 for
anyone who may not see the client).
"""

from typing import Any

from django.http import HttpRequest
from ninja import Body, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import Field

from safeplan.audit import services as audit
from safeplan.clients.access import get_client_for
from safeplan.records import export, fhir_export, fhir_import, notes, retention, services
from safeplan.records.schemas import (
    AuthorisationIn,
    AuthorisationOut,
    BreakGlassIn,
    GrantOut,
    LegalHoldIn,
    LegalHoldOut,
    LookupIn,
    LookupOut,
    NoteIn,
    NoteOut,
    RetentionOut,
)

router = Router(tags=["records"])


# Break the glass ----------------------------------------------------------------------------------


@router.post(
    "/break-glass/lookup",
    response=LookupOut,
    summary="Whether a client with this record number exists in your organisation (nothing more)",
)
def lookup(request: HttpRequest, payload: LookupIn) -> Any:
    exists = services.client_exists(actor=request.user, record_number=payload.record_number)  # type: ignore[arg-type]
    return {"exists": exists}


@router.post(
    "/break-glass",
    response={201: GrantOut},
    summary="Emergency access to a client outside your care team, with a reason (time-limited)",
)
def break_the_glass(request: HttpRequest, payload: BreakGlassIn) -> Any:
    grant = services.break_the_glass(
        actor=request.user,  # type: ignore[arg-type]
        record_number=payload.record_number,
        reason=payload.reason,
    )
    return Status(201, grant)


@router.get(
    "/break-glass",
    response=list[GrantOut],
    summary="Emergency access grants: your own, or your organisation's for supervisors",
)
@paginate
def list_grants(request: HttpRequest) -> Any:
    grants = services.grants_visible_to(request.user)
    audit.record(actor=request.user, action="records.break_glass_listed")
    return grants


@router.post(
    "/break-glass/{grant_id}/end",
    response=GrantOut,
    summary="End your emergency access before it expires",
)
def end_grant(request: HttpRequest, grant_id: int) -> Any:
    return services.end_break_glass(actor=request.user, grant_id=grant_id)  # type: ignore[arg-type]


# Psychotherapy notes ------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/psychotherapy-notes",
    response=list[NoteOut],
    summary="Your own psychotherapy notes about this client (nobody else's)",
)
def list_notes(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    return notes.list_notes(actor=request.user, client=client)


@router.post(
    "/clients/{client_id}/psychotherapy-notes",
    response={201: NoteOut},
    summary="Write a psychotherapy note (or a correction of one of yours)",
)
def write_note(request: HttpRequest, client_id: int, payload: NoteIn) -> Any:
    client = get_client_for(request.user, client_id)
    note = notes.write_note(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        body=payload.body,
        corrects_id=payload.corrects_id,
    )
    return Status(201, note)


@router.get(
    "/clients/{client_id}/psychotherapy-notes/{note_id}",
    response=NoteOut,
    summary="One of your psychotherapy notes",
)
def get_note(request: HttpRequest, client_id: int, note_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    return notes.get_note(actor=request.user, client=client, note_id=note_id)


@router.get(
    "/clients/{client_id}/psychotherapy-note-authorisations",
    response=list[AuthorisationOut],
    summary="The client's authorisations to release your psychotherapy notes",
)
def list_authorisations(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    return notes.list_authorisations(actor=request.user, client=client)


@router.post(
    "/clients/{client_id}/psychotherapy-note-authorisations",
    response={201: AuthorisationOut},
    summary="Record the client's signed authorisation to release your psychotherapy notes",
)
def record_authorisation(request: HttpRequest, client_id: int, payload: AuthorisationIn) -> Any:
    client = get_client_for(request.user, client_id)
    found = notes.record_authorisation(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        **payload.dict(),
    )
    return Status(201, found)


@router.post(
    "/clients/{client_id}/psychotherapy-note-authorisations/{authorisation_id}/revoke",
    response=AuthorisationOut,
    summary="Record that the client revoked an authorisation",
)
def revoke_authorisation(request: HttpRequest, client_id: int, authorisation_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    return notes.revoke_authorisation(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        authorisation_id=authorisation_id,
    )


# Exports ------------------------------------------------------------------------------------------


class ExportQuery(Schema):
    include_psychotherapy_notes: bool = False
    authorisation_id: int | None = Field(default=None, ge=1)


@router.get(
    "/clients/{client_id}/export",
    response=dict[str, Any],
    summary="Everything about one client as JSON (right of access); psychotherapy notes only by authorisation",
)
def export_json(request: HttpRequest, client_id: int, params: Query[ExportQuery]) -> Any:
    client = get_client_for(request.user, client_id)
    return export.export_client(
        actor=request.user,
        client=client,
        include_psychotherapy_notes=params.include_psychotherapy_notes,
        authorisation_id=params.authorisation_id,
    )


@router.get(
    "/clients/{client_id}/export/fhir",
    response=dict[str, Any],
    summary="The client's record as a FHIR R4 Bundle (Patient, RelatedPerson, Consent, CarePlan, …)",
)
def export_fhir(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    return fhir_export.export_bundle(actor=request.user, client=client)


class ImportedOut(Schema):
    client_id: int
    record_number: str


@router.post(
    "/clients/import/fhir",
    response={201: ImportedOut},
    summary="Recreate a client's record from a FHIR Bundle exported by Safeplan (same organisation)",
)
def import_fhir(request: HttpRequest, payload: dict[str, Any] = Body(...)) -> Any:  # noqa: B008
    client = fhir_import.import_bundle(actor=request.user, payload=payload)
    return Status(201, {"client_id": client.pk, "record_number": client.record_number})


# Retention and legal holds -------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/retention",
    response=RetentionOut,
    summary="When retention will anonymise or delete this record, and the legal holds that stop it",
)
def retention_status(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    holds = list(services.active_legal_holds(client))
    audit.record(actor=request.user, action="records.retention_viewed", client=client)
    return {
        "client_id": client.pk,
        "archived": client.archived_at is not None,
        "retention_years": retention.retention_years(client.organisation),
        "action": retention.retention_action(client.organisation),
        "due_on": retention.due_on(client),
        "held": bool(holds),
        "legal_holds": holds,
    }


@router.post(
    "/clients/{client_id}/legal-holds",
    response={201: LegalHoldOut},
    summary="Place a legal hold (stops retention)",
)
def place_hold(request: HttpRequest, client_id: int, payload: LegalHoldIn) -> Any:
    client = get_client_for(request.user, client_id)
    hold = services.place_legal_hold(actor=request.user, client=client, reason=payload.reason)  # type: ignore[arg-type]
    return Status(201, hold)


@router.post(
    "/clients/{client_id}/legal-holds/{hold_id}/release",
    response=LegalHoldOut,
    summary="Release a legal hold",
)
def release_hold(request: HttpRequest, client_id: int, hold_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    return services.release_legal_hold(actor=request.user, client=client, hold_id=hold_id)  # type: ignore[arg-type]
