"""Monthly partitions of the audit log on PostgreSQL (declarative range partitioning on ``at``).

A state-wide deployment writes tens of millions of audit entries a year. Partitioning by month keeps each
index small, lets the sealer and the incremental verifier touch only recent partitions, and lets retention
drop a whole month at once instead of deleting row by row (DESIGN.md "Growing past one machine").

- Migration 0004 turns ``audit_auditevent`` into a partitioned table: primary key ``(id, at)`` (PostgreSQL
  requires the partition key in every unique index, so ``chain_seq`` has a plain index; its uniqueness is
  kept by the sealer's compare-and-set on the chain head and checked by ``audit verify``), one partition per
  calendar month in UTC named ``audit_auditevent_yYYYYmMM``, and a DEFAULT partition that catches anything
  outside them so an insert never fails.
- The worker calls ``ensure_partitions()`` once an hour: the current month and the next ``MONTHS_AHEAD``
  exist before any row needs them, so the DEFAULT partition stays empty.
- ``drop_partitions_before()`` (``safeplan audit purge``) removes whole months older than the retention
  period, after writing a retention anchor (see ``verify``) so the chain stays verifiable from the first
  entry that remains. A month that holds an entry about a client under a legal hold is kept.

SQLite keeps one table: nothing here runs there.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.db import connection, transaction

from safeplan.audit.models import AuditCheckpoint

TABLE = "audit_auditevent"
DEFAULT_PARTITION = f"{TABLE}_default"
MONTHS_AHEAD = 3
_NAME = re.compile(rf"^{TABLE}_y(\d{{4}})m(\d{{2}})$")


def month_start(day: dt.date | dt.datetime) -> dt.date:
    return dt.date(day.year, day.month, 1)


def next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def partition_name(month: dt.date) -> str:
    return f"{TABLE}_y{month.year:04d}m{month.month:02d}"


def month_of(name: str) -> dt.date | None:
    found = _NAME.match(name)
    return dt.date(int(found[1]), int(found[2]), 1) if found else None


def create_partition_sql(month: dt.date) -> list[str]:
    """The partition for one month, with the append-only TRUNCATE guard of its own.

    Row triggers of the parent apply to every partition; a statement trigger (TRUNCATE) does not reach a
    partition truncated directly, so each partition carries one.
    """
    name = partition_name(month)
    start, end = month.isoformat(), next_month(month).isoformat()
    return [
        f"CREATE TABLE IF NOT EXISTS {name} PARTITION OF {TABLE} "
        f"FOR VALUES FROM ('{start} 00:00:00+00') TO ('{end} 00:00:00+00')",
        f"DROP TRIGGER IF EXISTS audit_append_only_truncate ON {name}",
        f"CREATE TRIGGER audit_append_only_truncate BEFORE TRUNCATE ON {name} "
        "FOR EACH STATEMENT EXECUTE FUNCTION safeplan_audit_guard()",
    ]


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = %s::regclass", [TABLE])
        return cursor.fetchone() is not None


def existing_partitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass ORDER BY c.relname",
            [TABLE],
        )
        return [row[0] for row in cursor.fetchall()]


def months_ahead(count: int, today: dt.date | None = None) -> list[dt.date]:
    """This month (UTC) and the ``count`` after it."""
    month = month_start(today or dt.datetime.now(dt.UTC).date())
    out = []
    for _ in range(count + 1):
        out.append(month)
        month = next_month(month)
    return out


def ensure_partitions(today: dt.date | None = None, *, ahead: int = MONTHS_AHEAD) -> int:
    """Create this month's partition and the next ``ahead``; returns how many were created."""
    if not is_partitioned():
        return 0
    have = set(existing_partitions())
    created = 0
    with connection.cursor() as cursor:
        for month in months_ahead(ahead, today):
            if partition_name(month) not in have:
                for sql in create_partition_sql(month):
                    cursor.execute(sql)
                created += 1
    return created


@dataclass(frozen=True)
class Droppable:
    name: str
    month: dt.date
    last_seq: int | None
    held: bool


