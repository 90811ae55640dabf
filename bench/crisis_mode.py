"""Crisis mode under load: reading a crisis with its timeline, and recording one-tap entries.

    python -m bench.crisis_mode [--clients 10000] [--seconds 10] [--concurrency 4] [--workers 4]
                                [--entries 300] [--database-url postgres://...]

Seeds the demo clinic (its crises for DEMO-003) plus N more clients, runs `safeplan serve`, and measures in the
same run: /livez (the stack's ceiling), GET /api/v1/crisis-events/{id} (the crisis with its timeline, protocol,
prompts, notes) under closed-loop load, and the latency of POST /api/v1/crisis-events/{id}/entries (one tap:
an audited, append-only insert with the timeline's sequence number) sent one after another, as a clinician taps.
Prints JSON.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import statistics
import time
import urllib.request

from bench.harness import add_server_arguments, demo_with_clients, load, running_server


def _call(base: str, method: str, path: str, token: str, body: object = None) -> object:
    req = urllib.request.Request(
        base + path,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        method=method,
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read())


def _taps(base: str, token: str, event_id: int, n: int) -> dict[str, float]:
    host, port = base.replace("http://", "").split(":")
    latencies = []
    for i in range(n):
        body = json.dumps(
            {"kind": "note", "payload": {"text": f"Bench note {i}"}, "idempotency_key": f"b{i}"}
        )
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        start = time.perf_counter()
        conn.request(
            "POST",
            f"/api/v1/crisis-events/{event_id}/entries",
            body=body,
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        resp = conn.getresponse()
        resp.read()
        latencies.append(time.perf_counter() - start)
        conn.close()
        if resp.status != 201:
            raise RuntimeError(f"entry answered {resp.status}")
    latencies.sort()

    def pct(p: float) -> float:
        return round(latencies[min(n - 1, int(p * n))] * 1000, 2)

    return {
        "requests": n,
        "p50_ms": pct(0.5),
        "p95_ms": pct(0.95),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    add_server_arguments(parser)
    parser.add_argument("--entries", type=int, default=300)
    args = parser.parse_args()

    env, _, _ = demo_with_clients(args.database_url, args.clients)
    with running_server(env, args.workers) as server:
        token = server.token("demo-clinician")
        auth = {"Authorization": f"Bearer {token}"}
        crises = _call(server.url, "GET", "/api/v1/crisis-events", token)
        assert isinstance(crises, list) and crises, "the demo has an open crisis"
        clients = {c["client_id"] for c in crises}
        ids = [
            e["id"]
            for cid in clients
            for e in _call(server.url, "GET", f"/api/v1/clients/{cid}/crisis-events", token)  # type: ignore[union-attr]
        ]
        paths = [f"/api/v1/crisis-events/{i}" for i in ids]
        load(server, paths, auth, seconds=2, concurrency=args.concurrency)  # warm-up
        ceiling = load(server, ["/livez"], {}, seconds=args.seconds, concurrency=args.concurrency)
        detail = load(server, paths, auth, seconds=args.seconds, concurrency=args.concurrency)
        opened = _call(
            server.url,
            "POST",
            f"/api/v1/clients/{sorted(clients)[0]}/crisis-events",
            token,
            {"crisis_type": "other"},
        )
        taps = _taps(server.url, token, int(opened["id"]), args.entries)  # type: ignore[index]
        after = load(
            server,
            [f"/api/v1/crisis-events/{opened['id']}"],  # type: ignore[index]
            auth,
            seconds=args.seconds,
            concurrency=args.concurrency,
        )
    print(
        json.dumps(
            {
                "benchmark": "crisis_mode",
                "database": "postgresql" if args.database_url else "sqlite",
                "clients_in_db": args.clients + 6,
                "server_workers": args.workers,
                "concurrency": args.concurrency,
                "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
                "ceiling_livez": ceiling,
                "crisis_detail": detail,
                "ratio_crisis_detail": round(detail["rps"] / ceiling["rps"], 3),
                "one_tap_entry_sequential": taps,
                f"crisis_detail_with_{args.entries}_entries": after,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
