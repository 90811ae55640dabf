"""The audit log partitioned by month on PostgreSQL (issue 15 "A whole state on one PostgreSQL")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from safeplan.audit import partitions
from safeplan.audit import services as audit
from safeplan.audit import verify as audit_verify
from safeplan.audit.models import AuditCheckpoint, AuditEvent
from safeplan.records import retention
from safeplan.records.models import LegalHold
from tests.factories import World

pytestmark = pytest.mark.usefixtures("postgres_only")

UTC = dt.UTC


def _where(event: AuditEvent) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text FROM audit_auditevent WHERE id = %s", [event.pk]
        )
        return str(cursor.fetchone()[0])


def _old_entries(world: World, month: dt.date, n: int, **kw: object) -> list[AuditEvent]:
    for sql in partitions.create_partition_sql(month):
        with connection.cursor() as cursor:
            cursor.execute(sql)
    at = dt.datetime(month.year, month.month, 10, 12, tzinfo=UTC)
    return [
        AuditEvent.objects.create(at=at + dt.timedelta(minutes=i), action="client.viewed", **kw)
        for i in range(n)
    ]


def test_the_log_is_partitioned_by_month_with_months_ahead(world: World) -> None:
    assert partitions.is_partitioned()
    names = set(partitions.existing_partitions())
    for month in partitions.months_ahead(partitions.MONTHS_AHEAD):
        assert partitions.partition_name(month) in names
    assert partitions.DEFAULT_PARTITION in names
    event = audit.record(
        actor=world.users["clinician"], action="client.viewed", client=world.client
    )
    now = dt.datetime.now(UTC)
    assert _where(event) == partitions.partition_name(partitions.month_start(now))


def test_the_worker_creates_next_months_and_a_stray_date_never_fails(world: World) -> None:
    far = dt.date(2031, 5, 1)
    assert partitions.ensure_partitions(far, ahead=2) == 3
    assert partitions.ensure_partitions(far, ahead=2) == 0
    assert partitions.partition_name(dt.date(2031, 7, 1)) in partitions.existing_partitions()
    stray = AuditEvent.objects.create(at=dt.datetime(2044, 1, 1, tzinfo=UTC), action="x.y")
    assert _where(stray) == partitions.DEFAULT_PARTITION


def test_partitions_keep_the_append_only_guard(world: World) -> None:
    event = audit.record(
        actor=world.users["clinician"], action="client.viewed", client=world.client
    )
    audit.seal_pending()
    name = _where(event)
    for sql in (
        f"UPDATE {name} SET action = 'client.updated' WHERE id = {event.pk}",  # noqa: S608
        f"DELETE FROM {name} WHERE id = {event.pk}",  # noqa: S608
        f"TRUNCATE {name}",
        "TRUNCATE audit_auditevent",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEvent.objects.filter(pk=event.pk, chain_seq__isnull=False).exists()


@override_settings(AUDIT_RETENTION_MONTHS=72)
def test_retention_drops_whole_old_months_and_the_chain_still_verifies(world: World) -> None:
    oldest = _old_entries(world, dt.date(2018, 1, 1), 3)
    _old_entries(world, dt.date(2018, 2, 1), 2)
    recent = _old_entries(world, dt.date(2025, 6, 1), 2)
    audit.record(actor=world.users["clinician"], action="client.viewed", client=world.client)
    while audit.seal_pending():
        pass
    assert audit_verify.verify_chain().ok
    last_dropped = max(
        AuditEvent.objects.filter(at__lt=dt.datetime(2018, 3, 1, tzinfo=UTC)).values_list(
            "chain_seq", flat=True
        )
    )

    report = retention.purge_audit_months(today=dt.date(2026, 12, 4))
    assert report is not None
    assert report.dropped == ["audit_auditevent_y2018m01", "audit_auditevent_y2018m02"]
    assert not AuditEvent.objects.filter(pk=oldest[0].pk).exists()
    assert AuditEvent.objects.filter(pk=recent[0].pk).exists()
    anchor = AuditCheckpoint.objects.get(kind=AuditCheckpoint.Kind.RETENTION, seq=report.anchor_seq)
    assert anchor.seq == last_dropped
    result = audit_verify.verify_chain()
    assert result.ok, result.problem
    assert result.started_after == last_dropped
    assert AuditEvent.objects.filter(action="audit.months_dropped").exists()


@override_settings(AUDIT_RETENTION_MONTHS=72)
def test_a_legal_hold_keeps_its_month_and_every_later_one(world: World) -> None:
    _old_entries(world, dt.date(2018, 1, 1), 2)
    _old_entries(world, dt.date(2018, 2, 1), 2, client_id=world.client.pk)
    _old_entries(world, dt.date(2018, 3, 1), 2)
    while audit.seal_pending():
        pass
    LegalHold.objects.create(client=world.client, placed_by=world.users["admin"], reason="court")
    dry = retention.purge_audit_months(today=dt.date(2026, 12, 4), dry_run=True)
    assert dry is not None and dry.dropped == ["audit_auditevent_y2018m01"]
    report = retention.purge_audit_months(today=dt.date(2026, 12, 4))
    assert report is not None
    assert report.dropped == ["audit_auditevent_y2018m01"]
    assert report.kept_for_hold == "audit_auditevent_y2018m02"
    assert audit_verify.verify_chain().ok


def test_retention_never_drops_without_a_setting(world: World) -> None:
    _old_entries(world, dt.date(2018, 1, 1), 1)
    assert retention.purge_audit_months(today=dt.date(2026, 12, 4)) is None
    assert "audit_auditevent_y2018m01" in partitions.existing_partitions()
