"""Seed the demo clinic up to N clients with follow-up data, then time the dashboard in process.

    python -m bench.followup_seed N      (SAFEPLAN_MODE / SAFEPLAN_DATA_DIR / DATABASE_URL set)

Shape of a growing clinic: one clinician per 100 clients, so a clinician's caseload stays the same size
while the organisation grows (demo-clinician always has 100); demo-supervisor sees everyone. Per client:
a check-in schedule and one open check-in (3% overdue at some rung of the ladder), the dashboard's risk
copy (70% none, 15% low, 10% moderate, 5% high), a safety plan with a review date (10% past), and for
0.5% an unread message (a tenth of them crisis-flagged). Each run adds only the missing clients, so
10,000 and then 100,000 share one database. Prints JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import statistics
import sys
import time

CASELOAD = 100
BATCH = 5000


def _seed(total: int) -> dict[str, float]:
    from django.db import transaction
    from django.utils import timezone

    from safeplan.accounts.models import Organisation, Role, User
    from safeplan.clients.models import CareTeamMember, Client
    from safeplan.followup.models import CheckIn, CheckInSchedule, Message, RiskWatch
    from safeplan.notifications.models import Notification
    from safeplan.plans.models import SafetyPlan

    org = Organisation.objects.get(slug="demo-clinic")
    me = User.objects.get(username="demo-clinician")
    sup = User.objects.get(username="demo-supervisor")
    existing = Client.objects.filter(organisation=org).count()
    need = max(0, total - existing)
    rng = random.Random(total)
    now = timezone.now()
    today = timezone.localdate()
    started = time.perf_counter()
    mine = CareTeamMember.objects.filter(clinician=me).count()
    pool: list[User] = []
    for i in range(total // CASELOAD + 1):
        user, _ = User.objects.get_or_create(
            username=f"bench-fu-clinician-{i}",
            defaults={"organisation": org, "role": Role.CLINICIAN},
        )
        pool.append(user)
    done = 0
    while done < need:
        size = min(BATCH, need - done)
        with transaction.atomic():
            clients = Client.objects.bulk_create(
                [
                    Client(
                        organisation=org,
                        record_number=f"F-{existing + done + i:07d}",
                        first_name=rng.choice(["Ada", "Ben", "Chloé", "Dmitri", "Farah", "Jun"]),
                        last_name=rng.choice(["Okafor", "Patel", "Rossi", "Sato", "Walker"]),
                        date_of_birth=dt.date(1960 + rng.randrange(45), 1 + rng.randrange(12), 1),
                        phone=f"+1617555{rng.randrange(10000):04d}",
                    )
                    for i in range(size)
                ],
                batch_size=1000,
            )
            members = []
            for n, client in enumerate(clients):
                index = existing + done + n
                if mine < CASELOAD:
                    clinician, mine = me, mine + 1
                else:
                    clinician = pool[index // CASELOAD]
                members.append(CareTeamMember(client=client, clinician=clinician, primary=True))
            CareTeamMember.objects.bulk_create(members, batch_size=1000)
            levels = rng.choices(["none", "low", "moderate", "high"], [70, 15, 10, 5], k=size)
            RiskWatch.objects.bulk_create(
                [
                    RiskWatch(
                        client=c,
                        organisation=org,
                        level=level,
                        since=now - dt.timedelta(minutes=rng.randrange(90 * 24 * 60)),
                        flag_id=0,
                    )
                    for c, level in zip(clients, levels, strict=True)
                ],
                batch_size=1000,
            )
            schedules = CheckInSchedule.objects.bulk_create(
                [
                    CheckInSchedule(
                        client=c, organisation=org, time_zone="America/New_York", created_by=me
                    )
                    for c in clients
                ],
                batch_size=1000,
            )
            checkins = []
            for c, s, level in zip(clients, schedules, levels, strict=True):
                days = {"none": 28, "low": 14, "moderate": 7, "high": 2}[level]
                if rng.random() < 0.03:
                    due = now - dt.timedelta(hours=rng.randrange(25, 24 * 30))
                    state = rng.choice(["missed", "clinician_alerted", "supervisor_alerted"])
                    nxt = None
                else:
                    due = now + dt.timedelta(minutes=rng.randrange(1, days * 24 * 60))
                    state, nxt = "due", due
                checkins.append(
                    CheckIn(
                        schedule=s,
                        client=c,
                        organisation=org,
                        due_at=due,
                        state=state,
                        next_action_at=nxt,
                        planned_at=due - dt.timedelta(days=days),
                        interval_days=days,
                        risk_level=level,
                    )
                )
            CheckIn.objects.bulk_create(checkins, batch_size=1000)
            SafetyPlan.objects.bulk_create(
                [
                    SafetyPlan(
                        client=c,
                        organisation=org,
                        review_due=today
                        + dt.timedelta(
                            days=-rng.randrange(1, 60)
                            if rng.random() < 0.1
                            else rng.randrange(1, 90)
                        ),
                    )
                    for c in clients
                ],
                batch_size=1000,
            )
            Message.objects.bulk_create(
                [
                    Message(
                        client=c,
                        organisation=org,
                        direction="from_client",
                        body="A benchmark message.",
                        created_at=now - dt.timedelta(minutes=rng.randrange(10000)),
                        crisis_flag=rng.random() < 0.1,
                    )
                    for c in clients
                    if rng.random() < 0.005
                ],
                batch_size=1000,
            )
            notes = []
            for k in range(size // 50):
                for user in (me, sup):
                    urgent_open = k % 20 == 0
                    notes.append(
                        Notification(
                            recipient=user,
                            organisation=org,
                            kind="checkin_missed",
                            title=f"Check-in missed: F-{existing + done + k:07d}",
                            link="/dashboard/",
                            urgent=True,
                            created_at=now - dt.timedelta(minutes=rng.randrange(100000)),
                            acknowledged_at=None if urgent_open else now,
                            group_key=f"bench:{existing + done}:{k}",
                            dedupe_key=f"bench:{existing + done}:{k}|u{user.pk}",
                        )
                    )
            Notification.objects.bulk_create(notes, batch_size=1000)
        done += size
    return {"seeded": need, "seed_seconds": round(time.perf_counter() - started, 1)}


def _time_in_process(rounds: int = 40) -> dict[str, dict[str, float]]:
    from django.db import connection, reset_queries

    from safeplan.accounts.models import User
    from safeplan.followup.dashboard import dashboard_for

    out: dict[str, dict[str, float]] = {}
    for username in ("demo-clinician", "demo-supervisor"):
        user = User.objects.select_related("organisation").get(username=username)
        dashboard_for(user)  # warm caches and the connection
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            dashboard_for(user)
            times.append((time.perf_counter() - t0) * 1000)
        connection.force_debug_cursor = True
        reset_queries()
        dashboard_for(user)
        queries = len(connection.queries)
        connection.force_debug_cursor = False
        times.sort()
        out[username] = {
            "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(0.95 * len(times)) - 1], 2),
            "queries": queries,
        }
    return out


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")
    import django

    django.setup()
    from safeplan.clients.models import Client

    total = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    seeded = _seed(total)
    from django.db import connection

    if connection.vendor == "postgresql":
        # Fresh planner statistics, as autovacuum would have them shortly after a bulk load. (SQLite is
        # measured without statistics: its queries are written to need none.)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    result = {
        **seeded,
        "clients": Client.objects.count(),
        "in_process": _time_in_process(),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
