"""How fast ``safeplan audit verify`` checks the chain on PostgreSQL (issue 15: >= 200,000 entries/s).

    python -m bench.audit_verify [--entries 1000000] [--database-url postgres://postgres@127.0.0.1:5432/x]

Creates (or empties) the given disposable database, migrates it, and COPYs ``--entries`` sealed entries
spread over the last 12 months (one partition each), hashed exactly as the sealer does. Then times a full
verify with the default workers, a full verify on one connection, the Python walk (the exact fallback)
over a sample, and an incremental verify after 1% more entries. Prints JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import platform
import sys
import tempfile
import time
from typing import Any

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/safeplan_bench_audit"
ACTIONS = ("client.viewed", "plan.viewed", "card.viewed", "session.viewed", "assessment.created")


def _recreate(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin.replace("postgres://", "postgresql://", 1), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _setup(url: str) -> None:
    os.environ.update(
        {
            "DATABASE_URL": url,
            "SAFEPLAN_MODE": "dev",
            "SAFEPLAN_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "safeplan.settings",
        }
    )
    os.environ.setdefault("SAFEPLAN_DATA_DIR", tempfile.mkdtemp(prefix="safeplan-bench-audit-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _copy_entries(first_id: int, count: int, start: dt.datetime, step: dt.timedelta) -> str:
    """COPY ``count`` sealed entries after the chain head; returns the new head hash."""
    from django.db import connection, transaction

    from safeplan.audit.models import AuditChainHead, canonical_details
    from safeplan.audit.verify import row_hash

    head = AuditChainHead.objects.get_or_create(id=1)[0]
    prev, seq = head.last_hash, head.last_seq
    columns = (
        "id, at, actor_id, actor_role, organisation_id, client_id, action, target_type, "
        "target_id, channel, request_id, ip, break_glass, details, chain_seq, prev_hash, hash"
    )
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY audit_auditevent ({columns}) FROM STDIN") as copy:
            buffer = io.StringIO()
            for n in range(count):
                pk = first_id + n
                seq += 1
                at = start + step * n
                client = 1 + pk % 10_000
                details = {"n": pk % 97, "fields": ["phone", "plan"]} if pk % 3 else {}
                row = (
                    pk, at, 1 + pk % 50, "clinician", 1 + pk % 200, client, ACTIONS[pk % 5],
                    "client", str(client), "page", f"{pk:032x}", "10.0.0.1", False, details,
                    seq, prev,
                )  # fmt: skip
                digest = row_hash(row)
                fields = [str(v) for v in row[:12]]
                fields[1] = at.isoformat()
                buffer.write(
                    "\t".join([*fields, "f", canonical_details(details), str(seq), prev, digest])
                )
                buffer.write("\n")
                prev = digest
                if n % 20_000 == 19_999:
                    copy.write(buffer.getvalue())
                    buffer = io.StringIO()
            copy.write(buffer.getvalue())
        cursor.execute("SELECT setval(pg_get_serial_sequence('audit_auditevent', 'id'), %s)", [seq])
        AuditChainHead.objects.filter(id=1).update(last_seq=seq, last_hash=prev)
    return prev


def _timed(fn: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--database-url", default=DEFAULT_URL)
    parser.add_argument("--python-sample", type=int, default=100_000)
    args = parser.parse_args()
    _recreate(args.database_url)
    _setup(args.database_url)
    from django.db import connection

    from safeplan.audit import partitions, verify

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    start = now - dt.timedelta(days=365)
    month = partitions.month_start(start.date())
    with connection.cursor() as cursor:
        while month <= now.date():
            for sql in partitions.create_partition_sql(month):
                cursor.execute(sql)
            month = partitions.next_month(month)
    step = (now - start - dt.timedelta(hours=1)) / max(args.entries, 1)
    seed_s, _ = _timed(lambda: _copy_entries(1, args.entries, start, step))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_auditevent")  # what autovacuum does after a load
    full_s, full = _timed(lambda: verify.verify_chain(full=True, record_checkpoint=True))
    one_s, one = _timed(lambda: verify.verify_chain(full=True, workers=1))
    sample = min(args.python_sample, args.entries)
    py_s, py = _timed(lambda: verify._check_range((1, sample)))
    extra = max(args.entries // 100, 1)
    later = now - dt.timedelta(minutes=30)
    _copy_entries(args.entries + 1, extra, later, dt.timedelta(microseconds=10))
    inc_s, inc = _timed(lambda: verify.verify_chain(full=False, record_checkpoint=True))
    assert full.ok and one.ok and py.ok and inc.ok, (full, one, py, inc)
    assert full.checked == args.entries and inc.checked == extra
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_inherits WHERE inhparent = 'audit_auditevent'::regclass"
        )
        parts = cursor.fetchone()[0]
        cursor.execute("SELECT version()")
        pg_version = cursor.fetchone()[0].split(",")[0]
    report = {
        "benchmark": "audit_verify",
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "db": pg_version},
        "entries": args.entries,
        "partitions": parts,
        "seed_entries_per_s": round(args.entries / seed_s),
        "full_verify_s": round(full_s, 3),
        "full_verify_entries_per_s": round(args.entries / full_s),
        "full_verify_one_connection_entries_per_s": round(args.entries / one_s),
        "python_walk_entries_per_s": round(sample / py_s),
        "incremental_entries": extra,
        "incremental_verify_s": round(inc_s, 3),
        "target_entries_per_s": 200_000,
        "meets_target": args.entries / full_s >= 200_000,
    }
    json.dump(report, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
