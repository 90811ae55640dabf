"""The screens opened in a crisis — the emergency card and the current safety plan — against the ceiling.

    python -m bench.crisis_screens [--clients 10000] [--seconds 10] [--concurrency 4] [--workers 4]
                                   [--database-url postgres://...]

Seeds the demo clinic (full emergency profiles, sessions and plans for the demo clients) plus N more clients,
runs `safeplan serve`, and loads in the same run: /livez (a view that does nothing: the stack's ceiling),
GET /api/v1/clients/{id}/emergency-card and GET /api/v1/clients/{id}/safety-plan as demo-clinician.
DESIGN.md budget: p95 under 30 ms and at least half the ceiling's throughput, with 10,000 clients.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import urllib.request

from bench.harness import add_server_arguments, demo_with_clients, load, running_server


def _demo_client_ids(server_url: str, token: str) -> list[int]:
    """The demo clients on demo-clinician's caseload (they have full emergency profiles and plans)."""
    ids: list[int] = []
    offset = 0
    while True:
        req = urllib.request.Request(
            f"{server_url}/api/v1/clients?limit=100&offset={offset}",
            headers={"Authorization": f"Bearer {token}"},
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            page = json.loads(resp.read())
        ids += [item["id"] for item in page["items"] if item["record_number"].startswith("DEMO-")]
        offset += len(page["items"])
        if not page["items"] or offset >= page["count"]:
            return ids


def main() -> None:
    parser = argparse.ArgumentParser()
    add_server_arguments(parser)
    args = parser.parse_args()

    env, seed_seconds, _ = demo_with_clients(args.database_url, args.clients)
    with running_server(env, args.workers) as server:
        token = server.token("demo-clinician")
        auth = {"Authorization": f"Bearer {token}"}
        ids = _demo_client_ids(server.url, token)
        card = [f"/api/v1/clients/{cid}/emergency-card" for cid in ids]
        plan = [f"/api/v1/clients/{cid}/safety-plan" for cid in ids]
        load(server, card + plan, auth, seconds=2, concurrency=args.concurrency)  # warm-up
        ceiling = load(server, ["/livez"], {}, seconds=args.seconds, concurrency=args.concurrency)
        card_result = load(server, card, auth, seconds=args.seconds, concurrency=args.concurrency)
        plan_result = load(server, plan, auth, seconds=args.seconds, concurrency=args.concurrency)
    result = {
        "benchmark": "crisis_screens",
        "database": "postgresql" if args.database_url else "sqlite",
        "clients_in_db": args.clients + len(ids),
        "seed_seconds": round(seed_seconds, 1),
        "server_workers": args.workers,
        "concurrency": args.concurrency,
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "ceiling_livez": ceiling,
        "emergency_card": card_result,
        "safety_plan": plan_result,
        "ratio_emergency_card": round(card_result["rps"] / ceiling["rps"], 3),
        "ratio_safety_plan": round(plan_result["rps"] / ceiling["rps"], 3),
        "targets": {"p95_ms": 30, "ratio_min": 0.5},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
