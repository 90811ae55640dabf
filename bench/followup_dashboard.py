"""The caseload dashboard at 10,000 and at 100,000 clients (DESIGN.md: p95 under 100 ms with 100,000;
ten times the data at most 1.5× the time).

    python -m bench.followup_dashboard [--sizes 10000 100000] [--seconds 5] [--concurrency 2]
                                       [--workers 2] [--database-url postgres://.../postgres]

Creates the demo clinic in a fresh database (SQLite under a temporary data directory, or a new
PostgreSQL database on the server of ``--database-url``, dropped afterwards), grows it to each size
(``bench.followup_seed``), and for each size measures ``GET /api/v1/dashboard`` over HTTP on a real
``safeplan serve`` as demo-clinician (a 100-client caseload) and demo-supervisor (the whole clinic), next to
``/livez`` (the stack's ceiling), plus the dashboard selector in process. Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import uuid
from typing import Any

from bench.harness import ROOT, bench_env, load, running_server


def _fresh_postgres(url: str) -> tuple[str, str]:
    import psycopg

    name = f"safeplan_bench_fu_{uuid.uuid4().hex[:8]}"
    admin = url.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin, url.rsplit("/", 1)[0] + "/" + name


def _drop_postgres(admin: str, url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    pg = _fresh_postgres(args.database_url) if args.database_url else None
    env = bench_env(pg[1] if pg else None)
    run: dict[str, Any] = {
        "env": env,
        "check": True,
        "capture_output": True,
        "text": True,
        "cwd": ROOT,
    }
    results: list[dict[str, Any]] = []
    try:
        subprocess.run([sys.executable, "-m", "safeplan.cli", "migrate", "-v0"], **run)
        subprocess.run([sys.executable, "-m", "safeplan.cli", "demo"], **run)
        for size in args.sizes:
            seeded = subprocess.run([sys.executable, "-m", "bench.followup_seed", str(size)], **run)
            seed = json.loads(seeded.stdout.strip().splitlines()[-1])
            with running_server(env, args.workers) as server:
                row: dict[str, Any] = {"clients": seed["clients"], "seed": seed}
                row["ceiling_livez"] = load(
                    server, ["/livez"], {}, seconds=args.seconds, concurrency=args.concurrency
                )
                for username in ("demo-clinician", "demo-supervisor"):
                    auth = {"Authorization": f"Bearer {server.token(username)}"}
                    load(server, ["/api/v1/dashboard"], auth, seconds=1, concurrency=1)
                    row[username] = load(
                        server,
                        ["/api/v1/dashboard"],
                        auth,
                        seconds=args.seconds,
                        concurrency=args.concurrency,
                    )
            results.append(row)
    finally:
        if pg:
            _drop_postgres(*pg)

    def ratio(who: str) -> float | None:
        if len(results) < 2:
            return None
        return round(results[-1][who]["p95_ms"] / results[0][who]["p95_ms"], 2)

    print(
        json.dumps(
            {
                "benchmark": "followup_dashboard",
                "database": "postgresql" if pg else "sqlite",
                "server_workers": args.workers,
                "concurrency": args.concurrency,
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "runs": results,
                "p95_ratio_largest_to_smallest": {
                    "demo-clinician": ratio("demo-clinician"),
                    "demo-supervisor": ratio("demo-supervisor"),
                },
                "targets": {"p95_ms_at_100000": 100, "p95_ratio_max": 1.5},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