def partitions_before(cutoff: dt.date, held_client_ids: set[int]) -> list[Droppable]:
    """Whole months that end on or before ``cutoff``, oldest first, each with its last sealed entry."""
    out = []
    with connection.cursor() as cursor:
        for name in existing_partitions():
            month = month_of(name)
            if month is None or next_month(month) > cutoff:
                continue
            cursor.execute(
                f"SELECT max(chain_seq), count(*) FILTER (WHERE chain_seq IS NULL) FROM {name}"  # noqa: S608 - from pg_inherits
            )
            last_seq, unsealed = cursor.fetchone()
            held = bool(unsealed)
            if held_client_ids and not held:
                cursor.execute(
                    f"SELECT 1 FROM {name} WHERE client_id = ANY(%s) LIMIT 1",  # noqa: S608
                    [list(held_client_ids)],
                )
                held = cursor.fetchone() is not None
            out.append(Droppable(name, month, last_seq, held))
    return sorted(out, key=lambda d: d.month)


# The guard of migration 0002, generalised: on a partitioned table a row trigger sees the partition's name
# in TG_TABLE_NAME, so sealing is recognised on any audit_auditevent partition.
GUARD_FUNCTION = """CREATE OR REPLACE FUNCTION safeplan_audit_guard() RETURNS trigger AS $$
    BEGIN
      IF current_setting('safeplan.audit_maintenance', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END IF;
      IF TG_OP = 'UPDATE' AND TG_TABLE_NAME LIKE 'audit_auditevent%' AND OLD.chain_seq IS NULL
         AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_role, NEW.organisation_id, NEW.client_id,
              NEW.action, NEW.target_type, NEW.target_id, NEW.channel, NEW.request_id, NEW.ip,
              NEW.break_glass, NEW.details::text)
         IS NOT DISTINCT FROM
             (OLD.id, OLD.at, OLD.actor_id, OLD.actor_role, OLD.organisation_id, OLD.client_id,
              OLD.action, OLD.target_type, OLD.target_id, OLD.channel, OLD.request_id, OLD.ip,
              OLD.break_glass, OLD.details::text) THEN
        RETURN NEW;
      END IF;
      IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_auditchainhead' THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit log is append-only';
    END $$ LANGUAGE plpgsql"""

_INDEXES = [
    f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, at)",
    f"CREATE INDEX audit_chain_seq ON {TABLE} (chain_seq)",
    f"CREATE INDEX audit_org_time ON {TABLE} (organisation_id, at)",
    f"CREATE INDEX audit_client_time ON {TABLE} (client_id, at)",
    f"CREATE INDEX audit_unsealed ON {TABLE} (id) WHERE chain_seq IS NULL",
]
_TRIGGERS = [
    f"CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON {TABLE} "
    "FOR EACH ROW EXECUTE FUNCTION safeplan_audit_guard()",
    f"CREATE TRIGGER audit_append_only_truncate BEFORE TRUNCATE ON {TABLE} "
    "FOR EACH STATEMENT EXECUTE FUNCTION safeplan_audit_guard()",
]


def _months_between(first: dt.date, last: dt.date) -> list[dt.date]:
    months, month = [], month_start(first)
    while month <= last:
        months.append(month)
        month = next_month(month)
    return months


