"""Two worker processes on the real PostgreSQL deliver every queued message exactly once.

Runs in the PostgreSQL pass of the suite (DATABASE_URL set). The workers are separate OS processes
(``manage.py worker --once``) sharing the test database; texts go to a file transport, one JSON line per
message actually handed over, so a duplicate send would show as a repeated key.
"""

from __future__ import annotations

import collections
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from django.db import connection

from safeplan.notifications import services
from safeplan.notifications.models import OutboundMessage, Status
from tests.factories import make_client, make_org

ROOT = Path(__file__).resolve().parents[2]
MESSAGES = 400


def _database_url() -> str:
    s = connection.settings_dict
    auth = quote(s.get("USER") or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}"


@pytest.mark.postgres_only
def test_exactly_once_with_two_worker_processes(
    postgres_only: None, transactional_db: Any, tmp_path: Path, settings: Any
) -> None:
    org = make_org("Clinic W", "clinic-w")
    client = make_client(org, "W-001")
    for i in range(MESSAGES):
        services.enqueue_message(
            channel="sms",
            to_address="+16175550100",
            template="client_checkin_reminder",
            context={"link": "/portal/check-in/"},
            dedupe_key=f"eo:{i}",
            client=client,
        )
    sms_file = tmp_path / "sms.jsonl"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "safeplan.settings",
        "DATABASE_URL": _database_url(),
        "SAFEPLAN_MODE": "dev",
        "SAFEPLAN_DATA_DIR": str(settings.DATA_DIR),
        "SAFEPLAN_SMS_TRANSPORT": f"file:{sms_file}",
        "SAFEPLAN_LOG_LEVEL": "WARNING",
    }
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "worker", "--once", "--name", f"eo-{n}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(2)
    ]
    outputs = [w.communicate(timeout=240) for w in workers]
    for w, (_out, err) in zip(workers, outputs, strict=True):
        assert w.returncode == 0, err
    keys = [json.loads(line)["key"] for line in sms_file.read_text().splitlines()]
    repeated = [k for k, n in collections.Counter(keys).items() if n > 1]
    assert not repeated, f"sent twice: {repeated[:5]}"
    assert len(keys) == MESSAGES
    assert OutboundMessage.objects.filter(status=Status.SENT, attempts=1).count() == MESSAGES
    units = [int(re.findall(r"stopped: (\d+) units", err)[-1]) for _out, err in outputs]
    print(f"\nexactly-once: {MESSAGES} messages, units per worker {units}")  # noqa: T201
    assert all(u > 0 for u in units), "both workers took part"
