"""Faults as tests: ``kill -9`` of the web server under write load loses no acknowledged write, and of the
worker mid-batch sends nothing twice.

A real ``safeplan serve`` (demo clinic; SQLite, or a fresh PostgreSQL database in the PostgreSQL pass) takes
concurrent message writes over HTTP; the whole process group (gunicorn master and workers) is killed with
SIGKILL mid-load. After a restart every write that was answered 2xx is in the database, SQLite's
``PRAGMA integrity_check`` says ``ok`` and ``safeplan audit verify`` passes. Bounded to about a minute.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import DEMO_PASSWORD, _free_port, _postgres_database

ROOT = Path(__file__).resolve().parents[2]
LOAD_SECONDS = 4.0
MESSAGES = 400
WRITERS = 4


def _env(data_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SAFEPLAN_", "DJANGO_SETTINGS", "DJANGO_ALLOW_ASYNC"))
    }
    env.update(
        {
            "SAFEPLAN_MODE": "demo",
            "SAFEPLAN_DATA_DIR": str(data_dir),
            "SAFEPLAN_DEMO_PASSWORD": DEMO_PASSWORD,
            "SAFEPLAN_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("DATABASE_URL", None)
    return env


def _safeplan(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safeplan.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[Any]:
    with log.open("a") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "safeplan.cli", "serve", "--port", str(port), "--workers", "3"],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: SIGKILL reaches master and workers
        )
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/livez", timeout=2):
                return proc
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("safeplan serve did not start: " + log.read_text()[-3000:])
        time.sleep(0.2)


def _call(port: int, method: str, path: str, token: str | None, body: Any = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=None if body is None else json.dumps(body).encode(),
        headers=headers,
        method=method,
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, json.loads(response.read() or b"null")


@dataclass
class Clinic:
    env: dict[str, str]
    data_dir: Path
    postgres: bool


@pytest.fixture(scope="module")
def clinic() -> Iterator[Clinic]:
    """One seeded demo clinic for both fault tests (seeding is the slow part)."""
    data_dir = Path(tempfile.mkdtemp(prefix="safeplan-fault-"))
    env = _env(data_dir)
    pg = _postgres_database(env)
    if pg:
        env["DATABASE_URL"] = pg[1]
    try:
        seeded = _safeplan(env, "demo")
        assert seeded.returncode == 0, seeded.stderr
        yield Clinic(env, data_dir, bool(pg))
    finally:
        if pg:
            import psycopg

            with psycopg.connect(pg[0], autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg[1].rsplit("/", 1)[1]}" WITH (FORCE)')


def test_kill_9_of_the_server_under_write_load_loses_no_acknowledged_write(clinic: Clinic) -> None:
    env, data_dir, pg = clinic.env, clinic.data_dir, clinic.postgres
    log = data_dir / "server.log"
    proc = None
    try:
        port = _free_port()
        proc = _serve(env, port, log)
        _, auth = _call(
            port,
            "POST",
            "/api/v1/auth/token",
            None,
            {"username": "demo-clinician", "password": DEMO_PASSWORD},
        )
        token = auth["token"]
        _, listed = _call(port, "GET", "/api/v1/clients", token)
        client_id = (listed["items"] if isinstance(listed, dict) else listed)[0]["id"]

        acknowledged: list[int] = []
        stop = threading.Event()
        lock = threading.Lock()

        def write(worker: int) -> None:
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    status, body = _call(
                        port,
                        "POST",
                        f"/api/v1/clients/{client_id}/messages",
                        token,
                        {"body": f"Load message {worker}-{n}"},
                    )
                except (OSError, urllib.error.HTTPError, ValueError):
                    continue  # refused or cut off by the kill: not acknowledged
                if 200 <= status < 300:
                    with lock:
                        acknowledged.append(int(body["id"]))

        threads = [threading.Thread(target=write, args=(w,), daemon=True) for w in range(WRITERS)]
        for thread in threads:
            thread.start()
        time.sleep(LOAD_SECONDS)
        os.killpg(proc.pid, signal.SIGKILL)  # master and workers, mid-write
        proc.wait(timeout=10)
        stop.set()
        for thread in threads:
            thread.join(timeout=15)
        assert len(acknowledged) >= 10, (
            f"the load wrote too little to mean anything ({len(acknowledged)})"
        )

        if not pg:
            database = data_dir / "safeplan.sqlite3"
            with sqlite3.connect(database) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        proc = _serve(env, port, log)  # restarts cleanly on what the kill left
        present = _safeplan(
            env,
            "shell",
            "-c",
            "import json; from safeplan.followup.models import Message; "
            f"print(json.dumps(list(Message.objects.filter(client_id={client_id})"
            ".values_list('id', flat=True))))",
        )
        assert present.returncode == 0, present.stderr
        stored = set(json.loads(present.stdout.strip().splitlines()[-1]))
        lost = sorted(set(acknowledged) - stored)
        assert not lost, (
            f"{len(lost)} of {len(acknowledged)} acknowledged writes are missing: {lost[:10]}"
        )
        verified = _safeplan(env, "audit", "verify")
        assert verified.returncode == 0, verified.stdout + verified.stderr
    finally:
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def _worker(env: dict[str, str], log: Path, *args: str) -> subprocess.Popen[Any]:
    with log.open("a") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "safeplan.cli", "worker", *args],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def _lines(path: Path) -> list[str]:
    if not path.exists():
        return []
    return [json.loads(line)["key"] for line in path.read_text().splitlines() if line.strip()]


def test_kill_9_of_the_worker_mid_batch_sends_nothing_twice(clinic: Clinic) -> None:
    """Only the one message in flight at the kill may go out again, under the same key (receivers
    recognise it: e-mail Message-ID, Twilio idempotency token); nothing is lost once the lease is over."""
    outbox = clinic.data_dir / "sms.jsonl"
    env = {**clinic.env, "SAFEPLAN_SMS_TRANSPORT": f"file:{outbox}"}
    log = clinic.data_dir / "worker.log"
    enqueued = _safeplan(
        env,
        "shell",
        "-c",
        "from safeplan.notifications.services import enqueue_message\n"
        f"for i in range({MESSAGES}):\n"
        "    enqueue_message(channel='sms', to_address='+16175550100', template='staff_alert',"
        " context={'title': f'Fault {i}', 'link': '/'}, dedupe_key=f'fault-{i}')",
    )
    assert enqueued.returncode == 0, enqueued.stderr
    worker = _worker(env, log)
    deadline = time.monotonic() + 60
    while len(_lines(outbox)) < 30:
        assert worker.poll() is None and time.monotonic() < deadline, log.read_text()[-3000:]
        time.sleep(0.02)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)
    sent_before = len(_lines(outbox))
    assert sent_before < MESSAGES, "the worker finished before the kill: raise MESSAGES"
    # The batch the killed worker had claimed waits for its lease; end the lease now instead of in 5 min.
    recovered = _safeplan(
        env,
        "shell",
        "-c",
        "import datetime as dt; from django.utils import timezone; "
        "from safeplan.notifications.delivery import recover_one_stale\n"
        "while recover_one_stale(timezone.now() + dt.timedelta(hours=1)):\n    pass",
    )
    assert recovered.returncode == 0, recovered.stderr
    drained = subprocess.run(
        [sys.executable, "-m", "safeplan.cli", "worker", "--once"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert drained.returncode == 0, drained.stderr
    keys = _lines(outbox)
    expected = {f"fault-{i}" for i in range(MESSAGES)}
    fault_keys = [k for k in keys if k.startswith("fault-")]
    assert set(fault_keys) == expected, f"{len(expected - set(fault_keys))} messages never sent"
    repeats = {k for k in fault_keys if fault_keys.count(k) > 1}
    assert len(fault_keys) - len(expected) <= 1, f"sent twice: {sorted(repeats)}"
