"""Access through an emergency grant is possible for its duration and flagged on every audit entry."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.records.models import BreakGlassGrant
from tests.factories import World


def test_break_glass_grant_opens_the_record_and_flags_the_audit(world: World, api_as: Any) -> None:
    api = api_as("clinician_off")
    path = f"/api/v1/clients/{world.client.pk}"
    assert api.get(path).status_code == 404
    BreakGlassGrant.objects.create(
        user=world.users["clinician_off"],
        client=world.client,
        reason="client in crisis, primary clinician unreachable",
        expires_at=timezone.now() + dt.timedelta(minutes=60),
    )
    assert api.get(path).status_code == 200
    entry = AuditEvent.objects.filter(
        action="client.viewed", actor_id=world.users["clinician_off"].pk
    ).last()
    assert entry is not None and entry.break_glass is True
    # The care team's own reads are not flagged.
    assert api_as("clinician").get(path).status_code == 200
    own = AuditEvent.objects.filter(
        action="client.viewed", actor_id=world.users["clinician"].pk
    ).last()
    assert own is not None and own.break_glass is False


def test_expired_grant_closes_the_record_again(world: World, api_as: Any) -> None:
    BreakGlassGrant.objects.create(
        user=world.users["clinician_off"],
        client=world.client,
        reason="expired",
        expires_at=timezone.now() - dt.timedelta(seconds=1),
    )
    assert api_as("clinician_off").get(f"/api/v1/clients/{world.client.pk}").status_code == 404
