"""An old version never changes: not through the ORM, not through raw SQL, not by deleting it."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from safeplan.plans import services
from safeplan.plans.append_only import ImmutableRowError
from safeplan.plans.models import SafetyPlanVersion
from tests.factories import World


@pytest.fixture
def version(world: World) -> SafetyPlanVersion:
    services.add_pending_means_entry(
        client=world.client, means="firearm", actor=world.users["clinician"], source="test"
    )
    return SafetyPlanVersion.objects.get(plan__client=world.client, number=1)


def test_orm_refuses_to_change_a_version(version: SafetyPlanVersion) -> None:
    original = version.content
    version.content = {"warning_signs": [{"id": "x", "author": "client", "text": "changed"}]}
    with pytest.raises(ImmutableRowError):
        version.save()
    with pytest.raises(ImmutableRowError):
        version.save(update_fields=["content"])
    with pytest.raises(ImmutableRowError):
        SafetyPlanVersion.objects.filter(pk=version.pk).update(review_due=None)
    with pytest.raises(ImmutableRowError):
        version.delete()
    with pytest.raises(ImmutableRowError):
        SafetyPlanVersion.objects.filter(pk=version.pk).delete()
    fresh = SafetyPlanVersion.objects.get(pk=version.pk)
    assert fresh.content == original and fresh.words_intact()


def test_reencrypting_the_same_words_is_allowed(version: SafetyPlanVersion) -> None:
    fresh = SafetyPlanVersion.objects.get(pk=version.pk)
    fresh.save(update_fields=["content", "change_note"])
    assert SafetyPlanVersion.objects.get(pk=version.pk).words_intact()


def test_database_refuses_raw_updates_and_deletes(version: SafetyPlanVersion) -> None:
    for sql in (
        "UPDATE plans_safetyplanversion SET number = 7 WHERE id = %s",
        "UPDATE plans_safetyplanversion SET review_due = '2000-01-01' WHERE id = %s",
        "DELETE FROM plans_safetyplanversion WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [version.pk])
    assert SafetyPlanVersion.objects.get(pk=version.pk).number == 1


def test_tampered_words_are_detected(version: SafetyPlanVersion) -> None:
    from safeplan.lib import crypto

    forged = crypto.encrypt_text('{"warning_signs": []}')
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE plans_safetyplanversion SET content = %s WHERE id = %s", [forged, version.pk]
        )
    assert not SafetyPlanVersion.objects.get(pk=version.pk).words_intact()