def convert_to_partitioned(cursor: object) -> None:
    """Rebuild the flat audit table as a partitioned one, entries, ids and hashes unchanged (migration 0004)."""
    execute = cursor.execute  # type: ignore[attr-defined]
    fetchone = cursor.fetchone  # type: ignore[attr-defined]
    execute(GUARD_FUNCTION)
    execute(f"LOCK TABLE {TABLE} IN ACCESS EXCLUSIVE MODE")
    execute(f"SELECT min(at), coalesce(max(id), 0) FROM {TABLE}")  # noqa: S608
    oldest, last_id = fetchone()
    today = dt.datetime.now(dt.UTC).date()
    execute(f"CREATE TABLE {TABLE}_new (LIKE {TABLE} INCLUDING DEFAULTS) PARTITION BY RANGE (at)")
    for month in _months_between(oldest.date() if oldest else today, today):
        name = partition_name(month)
        execute(
            f"CREATE TABLE {name} PARTITION OF {TABLE}_new FOR VALUES FROM "
            f"('{month.isoformat()} 00:00:00+00') TO ('{next_month(month).isoformat()} 00:00:00+00')"
        )
    execute(f"CREATE TABLE {DEFAULT_PARTITION} PARTITION OF {TABLE}_new DEFAULT")
    execute(f"INSERT INTO {TABLE}_new SELECT * FROM {TABLE}")  # noqa: S608
    execute(f"DROP TABLE {TABLE}")
    execute(f"ALTER TABLE {TABLE}_new RENAME TO {TABLE}")
    execute(f"CREATE SEQUENCE {TABLE}_id_seq OWNED BY {TABLE}.id")
    execute(f"SELECT setval('{TABLE}_id_seq', %s, %s)", [max(last_id, 1), last_id > 0])
    execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{TABLE}_id_seq')")
    for sql in _INDEXES + _TRIGGERS:
        execute(sql)
    execute(
        f"CREATE TRIGGER audit_append_only_truncate BEFORE TRUNCATE ON {DEFAULT_PARTITION} "
        "FOR EACH STATEMENT EXECUTE FUNCTION safeplan_audit_guard()"
    )
    for month in _months_between(oldest.date() if oldest else today, today):
        execute(
            f"CREATE TRIGGER audit_append_only_truncate BEFORE TRUNCATE ON {partition_name(month)} "
            "FOR EACH STATEMENT EXECUTE FUNCTION safeplan_audit_guard()"
        )


def convert_to_flat(cursor: object) -> None:
    """Undo ``convert_to_partitioned`` (migration 0004 backwards)."""
    execute = cursor.execute  # type: ignore[attr-defined]
    fetchone = cursor.fetchone  # type: ignore[attr-defined]
    execute(f"SELECT coalesce(max(id), 0) FROM {TABLE}")  # noqa: S608
    (last_id,) = fetchone()
    execute(f"CREATE TABLE {TABLE}_flat (LIKE {TABLE} INCLUDING DEFAULTS)")
    execute(f"INSERT INTO {TABLE}_flat SELECT * FROM {TABLE}")  # noqa: S608
    execute(f"DROP TABLE {TABLE} CASCADE")
    execute(f"ALTER TABLE {TABLE}_flat RENAME TO {TABLE}")
    execute(f"ALTER TABLE {TABLE} ALTER COLUMN id DROP DEFAULT")
    execute(f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
    execute(
        f"SELECT setval(pg_get_serial_sequence('{TABLE}', 'id'), %s, %s)",
        [max(last_id, 1), last_id > 0],
    )
    execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id)")
    execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_chain_seq_key UNIQUE (chain_seq)")
    for sql in _INDEXES[2:] + _TRIGGERS:
        execute(sql)


@dataclass(frozen=True)
class PurgeReport:
    dropped: list[str]
    kept_for_hold: str | None
    anchor_seq: int | None


def months_back(today: dt.date, months: int) -> dt.date:
    """The first day of the month ``months`` before today's month."""
    index = today.year * 12 + today.month - 1 - months
    return dt.date(index // 12, index % 12 + 1, 1)


def drop_before(
    cutoff: dt.date, *, held_client_ids: set[int], dry_run: bool = False
) -> PurgeReport:
    """Drop whole months that end on or before ``cutoff``, oldest first, each after its retention anchor.

    Stops at the first month that must stay (an entry about a client under a legal hold, or an entry not
    sealed yet), so what remains is one unbroken stretch of the chain that ``verify --full`` walks from
    the newest anchor.
    """
    dropped: list[str] = []
    anchor: int | None = None
    kept: str | None = None
    for part in partitions_before(cutoff, held_client_ids):
        if part.held:
            kept = part.name
            break
        if dry_run:
            dropped.append(part.name)
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            if part.last_seq is not None:
                cursor.execute(
                    f"SELECT hash FROM {part.name} WHERE chain_seq = %s",  # noqa: S608 - from pg_inherits
                    [part.last_seq],
                )
                AuditCheckpoint.objects.create(
                    seq=part.last_seq,
                    hash=cursor.fetchone()[0],
                    kind=AuditCheckpoint.Kind.RETENTION,
                )
                anchor = part.last_seq
            cursor.execute(f"DROP TABLE {part.name}")
        dropped.append(part.name)
    return PurgeReport(dropped, kept, anchor)
