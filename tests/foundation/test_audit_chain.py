"""The audit log is append-only and tamper-evident (issue 2; DESIGN.md "The audit log on the hot path")."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from safeplan.audit import services as audit
from safeplan.audit import verify as audit_verify
from safeplan.audit.models import AuditChainHead, AuditEvent
from tests.factories import World


def _entries(world: World, n: int = 5) -> list[AuditEvent]:
    clinician = world.users["clinician"]
    return [
        audit.record(actor=clinician, action="client.viewed", client=world.client, details={"n": i})
        for i in range(n)
    ]


def _drop_guard() -> None:
    """What an attacker with raw database access would do first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
            cursor.execute("ALTER TABLE audit_auditchainhead DISABLE TRIGGER USER")
        else:
            for name in (
                "audit_append_only_delete",
                "audit_append_only_update",
                "audit_head_no_delete",
            ):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def test_entries_are_sealed_into_a_verifiable_chain(world: World) -> None:
    _entries(world)
    assert audit.seal_pending() > 0
    result = audit_verify.verify_chain()
    assert result.ok
    assert result.checked == AuditEvent.objects.count()
    seqs = list(AuditEvent.objects.order_by("chain_seq").values_list("chain_seq", flat=True))
    assert seqs == list(range(1, len(seqs) + 1))


def test_entries_hold_ids_not_client_words(world: World) -> None:
    with pytest.raises(ValueError, match="free text"):
        audit.record(actor=None, action="x.y", details={"note": "client said something private"})


@pytest.mark.parametrize("operation", ["update", "delete"])
def test_database_refuses_to_change_sealed_entries(world: World, operation: str) -> None:
    _entries(world, 2)
    audit.seal_pending()
    event = AuditEvent.objects.order_by("id").first()
    assert event is not None
    with pytest.raises(DatabaseError), transaction.atomic():
        if operation == "update":
            AuditEvent.objects.filter(pk=event.pk).update(action="client.updated")
        else:
            AuditEvent.objects.filter(pk=event.pk).delete()


def test_database_refuses_to_rewrite_unsealed_entries(world: World) -> None:
    event = _entries(world, 1)[0]
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(client_id=world.other_client.pk)


def _verify_command(*args: str) -> str:
    try:
        call_command("audit", "verify", "--no-seal", *args)
    except CommandError as exc:
        return str(exc)
    return "ok"


def test_verify_names_the_altered_entry(world: World) -> None:
    events = _entries(world, 5)
    audit.seal_pending()
    assert _verify_command() == "ok"
    _drop_guard()
    victim = events[2]
    AuditEvent.objects.filter(pk=victim.pk).update(actor_id=world.users["supervisor"].pk)
    # The nightly run starts after its last checkpoint; the weekly full walk catches an older change.
    assert _verify_command() == "ok"
    message = _verify_command("--full")
    assert "BROKEN" in message
    assert f"entry id {victim.pk}" in message
    assert "altered" in message


def test_verify_notices_a_removed_entry(world: World) -> None:
    events = _entries(world, 5)
    audit.seal_pending()
    _drop_guard()
    AuditEvent.objects.filter(pk=events[1].pk).delete()
    message = _verify_command()
    assert "BROKEN" in message
    assert f"entry id {events[2].pk}" in message


def test_verify_notices_the_newest_entries_removed(world: World) -> None:
    events = _entries(world, 5)
    audit.seal_pending()
    _drop_guard()
    AuditEvent.objects.filter(pk=events[-1].pk).delete()
    assert "newest entries are missing" in _verify_command()


def test_seal_is_incremental_and_idempotent(world: World) -> None:
    _entries(world, 3)
    first = audit.seal_pending()
    assert audit.seal_pending() == 0
    _entries(world, 2)
    assert audit.seal_pending() == 2
    head = AuditChainHead.objects.get(id=1)
    assert head.last_seq == first + 2
    assert audit_verify.verify_chain().ok


def test_reads_and_changes_are_audited_from_the_api(world: World, api_as: Any) -> None:
    api = api_as("clinician")
    before = AuditEvent.objects.count()
    assert api.get(f"/api/v1/clients/{world.client.pk}").status_code == 200
    assert (
        api.patch(f"/api/v1/clients/{world.client.pk}", {"pronouns": "she/her"}).status_code == 200
    )
    actions = list(
        AuditEvent.objects.filter(id__gt=0)
        .order_by("id")
        .values_list("action", "channel", "client_id")
    )[before:]
    assert ("client.viewed", "api", world.client.pk) in actions
    assert ("client.updated", "api", world.client.pk) in actions


def test_incremental_verify_starts_after_the_last_checkpoint(world: World) -> None:
    _entries(world, 4)
    audit.seal_pending()
    first = audit_verify.verify_chain(full=False, record_checkpoint=True)
    assert first.ok and first.started_after == 0
    assert first.checked == AuditEvent.objects.filter(chain_seq__isnull=False).count()
    _entries(world, 3)
    audit.seal_pending()
    second = audit_verify.verify_chain(full=False, record_checkpoint=True)
    assert second.ok
    assert second.started_after == first.checked
    assert second.checked == AuditEvent.objects.filter(chain_seq__gt=first.checked).count()
    # Nothing new: nothing read, still intact.
    assert audit_verify.verify_chain(full=False).checked == 0


def test_incremental_verify_catches_a_change_after_the_checkpoint(world: World) -> None:
    events = _entries(world, 3)
    audit.seal_pending()
    assert audit_verify.verify_chain(full=False, record_checkpoint=True).ok
    later = _entries(world, 3)
    audit.seal_pending()
    _drop_guard()
    AuditEvent.objects.filter(pk=later[1].pk).update(action="client.updated")
    result = audit_verify.verify_chain(full=False)
    assert not result.ok and result.broken_entry_id == later[1].pk
    assert events[0].pk < later[1].pk


def test_row_hash_matches_the_sealer(world: World) -> None:
    """The verifier's raw-row hash is the sealer's hash, on this database's own column types."""
    _entries(world, 3)
    audit.seal_pending()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {audit_verify.COLUMNS} FROM audit_auditevent ORDER BY chain_seq")  # noqa: S608
        rows = cursor.fetchall()
    assert rows and all(audit_verify.row_hash(row) == row[16] for row in rows)
