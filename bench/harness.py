"""Benchmark harness: a real `safeplan serve` on seeded data, loaded from separate processes.

Every benchmark compares an endpoint with `/livez` (a view that does nothing) on the same server in the
same run, so the numbers say how close the endpoint comes to the stack's own ceiling on this machine.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class BenchServer:
    url: str
    env: dict[str, str]

    def cli(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "safeplan.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        return result.stdout

    def token(self, username: str, password: str = "demo-password") -> str:
        req = urllib.request.Request(
            self.url + "/api/v1/auth/token",
            data=json.dumps({"username": username, "password": password}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(req, timeout=30) as resp:
            return str(json.loads(resp.read())["token"])


def bench_env(database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SAFEPLAN_")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        {
            "SAFEPLAN_MODE": "demo",
            "SAFEPLAN_DATA_DIR": tempfile.mkdtemp(prefix="safeplan-bench-"),
            "SAFEPLAN_LOG_LEVEL": "WARNING",
        }
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


@contextmanager
def running_server(env: dict[str, str], workers: int) -> Iterator[BenchServer]:
    port = free_port()
    log = open(Path(env["SAFEPLAN_DATA_DIR"]) / "server.log", "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "safeplan.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    server = BenchServer(f"http://127.0.0.1:{port}", env)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(server.url + "/livez", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("server did not start") from None
                time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def _load_worker(args: tuple[str, list[str], dict[str, str], float]) -> list[float]:
    base, paths, headers, seconds = args
    host, port = base.replace("http://", "").split(":")
    latencies: list[float] = []
    end = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < end:
        path = paths[i % len(paths)]
        i += 1
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        start = time.perf_counter()
        conn.request("GET", path, headers=headers)
        resp = conn.getresponse()
        resp.read()
        elapsed = time.perf_counter() - start
        conn.close()
        if resp.status != 200:
            raise RuntimeError(f"{path} answered {resp.status}")
        latencies.append(elapsed)
    return latencies


def load(
    server: BenchServer,
    paths: list[str],
    headers: dict[str, str],
    *,
    seconds: float,
    concurrency: int,
) -> dict[str, Any]:
    """Closed-loop load: `concurrency` processes each sending one request at a time for `seconds`."""
    with ProcessPoolExecutor(max_workers=concurrency) as pool:
        chunks = [paths[i::concurrency] or paths for i in range(concurrency)]
        results = list(pool.map(_load_worker, [(server.url, c, headers, seconds) for c in chunks]))
    latencies = sorted(x for chunk in results for x in chunk)
    n = len(latencies)

    def pct(p: float) -> float:
        return round(latencies[min(n - 1, int(p * n))] * 1000, 2)

    return {
        "requests": n,
        "rps": round(n / seconds, 1),
        "p50_ms": pct(0.50),
        "p95_ms": pct(0.95),
        "p99_ms": pct(0.99),
        "mean_ms": round(statistics.fmean(latencies) * 1000, 2),
    }


def add_server_arguments(parser: Any, *, clients: int = 10_000) -> None:
    """The options every HTTP benchmark takes."""
    parser.add_argument("--clients", type=int, default=clients)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default=None)


def demo_with_clients(
    database_url: str | None, clients: int
) -> tuple[dict[str, str], float, list[int]]:
    """A fresh demo clinic plus ``clients`` more; returns the env, the seeding time and demo-clinician's ids."""
    env = bench_env(database_url)
    subprocess.run(
        [sys.executable, "-m", "safeplan.cli", "demo"],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    started = time.perf_counter()
    seeded = subprocess.run(
        [sys.executable, "-m", "bench.seed_clients", str(clients)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    visible = json.loads(seeded.stdout.strip().splitlines()[-1])
    return env, time.perf_counter() - started, visible
