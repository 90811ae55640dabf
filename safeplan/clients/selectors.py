"""Reads of client records, always scoped to what the user may see, and audited."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.clients import names
from safeplan.clients.access import clients_visible_to, get_client_for
from safeplan.clients.models import Client
from safeplan.lib.validation import display_phone


def caseload(user: Any, *, include_archived: bool = False, name: str = "") -> QuerySet[Client]:
    """The clients ``user`` may see, by record number; with ``name``, those with every word typed as one
    of their names (whole names, any case or accents: ``names``)."""
    rows = clients_visible_to(user, include_archived=include_archived)
    keys = names.search_keys(name)
    if keys:
        words, whole = (keys[:-1], keys[-1]) if len(keys) > 1 else (keys, None)
        match = Q()
        for key in words:
            match &= Q(first_name_key=key) | Q(last_name_key=key) | Q(preferred_name_key=key)
        if whole is not None:
            match |= Q(first_name_key=whole) | Q(last_name_key=whole)
        rows = rows.filter(match)
    return rows.order_by("record_number")


def client_detail(user: Any, client_id: int) -> Client:
    """The client record for display; records the read in the audit log."""
    client = get_client_for(user, client_id)
    audit.record(actor=user, action="client.viewed", client=client, target=client)
    return client


def client_as_dict(client: Client) -> dict[str, Any]:
    team = [
        {"clinician_id": m.clinician_id, "name": m.clinician.label, "primary": m.primary}
        for m in client.care_team.select_related("clinician").all()
    ]
    return {
        "id": client.pk,
        "record_number": client.record_number,
        "first_name": client.first_name,
        "last_name": client.last_name,
        "preferred_name": client.preferred_name,
        "display_name": client.display_name,
        "date_of_birth": client.date_of_birth,
        "age": client.age_on(timezone.localdate()),
        "pronouns": client.pronouns,
        "preferred_language": client.preferred_language,
        "time_zone": client.time_zone,
        "country": client.country,
        "region": client.region,
        "phone": client.phone,
        "phone_display": display_phone(client.phone) if client.phone else "",
        "email": client.email,
        "archived": client.archived_at is not None,
        "portal_access": bool(
            client.portal_user_id and client.portal_user and client.portal_user.is_active
        ),
        "care_team": team,
    }


def care_team_of(client: Client) -> list[Any]:
    """Active clinicians on the client's care team (who gets told about this client)."""
    from safeplan.accounts.models import User

    return list(User.objects.filter(care_teams__client_id=client.pk, is_active=True))


def supervisors_of(client: Client) -> list[Any]:
    """Active supervisors of the client's organisation."""
    from safeplan.accounts.models import Role, User

    return list(
        User.objects.filter(
            organisation_id=client.organisation_id, role=Role.SUPERVISOR, is_active=True
        )
    )
