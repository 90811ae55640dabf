"""Client page API vs. the server's ceiling, with N clients in the database (issue 2).

    python bench/client_page.py [--clients 10000] [--seconds 10] [--concurrency 4] [--workers 4]
                                [--database-url postgres://...]

Prints JSON: the minimal view (/livez), GET /api/v1/clients/{id} as demo-clinician (care-team scoped,
audited, decrypting the record) and the caseload searched by last name (``?name=``: keyed hashes of
the encrypted names), each with rps and p50/p95/p99, and the client page's throughput ratio.
"""

from __future__ import annotations

import argparse
import json
import platform

from bench.harness import add_server_arguments, demo_with_clients, load, running_server


def main() -> None:
    parser = argparse.ArgumentParser()
    add_server_arguments(parser)
    args = parser.parse_args()

    env, seed_seconds, visible = demo_with_clients(args.database_url, args.clients)
    with running_server(env, args.workers) as server:
        token = server.token("demo-clinician")
        auth = {"Authorization": f"Bearer {token}"}
        paths = [f"/api/v1/clients/{cid}" for cid in visible]
        load(server, paths[:20], auth, seconds=2, concurrency=args.concurrency)  # warm-up
        ceiling = load(server, ["/livez"], {}, seconds=args.seconds, concurrency=args.concurrency)
        client_page = load(server, paths, auth, seconds=args.seconds, concurrency=args.concurrency)
        # Caseload search by an (encrypted) last name: the seeded names are few, so each search
        # matches about 1 in 8 of the clinician's clients (one page of 20 is returned).
        searches = [
            f"/api/v1/clients?name={n}&limit=20" for n in ("Okafor", "Patel", "Rossi", "Sato")
        ]
        search = load(server, searches, auth, seconds=args.seconds, concurrency=args.concurrency)
    result = {
        "benchmark": "client_page_api",
        "database": "postgresql" if args.database_url else "sqlite",
        "clients_in_db": args.clients,
        "seed_seconds": round(seed_seconds, 1),
        "server_workers": args.workers,
        "concurrency": args.concurrency,
        "machine": {"cpus": __import__("os").cpu_count(), "python": platform.python_version()},
        "ceiling_livez": ceiling,
        "client_page": client_page,
        "throughput_ratio": round(client_page["rps"] / ceiling["rps"], 3),
        "caseload_search_by_name": search,
        "targets": {"client_page_p95_ms": 30, "throughput_ratio_min": 0.5, "search_p95_ms": 100},
    }
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
