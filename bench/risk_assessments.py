"""Risk assessment timings on a demo clinic (SQLite by default), in process.

    python bench/risk_assessments.py [--history 300] [--repeat 200] [--database-url postgres://...]

Prints JSON: pure scoring (calls/s per instrument), recording a PHQ-9 through the service (score, store
encrypted, flag, consequences, audit: p50/p95 ms), and the clinician's client page and the assessments
API list for a client with ``--history`` assessments (p50/p95 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 2)


def timed(fn: object, repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append(time.perf_counter() - t0)
    return {"p50_ms": pct(samples, 0.5), "p95_ms": pct(samples, 0.95), "n": repeat}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--history", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    from bench.harness import bench_env

    env = bench_env(args.database_url)
    subprocess.run(
        [sys.executable, "-m", "safeplan.cli", "demo"],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "safeplan.settings"
    import django

    django.setup()
    from django.test import Client as HttpClient

    from safeplan.accounts.models import User
    from safeplan.clients.models import Client
    from safeplan.risk import services
    from safeplan.risk.rules import score

    answers = {
        "phq9": {f"item{i}": i % 4 for i in range(1, 10)},
        "gad7": {f"item{i}": i % 4 for i in range(1, 8)},
        "asq": {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"},
        "cssrs_screener": {
            "1": "yes",
            "2": "yes",
            "3": "yes",
            "4": "no",
            "5": "no",
            "6": "yes",
            "6_recent": "no",
        },
    }
    scoring = {}
    for instrument, data in answers.items():
        t0 = time.perf_counter()
        n = 20_000
        for _ in range(n):
            score(instrument, data)
        scoring[instrument] = round(n / (time.perf_counter() - t0))

    clinician = User.objects.get(username="demo-clinician")
    client = Client.objects.get(record_number="DEMO-002")
    phq_low = {f"item{i}": 1 for i in range(1, 10)} | {"item9": 0}

    def record() -> None:
        services.record_assessment(
            actor=clinician, client=client, instrument="phq9", answers=phq_low
        )

    record_stats = timed(record, args.repeat)
    while client.assessments.count() < args.history:
        record()
    http = HttpClient()
    http.force_login(clinician, backend="django.contrib.auth.backends.ModelBackend")
    page = timed(lambda: http.get(f"/clients/{client.pk}/"), 50)
    from django.test import RequestFactory

    from safeplan.risk.panels import client_panels

    request = RequestFactory().get(f"/clients/{client.pk}/")
    request.user = clinician
    panel = timed(lambda: client_panels(request, client), 50)
    api_list = timed(lambda: http.get(f"/api/v1/clients/{client.pk}/assessments"), 50)
    print(
        json.dumps(
            {
                "benchmark": "risk_assessments",
                "database": "postgresql" if args.database_url else "sqlite",
                "scoring_calls_per_second": scoring,
                "record_phq9_service": record_stats,
                "assessments_for_client": client.assessments.count(),
                "client_page_all_panels": page,
                "risk_panel_context": panel,
                "assessments_api_list": api_list,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
