"""The reminder worker: 10,000 due jobs processed in under 30 s, none sent twice (DESIGN.md speed budget).

    python -m bench.worker_throughput [--jobs 10000] [--workers 1] [--database-url postgres://.../postgres]

In a fresh database (SQLite under a temporary data directory, or a new PostgreSQL database on the server
of ``--database-url``, dropped afterwards) the demo clinic gets ``jobs`` due jobs: 40% check-ins whose
reminder is due (each becomes a text through the outbox), 20% caring contacts due (each becomes a note in
Safeplan and a text), 40% texts already queued. Then ``--workers`` processes of ``safeplan worker --once``
run at the same time until nothing is due; texts go to a file transport, one line per text handed over,
so a duplicate send shows as a repeated key. Prints JSON (wall time, jobs per second, duplicates).
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from bench.harness import ROOT, bench_env


def seed(jobs: int) -> dict[str, int]:
    """Inside Django: the due jobs (see the module docstring)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from safeplan.accounts.models import Organisation, User
    from safeplan.clients.models import CareTeamMember, Client
    from safeplan.followup import rules
    from safeplan.followup.models import CaringContact, CaringSeries, CheckIn, CheckInSchedule
    from safeplan.notifications.models import OutboundMessage

    org = Organisation.objects.get(slug="demo-clinic")
    me = User.objects.get(username="demo-clinician")
    now = timezone.now()
    n_checkins, n_caring = int(jobs * 0.4), int(jobs * 0.2)
    n_outbox = jobs - n_checkins - n_caring
    first = Client.objects.count()
    with transaction.atomic():
        clients = Client.objects.bulk_create(
            [
                Client(
                    organisation=org,
                    record_number=f"W-{first + i:07d}",
                    first_name="Bench",
                    last_name=f"Client {i}",
                    date_of_birth=dt.date(1990, 1, 1),
                    phone=f"+1617555{i % 10000:04d}",
                )
                for i in range(n_checkins + n_caring)
            ],
            batch_size=1000,
        )
        CareTeamMember.objects.bulk_create(
            [CareTeamMember(client=c, clinician=me, primary=True) for c in clients], batch_size=1000
        )
        due_clients, caring_clients = clients[:n_checkins], clients[n_checkins:]
        schedules = CheckInSchedule.objects.bulk_create(
            [
                CheckInSchedule(
                    client=c,
                    organisation=org,
                    time_zone="America/New_York",
                    quiet_start=None,
                    quiet_end=None,
                    reminder_channel="sms",
                    created_by=me,
                )
                for c in due_clients
            ],
            batch_size=1000,
        )
        due = now - dt.timedelta(minutes=5)
        CheckIn.objects.bulk_create(
            [
                CheckIn(
                    schedule=s,
                    client=c,
                    organisation=org,
                    due_at=due,
                    next_action_at=due,
                    planned_at=due - dt.timedelta(days=7),
                    interval_days=7,
                    risk_level="moderate",
                )
                for s, c in zip(schedules, due_clients, strict=True)
            ],
            batch_size=1000,
        )
        series = CaringSeries.objects.bulk_create(
            [
                CaringSeries(
                    client=c,
                    organisation=org,
                    reason="crisis",
                    channel="sms",
                    language="en",
                    started_by=me,
                    started_at=now - dt.timedelta(days=7),
                )
                for c in caring_clients
            ],
            batch_size=1000,
        )
        tz = rules.zone("America/New_York")
        contacts = []
        for s, c in zip(series, caring_clients, strict=True):
            for seq, when in enumerate(rules.caring_schedule(s.started_at, tz), start=1):
                planned = now - dt.timedelta(hours=1) if seq == 1 else when
                contacts.append(
                    CaringContact(
                        series=s, client=c, sequence=seq, planned_for=planned, send_at=planned
                    )
                )
        CaringContact.objects.bulk_create(contacts, batch_size=2000)
        OutboundMessage.objects.bulk_create(
            [
                OutboundMessage(
                    organisation=org,
                    channel="sms",
                    to_address=f"+1617555{i % 10000:04d}",
                    template="client_new_message",
                    context={"link": "/portal/messages/", "language": "en"},
                    dedupe_key=f"bench:queued:{first}:{i}",
                    next_attempt_at=now - dt.timedelta(seconds=30),
                )
                for i in range(n_outbox)
            ],
            batch_size=1000,
        )
    return {"checkins_due": n_checkins, "caring_due": n_caring, "queued_texts": n_outbox}


