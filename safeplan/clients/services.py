"""Every write to a client record: one transaction, one audit entry, validated before anything is saved."""

from __future__ import annotations

import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from safeplan.accounts.models import Role, User
from safeplan.audit import services as audit
from safeplan.clients.models import CareTeamMember, Client
from safeplan.lib import times
from safeplan.lib.errors import InvalidInput, NotAllowed
from safeplan.lib.validation import parse_phone

EDITABLE = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "pronouns",
    "preferred_language",
    "time_zone",
    "country",
    "region",
    "phone",
    "email",
)


def _require_clinical(actor: Any) -> None:
    if not getattr(actor, "is_clinical", False):
        raise NotAllowed("only clinicians and supervisors change client records")


def _clean_contact(data: dict[str, Any], country: str) -> dict[str, Any]:
    if data.get("phone"):
        try:
            data["phone"] = parse_phone(data["phone"], country)
        except ValueError as exc:
            raise InvalidInput(f"phone {exc}", field="phone") from exc
    if data.get("email"):
        try:
            validate_email(data["email"])
        except ValidationError as exc:
            raise InvalidInput("email is not a valid address", field="email") from exc
    if "region" in data and data["region"] is not None:
        data["region"] = data["region"].upper()
    return data


def _new_record_number(organisation_id: int) -> str:
    while True:
        candidate = "C-" + secrets.token_hex(3).upper()
        if not Client.objects.filter(
            organisation_id=organisation_id, record_number=candidate
        ).exists():
            return candidate


@transaction.atomic
def create_client(*, actor: User, data: dict[str, Any], add_to_care_team: bool = True) -> Client:
    _require_clinical(actor)
    data = _clean_contact(dict(data), data.get("country", "US"))
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"unknown field {sorted(unknown)[0]}", field=sorted(unknown)[0])
    client = Client(organisation=actor.organisation, **data)
    client.record_number = _new_record_number(actor.organisation_id or 0)
    client.save()
    if add_to_care_team and actor.role == Role.CLINICIAN:
        CareTeamMember.objects.create(client=client, clinician=actor, primary=True)
    audit.record(actor=actor, action="client.created", client=client, target=client)
    return client


@transaction.atomic
def update_client(*, actor: User, client: Client, changes: dict[str, Any]) -> Client:
    _require_clinical(actor)
    changes = {k: v for k, v in changes.items() if v is not None}
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise InvalidInput(f"unknown field {sorted(unknown)[0]}", field=sorted(unknown)[0])
    changes = _clean_contact(changes, changes.get("country", client.country))
    if "date_of_birth" in changes and changes["date_of_birth"] > times.latest_date():
        raise InvalidInput("date of birth cannot be in the future", field="date_of_birth")
    changed = [k for k, v in changes.items() if getattr(client, k) != v]
    for key in changed:
        setattr(client, key, changes[key])
    if changed:
        client.updated_at = timezone.now()
        client.save(update_fields=[*changed, "updated_at"])
    audit.record(
        actor=actor,
        action="client.updated",
        client=client,
        target=client,
        details={"fields": changed},
    )
    return client


@transaction.atomic
def archive_client(*, actor: User, client: Client) -> Client:
    _require_clinical(actor)
    if client.archived_at is None:
        client.archived_at = timezone.now()
        client.save(update_fields=["archived_at"])
    audit.record(actor=actor, action="client.archived", client=client, target=client)
    return client


@transaction.atomic
def add_care_team_member(
    *, actor: User, client: Client, clinician_id: int, primary: bool = False
) -> None:
    _require_clinical(actor)
    clinician = User.objects.filter(
        pk=clinician_id,
        organisation_id=client.organisation_id,
        role__in=[Role.CLINICIAN, Role.SUPERVISOR],
    ).first()
    if clinician is None:
        raise InvalidInput("no clinician with that id in this organisation", field="clinician_id")
    CareTeamMember.objects.get_or_create(
        client=client, clinician=clinician, defaults={"primary": primary}
    )
    audit.record(
        actor=actor,
        action="care_team.added",
        client=client,
        details={"clinician_id": clinician.pk},
    )


@transaction.atomic
def remove_care_team_member(*, actor: User, client: Client, clinician_id: int) -> None:
    _require_clinical(actor)
    deleted, _ = CareTeamMember.objects.filter(client=client, clinician_id=clinician_id).delete()
    if not deleted:
        raise InvalidInput("that clinician is not on the care team", field="clinician_id")
    audit.record(
        actor=actor,
        action="care_team.removed",
        client=client,
        details={"clinician_id": clinician_id},
    )
