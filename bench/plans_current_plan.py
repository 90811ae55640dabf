"""The current safety plan (a screen opened in a crisis) with every client holding a versioned plan.

    python -m bench.plans_current_plan [--clients 10000] [--versions 3] [--seconds 5] [--concurrency 4]
                                       [--workers 4] [--database-url postgres://...]

Seeds the demo clinic plus N clients, gives every client a plan of V versions (bulk insert of encrypted
versions), runs `safeplan serve` and loads, in the same run, /livez (the stack's ceiling) and
GET /api/v1/clients/{id}/safety-plan as demo-clinician over the clients on their care team. Then times,
in process, the PDF and the wallet card of a full plan. Prints JSON. DESIGN.md budget: p95 under 30 ms
and at least half the ceiling's throughput with 10,000 clients.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time

from bench.harness import ROOT, bench_env, load, running_server


def seed_plans(versions: int) -> list[int]:
    """Inside Django: a plan of ``versions`` versions for every client without one."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from safeplan.accounts.models import User
    from safeplan.clients.models import CareTeamMember, Client
    from safeplan.lib.validation import parse_phone
    from safeplan.plans import library, rules
    from safeplan.plans.models import SafetyPlan, SafetyPlanVersion, content_digest
    from tests.plans.helpers import full_sections

    author = User.objects.get(username="demo-clinician")
    content = rules.normalise_content(
        full_sections(), country="US", parse_phone=parse_phone, skills=library.CODES
    )
    due = timezone.localdate() + timezone.timedelta(days=30)
    clients = list(
        Client.objects.filter(safety_plan__isnull=True).values_list("pk", "organisation_id")
    )
    with transaction.atomic():
        plans = SafetyPlan.objects.bulk_create(
            [
                SafetyPlan(
                    client_id=pk, organisation_id=org, current_number=versions, review_due=due
                )
                for pk, org in clients
            ],
            batch_size=1000,
        )
        rows = []
        for plan in plans:
            for number in range(1, versions + 1):
                words = {**content, "reasons": content["reasons"][: 1 + number % 2]}
                rows.append(
                    SafetyPlanVersion(
                        plan=plan,
                        number=number,
                        content=words,
                        content_hash=content_digest(words, ""),
                        author=author,
                        author_role="clinician",
                        origin="edit",
                        based_on=number - 1 or None,
                        review_due=due,
                        review_basis="default",
                    )
                )
        SafetyPlanVersion.objects.bulk_create(rows, batch_size=1000)
    return list(CareTeamMember.objects.filter(clinician=author).values_list("client_id", flat=True))


def time_pdfs(rounds: int = 5) -> dict[str, float]:
    """Milliseconds (median of ``rounds``) to build the plan PDF and the wallet card in process."""
    import statistics

    from django.utils import timezone

    from safeplan.clients.models import Client
    from safeplan.plans import pdf, selectors

    client = Client.objects.get(record_number="DEMO-001")
    version = selectors.current_with_signatures(client)
    assert version is not None
    plan_ms, card_ms = [], []
    for _ in range(rounds):
        t0 = time.perf_counter()
        pdf.plan_pdf(
            client=client,
            version=version,
            signatures=list(version.signatures.all()),
            emergency_number="911",
            printed_at=timezone.now(),
        )
        t1 = time.perf_counter()
        pdf.wallet_card_for(version.content, "911")
        t2 = time.perf_counter()
        plan_ms.append((t1 - t0) * 1000)
        card_ms.append((t2 - t1) * 1000)
    return {
        "plan_pdf_ms": round(statistics.median(plan_ms), 1),
        "wallet_card_ms": round(statistics.median(card_ms), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--versions", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        visible = seed_plans(args.versions)
        print(json.dumps({"visible": visible, **time_pdfs()}))
        return

    env = bench_env(args.database_url)
    run = {"env": env, "check": True, "capture_output": True, "text": True, "cwd": ROOT}
    subprocess.run([sys.executable, "-m", "safeplan.cli", "demo"], **run)  # type: ignore[call-overload]
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bench.seed_clients", str(args.clients)], **run)  # type: ignore[call-overload]
    seeded = subprocess.run(  # type: ignore[call-overload]
        [
            sys.executable,
            "-m",
            "bench.plans_current_plan",
            "--seed-only",
            "--versions",
            str(args.versions),
        ],
        **run,
    )
    seed_seconds = time.perf_counter() - t0
    seeded_out = json.loads(seeded.stdout.strip().splitlines()[-1])
    paths = [f"/api/v1/clients/{cid}/safety-plan" for cid in seeded_out["visible"]]
    with running_server(env, args.workers) as server:
        auth = {"Authorization": f"Bearer {server.token('demo-clinician')}"}
        load(server, paths[:20], auth, seconds=2, concurrency=args.concurrency)  # warm-up
        ceiling = load(server, ["/livez"], {}, seconds=args.seconds, concurrency=args.concurrency)
        current = load(server, paths, auth, seconds=args.seconds, concurrency=args.concurrency)
    result = {
        "benchmark": "plans_current_plan",
        "database": "postgresql" if args.database_url else "sqlite",
        "clients_in_db": args.clients,
        "versions_per_plan": args.versions,
        "seed_seconds": round(seed_seconds, 1),
        "server_workers": args.workers,
        "concurrency": args.concurrency,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "ceiling_livez": ceiling,
        "current_plan": current,
        "throughput_ratio": round(current["rps"] / ceiling["rps"], 3),
        "pdf_in_process": {k: v for k, v in seeded_out.items() if k != "visible"},
        "targets": {"current_plan_p95_ms": 30, "throughput_ratio_min": 0.5},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
