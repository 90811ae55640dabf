"""Files: the data directory 0700; the database, -wal/-shm, backups and the SMS outbox 0600 under any umask;
production refuses key files that others can read or that sit inside the data directory.

The database checks run Safeplan in a separate process started with a permissive umask (000), as a careless
unit file would, and look at the files while a connection holds the WAL open.
"""

from __future__ import annotations

import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet

from tests.security.test_production_settings import ROOT, production_env, run

MODES = (
    "import os, stat, json; from pathlib import Path; from django.conf import settings as s; "
    "from django.db import connection; connection.ensure_connection(); "
    "connection.cursor().execute('CREATE TABLE IF NOT EXISTS probe (x int)'); "
    "connection.cursor().execute('INSERT INTO probe VALUES (1)'); "
    "d = Path(s.DATA_DIR); "
    "print(json.dumps({p.name: oct(stat.S_IMODE(p.stat().st_mode)) for p in [d, *d.iterdir()] "
    "if p.name != 'static'}))"
)


def _demo_env(data_dir: Path) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SAFEPLAN_", "DJANGO_SETTINGS", "DATABASE_URL"))
    }
    env.update({"SAFEPLAN_MODE": "demo", "SAFEPLAN_DATA_DIR": str(data_dir)})
    return env


def _modes_under_umask(env: dict[str, str]) -> dict[str, str]:
    import json

    result = subprocess.run(
        [sys.executable, "-c", f"import os; os.umask(0); {_SHELL}"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


_SHELL = (
    "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'safeplan.settings'); import django; django.setup(); "
    + MODES
)


def test_database_wal_shm_and_keys_are_private_whatever_the_umask(tmp_path: Path) -> None:
    data = tmp_path / "data"
    modes = _modes_under_umask(_demo_env(data))
    assert modes["data"] == "0o700"
    for name in ("safeplan.sqlite3", "safeplan.sqlite3-wal", "safeplan.sqlite3-shm"):
        assert modes[name] == "0o600", (name, modes)
    assert modes["keys"] == "0o700"
    for key in (data / "keys").iterdir():
        assert stat.S_IMODE(key.stat().st_mode) == 0o600


def test_existing_world_readable_files_are_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    database = data / "safeplan.sqlite3"
    database.touch(mode=0o644)
    (data / "safeplan.sqlite3-wal").touch(mode=0o644)
    os.chmod(data, 0o755)  # noqa: S103 - the careless mode being tested
    os.chmod(database, 0o644)
    modes = _modes_under_umask(_demo_env(data))
    assert modes["data"] == "0o700"
    assert modes["safeplan.sqlite3"] == modes["safeplan.sqlite3-wal"] == "0o600"


@pytest.mark.django_db(transaction=True)
def test_backups_are_private_whatever_the_umask(tmp_path: Path, settings: Any) -> None:
    from safeplan.records.backup import make_backup

    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip(
            "the SQLite test database is in memory; the PostgreSQL pass backs up with pg_dump"
        )
    settings.DATA_DIR = tmp_path
    target = tmp_path / "clinic.spbk"
    (tmp_path / "clinic.spbk.partial").touch(mode=0o644)  # a leftover from a failed run
    previous = os.umask(0)
    try:
        make_backup(target)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_sms_file_outbox_is_private(tmp_path: Path) -> None:
    from safeplan.notifications.transports.base import Outgoing
    from safeplan.notifications.transports.sms import FileSms

    outbox = tmp_path / "sms.jsonl"
    previous = os.umask(0)
    try:
        FileSms(str(outbox)).send(
            Outgoing(to="+16175550100", subject="s", text="t", message_key="k")
        )
    finally:
        os.umask(previous)
    assert stat.S_IMODE(outbox.stat().st_mode) == 0o600


def _key_files(directory: Path, mode: int) -> dict[str, str]:
    directory.mkdir(parents=True, exist_ok=True)
    values = {
        "SAFEPLAN_SECRET_KEY": secrets.token_urlsafe(50),
        "SAFEPLAN_FIELD_KEYS": Fernet.generate_key().decode(),
        "SAFEPLAN_INDEX_KEY": secrets.token_urlsafe(32),
    }
    env: dict[str, str | None] = {}
    for name, value in values.items():
        path = directory / name.lower()
        path.write_text(value)
        path.chmod(mode)
        env[name] = None
        env[f"{name}_FILE"] = str(path)
    return env  # type: ignore[return-value]


def test_production_starts_with_private_key_files_outside_the_data_dir(tmp_path: Path) -> None:
    env = production_env(tmp_path / "data", **_key_files(tmp_path / "keys", 0o600))
    result = run(["check"], env)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("where", "mode", "message"),
    [
        ("keys", 0o644, "has mode 0644"),
        ("keys", 0o640, "has mode 0640"),
        ("data/keys", 0o600, "inside the data directory"),
    ],
)
def test_production_refuses_unsafe_key_files(
    tmp_path: Path, where: str, mode: int, message: str
) -> None:
    env = production_env(tmp_path / "data", **_key_files(tmp_path / where, mode))
    result = run(["check"], env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "SAFEPLAN_FIELD_KEYS_FILE" in result.stderr
    assert "Traceback" not in result.stderr
