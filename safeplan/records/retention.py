"""Retention: anonymise or delete archived client records once the organisation's retention period ends.

HIPAA sets no retention period for the record itself; state law does (clinical-rules.md §10.2, a [C]
value). Each organisation sets ``records.retention_years`` (default 7, counted from the day the record was
archived; for a client archived as a minor, from the day they come of age, ``records.retention_minor_age``,
default 18, whichever ends later) and ``records.retention_action`` (``anonymise``, the default, or
``delete``). A legal hold in force stops both; every decision is an audit entry. The audit log itself is
kept (it names clients by id only).

- anonymise: every encrypted column of every row that belongs to the client is overwritten (text emptied,
  JSON kept in shape with its words emptied, dates reduced to 1 January of their year), the record number
  becomes ``ANON-<id>``, staff alerts about the client are removed, and the portal login is closed.
- delete: every row that belongs to the client is removed, including write-once rows (under the same
  maintenance switch the audit log uses for purges), and the portal login is closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from safeplan.accounts.policy import org_setting
from safeplan.audit import partitions as audit_partitions
from safeplan.audit import services as audit
from safeplan.clients.models import Client
from safeplan.lib import crypto
from safeplan.lib.fields import EncryptedDateField, EncryptedJSONField
from safeplan.records import graph
from safeplan.records.columns import Column
from safeplan.records.models import LegalHold, RetentionApplied

ANONYMISE = "anonymise"
DELETE = "delete"
DEFAULT_YEARS = 7
DEFAULT_MINOR_AGE = 18


def retention_years(organisation: Any) -> int:
    return max(1, int(org_setting(organisation, "records.retention_years", DEFAULT_YEARS)))


def retention_action(organisation: Any) -> str:
    action = org_setting(organisation, "records.retention_action", ANONYMISE)
    return action if action in (ANONYMISE, DELETE) else ANONYMISE


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def due_on(client: Client) -> dt.date | None:
    """The first day the retention action may run, or None while the record is not archived."""
    if client.archived_at is None:
        return None
    organisation = client.organisation
    years = retention_years(organisation)
    archived = timezone.localtime(client.archived_at).date()
    due = add_years(archived, years)
    minor_age = int(org_setting(organisation, "records.retention_minor_age", DEFAULT_MINOR_AGE))
    of_age = add_years(client.date_of_birth, minor_age)
    if archived < of_age:
        due = max(due, add_years(of_age, years))
    return due


def held_client_ids() -> set[int]:
    return set(
        LegalHold.objects.filter(released_at__isnull=True).values_list("client_id", flat=True)
    )


def purge_audit_months(
    *, today: dt.date | None = None, dry_run: bool = False
) -> audit_partitions.PurgeReport | None:
    """PostgreSQL: drop whole audit months older than ``SAFEPLAN_AUDIT_RETENTION_MONTHS`` (0: keep all).

    A month holding an entry about a client under a legal hold stays, and so does every later month.
    """
    months = settings.AUDIT_RETENTION_MONTHS
    if not months or not audit_partitions.is_partitioned():
        return None
    cutoff = audit_partitions.months_back(today or timezone.localdate(), months)
    report = audit_partitions.drop_before(
        cutoff, held_client_ids=held_client_ids(), dry_run=dry_run
    )
    if report.dropped and not dry_run:
        audit.record(
            actor=None,
            action="audit.months_dropped",
            details={"months": len(report.dropped), "anchor_seq": report.anchor_seq},
        )
    return report


def is_held(client: Any) -> bool:
    return LegalHold.objects.filter(client=client, released_at__isnull=True).exists()


def _blank(value: Any) -> Any:
    if isinstance(value, str):
        return ""
    if isinstance(value, list):
        return [_blank(v) for v in value]
    if isinstance(value, dict):
        return {k: _blank(v) for k, v in value.items()}
    return value


def _anonymised_value(column: Column, stored: str) -> str:
    f = column.field
    plain = crypto.decrypt_text(stored)
    if isinstance(f, EncryptedDateField):
        year = dt.date.fromisoformat(plain).year
        return crypto.encrypt_text(dt.date(year, 1, 1).isoformat())
    if isinstance(f, EncryptedJSONField):
        import json

        return crypto.encrypt_text(
            json.dumps(_blank(json.loads(plain)), ensure_ascii=False, sort_keys=True)
        )
    return crypto.encrypt_text("")


def _overwrite_encrypted(found: graph.ClientRows) -> int:
    from safeplan.lib.fields import encrypted_fields

    written = 0
    for model in found.models():
        pks = sorted(found.rows[model])
        for name in encrypted_fields(model):
            column = Column(model, model._meta.get_field(name))  # type: ignore[arg-type]
            q = connection.ops.quote_name
            for start in range(0, len(pks), 500):
                chunk = pks[start : start + 500]
                marks = ", ".join(["%s"] * len(chunk))
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT {q(column.pk_column)}, {q(column.column)} "  # noqa: S608
                        f"FROM {q(column.table)} WHERE {q(column.pk_column)} IN ({marks})",
                        chunk,
                    )
                    rows = cursor.fetchall()
                for pk, stored in rows:
                    if stored is not None and column.replace(
                        pk, stored, _anonymised_value(column, stored)
                    ):
                        written += 1
    return written


def _close_portal_login(client: Client) -> None:
    from django.contrib.sessions.models import Session

    from safeplan.accounts.models import ApiToken, User

    user = User.objects.filter(pk=client.portal_user_id).first() if client.portal_user_id else None
    if user is None:
        return
    ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    user.username = f"anonymised-{user.pk}"
    user.first_name = user.last_name = user.email = user.display_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


@transaction.atomic
def anonymise_client(*, actor: Any, client: Client) -> int:
    """Overwrite the client's words and identifying details; keep the record's shape and the audit trail."""
    if is_held(client):
        raise RetentionBlocked(client.pk)
    found = graph.rows_of_client(client, for_export=False)
    written = _overwrite_encrypted(found)
    from safeplan.notifications.models import Notification

    Notification.objects.filter(client=client).delete()
    Client.objects.filter(pk=client.pk).update(
        record_number=f"ANON-{client.pk}", pronouns="", region="", updated_at=timezone.now()
    )
    _close_portal_login(client)
    RetentionApplied.objects.update_or_create(client=client, defaults={"action": ANONYMISE})
    audit.record(
        actor=actor,
        action="records.retention_anonymised",
        client_id=client.pk,
        organisation_id=client.organisation_id,
        details={"values": written},
    )
    return written


def _delete_rows(found: graph.ClientRows) -> int:
    """Remove every row (foreign keys are checked at commit, so the order within the transaction is free)."""
    q = connection.ops.quote_name
    removed = 0
    for model in reversed(found.models()):
        pk = model._meta.pk
        assert pk is not None
        pks = sorted(found.rows[model])
        for start in range(0, len(pks), 500):
            chunk = pks[start : start + 500]
            marks = ", ".join(["%s"] * len(chunk))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"DELETE FROM {q(model._meta.db_table)} WHERE {q(str(pk.column))} IN ({marks})",  # noqa: S608
                    chunk,
                )
                removed += cursor.rowcount
    return removed


@transaction.atomic
def delete_client(*, actor: Any, client: Client) -> int:
    """Remove every row that belongs to the client. The audit entries (ids only) stay."""
    from safeplan.audit.guard import maintenance

    if is_held(client):
        raise RetentionBlocked(client.pk)
    found = graph.rows_of_client(client, for_export=False)
    _close_portal_login(client)
    with maintenance():
        removed = _delete_rows(found)
    audit.record(
        actor=actor,
        action="records.retention_deleted",
        client_id=client.pk,
        organisation_id=client.organisation_id,
        details={"rows": removed},
    )
    return removed


class RetentionBlocked(Exception):
    """A legal hold is in force."""

    def __init__(self, client_id: int) -> None:
        super().__init__(f"client {client_id} is under a legal hold")
        self.client_id = client_id


@dataclass
class RetentionReport:
    anonymised: list[int] = field(default_factory=list)
    deleted: list[int] = field(default_factory=list)
    held: list[int] = field(default_factory=list)
    not_due: int = 0


def due_clients(today: dt.date) -> Iterable[tuple[Client, str]]:
    done = RetentionApplied.objects.values("client_id")
    for client in (
        Client.objects.filter(archived_at__isnull=False)
        .exclude(pk__in=done)
        .select_related("organisation")
        .order_by("pk")
        .iterator(500)
    ):
        due = due_on(client)
        if due is not None and due <= today:
            yield client, retention_action(client.organisation)


def run_retention(*, today: dt.date | None = None, dry_run: bool = False) -> RetentionReport:
    """Apply each organisation's retention policy to the archived records that are due (one transaction each)."""
    today = today or timezone.localdate()
    report = RetentionReport()
    for client, action in list(due_clients(today)):
        if is_held(client):
            report.held.append(client.pk)
            if not dry_run:
                audit.record(
                    actor=None,
                    action="records.retention_held",
                    client_id=client.pk,
                    organisation_id=client.organisation_id,
                    details={"action": action},
                )
            continue
        if dry_run:
            (report.deleted if action == DELETE else report.anonymised).append(client.pk)
            continue
        if action == DELETE:
            delete_client(actor=None, client=client)
            report.deleted.append(client.pk)
        else:
            anonymise_client(actor=None, client=client)
            report.anonymised.append(client.pk)
    return report