def verify() -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")
    import django

    django.setup()
    from safeplan.followup.models import CaringContact, CheckIn
    from safeplan.notifications.models import OutboundMessage

    statuses = collections.Counter(OutboundMessage.objects.values_list("status", flat=True))
    return {
        "outbox": dict(statuses),
        "checkins_still_due": CheckIn.objects.filter(state="due", due_at__lt=time_now()).count(),
        "caring_sent": CaringContact.objects.filter(state="sent").count(),
        "max_attempts": max(OutboundMessage.objects.values_list("attempts", flat=True), default=0),
    }


def time_now() -> dt.datetime:
    from django.utils import timezone

    return timezone.now() - dt.timedelta(minutes=1)


def _fresh_postgres(url: str) -> tuple[str, str]:
    import psycopg

    name = f"safeplan_bench_worker_{uuid.uuid4().hex[:8]}"
    admin = url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin, url.rsplit("/", 1)[0] + "/" + name


def _drop_postgres(admin: str, url: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--step", choices=["seed", "verify"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "seed":
        print(json.dumps(seed(args.jobs)))
        return
    if args.step == "verify":
        print(json.dumps(verify()))
        return

    pg = _fresh_postgres(args.database_url) if args.database_url else None
    env = bench_env(pg[1] if pg else None)
    sms = Path(env["SAFEPLAN_DATA_DIR"]) / "sms.jsonl"
    env["SAFEPLAN_SMS_TRANSPORT"] = f"file:{sms}"
    # Staff alert emails of the demo clinic go nowhere (this bench counts texts).
    env["SAFEPLAN_EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    run: dict[str, Any] = {
        "env": env,
        "check": True,
        "capture_output": True,
        "text": True,
        "cwd": ROOT,
    }
    me = [sys.executable, "-m", "bench.worker_throughput", "--jobs", str(args.jobs)]
    try:
        subprocess.run([sys.executable, "-m", "safeplan.cli", "migrate", "-v0"], **run)
        subprocess.run([sys.executable, "-m", "safeplan.cli", "demo"], **run)
        # The demo's own queued messages go first, so the timed run holds only the seeded jobs.
        subprocess.run([sys.executable, "-m", "safeplan.cli", "worker", "--once"], **run)
        sms.unlink(missing_ok=True)
        seeded = json.loads(subprocess.run([*me, "--step", "seed"], **run).stdout.splitlines()[-1])
        started = time.perf_counter()
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "safeplan.cli", "worker", "--once", "--name", f"bench-{n}"],
                env=env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            for n in range(args.workers)
        ]
        errors = [p.communicate()[1] for p in procs]
        seconds = time.perf_counter() - started
        if any(p.returncode for p in procs):
            raise RuntimeError("\n".join(errors))
        checked = json.loads(
            subprocess.run([*me, "--step", "verify"], **run).stdout.splitlines()[-1]
        )
    finally:
        if pg:
            _drop_postgres(*pg)
    keys = (
        [json.loads(line)["key"] for line in sms.read_text().splitlines()] if sms.exists() else []
    )
    duplicates = sum(n - 1 for n in collections.Counter(keys).values() if n > 1)
    print(
        json.dumps(
            {
                "benchmark": "worker_throughput",
                "database": "postgresql" if pg else "sqlite",
                "worker_processes": args.workers,
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "jobs": seeded,
                "due_jobs": args.jobs,
                "texts_sent": len(keys),
                "duplicate_sends": duplicates,
                "seconds": round(seconds, 2),
                "jobs_per_second": round(args.jobs / seconds, 1),
                "after": checked,
                "targets": {"seconds_max": 30, "duplicate_sends": 0},
                "ok": seconds < 30 and duplicates == 0 and len(keys) == args.jobs,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
