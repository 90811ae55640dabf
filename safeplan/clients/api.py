"""Client records: list, create, read, update, archive, care team, portal access."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from safeplan.accounts import services as account_services
from safeplan.audit import services as audit
from safeplan.clients import selectors, services
from safeplan.clients.access import get_client_for
from safeplan.clients.schemas import CareTeamIn, ClientIn, ClientListItem, ClientOut, ClientPatch
from safeplan.lib.validation import clean_text

router = Router(tags=["clients"])


class InvitationOut(Schema):
    path: str
    expires_at: str


@router.get("/clients", response=list[ClientListItem], summary="Clients the caller may see")
@paginate
def list_clients(
    request: HttpRequest,
    include_archived: bool = False,
    name: str = "",
) -> Any:
    """``name``: whole first, last or preferred names, any case or accents (never a prefix)."""
    user: Any = request.user
    clean = clean_text(name, field="name", limit=200) if name else ""
    audit.record(actor=user, action="client.listed", details={"name_search": bool(clean)})
    return selectors.caseload(user, include_archived=include_archived, name=clean)


@router.post("/clients", response={201: ClientOut}, summary="Create a client record")
def create_client(request: HttpRequest, payload: ClientIn) -> Any:
    client = services.create_client(actor=request.user, data=payload.dict())  # type: ignore[arg-type]
    return Status(201, selectors.client_as_dict(client))


@router.get("/clients/{client_id}", response=ClientOut, summary="One client record")
def get_client(request: HttpRequest, client_id: int) -> Any:
    return selectors.client_as_dict(selectors.client_detail(request.user, client_id))


@router.patch(
    "/clients/{client_id}", response=ClientOut, summary="Change fields of a client record"
)
def update_client(request: HttpRequest, client_id: int, payload: ClientPatch) -> Any:
    client = get_client_for(request.user, client_id)
    client = services.update_client(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        changes=payload.dict(exclude_unset=True),
    )
    return selectors.client_as_dict(client)


@router.post("/clients/{client_id}/archive", response=ClientOut, summary="Archive a client record")
def archive_client(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    client = services.archive_client(actor=request.user, client=client)  # type: ignore[arg-type]
    return selectors.client_as_dict(client)


@router.post(
    "/clients/{client_id}/care-team", response=ClientOut, summary="Add a clinician to the care team"
)
def add_care_team(request: HttpRequest, client_id: int, payload: CareTeamIn) -> Any:
    client = get_client_for(request.user, client_id)
    services.add_care_team_member(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        clinician_id=payload.clinician_id,
        primary=payload.primary,
    )
    return selectors.client_as_dict(client)


@router.post(
    "/clients/{client_id}/portal-invitation",
    response={201: InvitationOut},
    summary="Create a single-use portal invitation link (shown once)",
)
def invite(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    issued = account_services.invite_client_to_portal(actor=request.user, client=client)  # type: ignore[arg-type]
    return Status(
        201, {"path": issued.path, "expires_at": issued.invitation.expires_at.isoformat()}
    )


@router.delete(
    "/clients/{client_id}/portal-access",
    response={204: None},
    summary="Revoke the client's portal login",
)
def revoke_portal(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    account_services.revoke_portal_access(actor=request.user, client=client)  # type: ignore[arg-type]
    return Status(204, None)
