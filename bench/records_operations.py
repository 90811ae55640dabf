"""Operations on a clinic-sized database: key rotation, encrypted backup, check and restore.

    python -m bench.records_operations [--clients 10000] [--database-url postgres://.../empty_db]

A demo clinic plus ``--clients`` seeded clients (bench.seed_clients) in a fresh SQLite data directory (or the
given, disposable PostgreSQL database). Then: a new field key is put first and ``safeplan keys rotate`` runs;
``safeplan backup``, ``safeplan backup --check`` and ``safeplan restore --yes`` run on the result. Prints JSON
with the wall time of each step, values re-encrypted per second and the backup's size.
"""

from __future__ import annotations

import argparse
import json
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.harness import ROOT, bench_env


def run(env: dict[str, str], *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return elapsed, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    env = bench_env(args.database_url)
    data = Path(env["SAFEPLAN_DATA_DIR"])
    cli = ("-m", "safeplan.cli")
    run(env, *cli, "demo")
    run(env, "-m", "bench.seed_clients", str(args.clients))
    result: dict[str, Any] = {
        "benchmark": "records_operations",
        "clients": args.clients,
        "database": "postgresql" if args.database_url else "sqlite",
        "machine": platform.machine(),
        "python": platform.python_version(),
    }
    keys = data / "keys" / "field_keys"
    _, new_key = run(env, *cli, "keys", "generate")
    keys.write_text(new_key.strip() + "\n" + keys.read_text())
    seconds, out = run(env, *cli, "keys", "rotate", "--batch", "500")
    rotated = int(re.search(r"(\d+) re-encrypted under the new key", out).group(1))  # type: ignore[union-attr]
    result["rotate_seconds"] = round(seconds, 2)
    result["values_reencrypted"] = rotated
    result["values_per_second"] = round(rotated / seconds) if seconds else None
    status_seconds, _ = run(env, *cli, "keys", "status")
    result["status_seconds"] = round(status_seconds, 2)
    target = data / "bench.spbk"
    result["backup_seconds"] = round(run(env, *cli, "backup", str(target))[0], 2)
    result["backup_bytes"] = target.stat().st_size
    result["check_seconds"] = round(run(env, *cli, "backup", "--check", str(target))[0], 2)
    result["restore_seconds"] = round(run(env, *cli, "restore", "--yes", str(target))[0], 2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
