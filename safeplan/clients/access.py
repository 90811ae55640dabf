"""Who may see which client. Every read of client data goes through here; outsiders get 404.

A clinician sees the clients whose care team they are on (or an active break-the-glass grant); a supervisor
sees their organisation's clients; clinic admins manage people and settings but open no clinical record;
a client sees only their own record, and only through the portal.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.models import Role
from safeplan.clients.models import CareTeamMember, Client
from safeplan.lib import middleware


def clients_visible_to(user: Any, *, include_archived: bool = False) -> QuerySet[Client]:
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        return Client.objects.none()
    qs = Client.objects.filter(organisation_id=user.organisation_id)
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if user.role == Role.SUPERVISOR:
        return qs
    if user.role == Role.CLINICIAN:
        on_team = Exists(CareTeamMember.objects.filter(client=OuterRef("pk"), clinician=user))
        return qs.filter(on_team | Q(pk__in=_break_glass_client_ids(user)))
    return Client.objects.none()


def _break_glass_client_ids(user: Any) -> QuerySet[Any]:
    from safeplan.records.models import BreakGlassGrant

    return BreakGlassGrant.objects.filter(user=user, expires_at__gt=timezone.now()).values(
        "client_id"
    )


def get_client_for(user: Any, client_id: int, *, include_archived: bool = True) -> Client:
    """The client, or 404 when the user may not see them (never 403: no hint that the id exists).

    Same rule as ``clients_visible_to``, written as one small indexed lookup (plus one for a break-the-glass
    grant when the clinician is not on the care team) because this sits on the path
    of every screen opened in a crisis (the emergency card, the plan).
    """
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        raise Http404("Not found")
    if user.role not in (Role.SUPERVISOR, Role.CLINICIAN):
        raise Http404("Not found")
    rows = Client.objects.filter(pk=client_id, organisation_id=user.organisation_id)
    if user.role == Role.CLINICIAN:
        # The care-team check rides along in the same query.
        rows = rows.annotate(
            _on_care_team=Exists(
                CareTeamMember.objects.filter(client_id=OuterRef("pk"), clinician_id=user.pk)
            )
        )
    found = list(rows[:1])
    if not found or (found[0].archived_at is not None and not include_archived):
        raise Http404("Not found")
    client = found[0]
    if "organisation" in user._state.fields_cache:
        # Same organisation (filtered above): reuse the row the request already loaded.
        client.organisation = user.organisation
    if user.role == Role.CLINICIAN and not client._on_care_team:  # type: ignore[attr-defined]
        if not _break_glass_client_ids(user).filter(client_id=client.pk).exists():
            raise Http404("Not found")
        # Reached through an emergency grant: every audit entry of this request about them is flagged.
        middleware.break_glass_clients.set(middleware.break_glass_clients.get() | {client.pk})
    return client


def is_on_care_team(user: Any, client: Client) -> bool:
    return CareTeamMember.objects.filter(client=client, clinician=user).exists()


def portal_client_for(user: Any) -> Client:
    """The client record behind a portal login, or 404."""
    if not getattr(user, "is_authenticated", False) or user.role != Role.CLIENT:
        raise Http404("Not found")
    client = Client.objects.filter(portal_user=user, archived_at__isnull=True).first()
    if client is None:
        raise Http404("Not found")
    return client
