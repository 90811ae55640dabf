"""Encryption at rest: a copied database file (or a PostgreSQL dump) holds none of a client's words.

The words of ``at_rest_data`` are written through the API; then the raw bytes are searched, in UTF-8 and in
the escaped form JSON columns would use. Separately, every Encrypted* column of every model is checked to
hold only ciphertext.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from safeplan.records.backup import pg_env
from safeplan.records.columns import encrypted_columns
from tests.records import at_rest_data

ROOT = Path(__file__).resolve().parents[2]


def _forms(word: str) -> list[bytes]:
    forms = {word.encode("utf-8"), json.dumps(word)[1:-1].encode("ascii")}
    return sorted(forms)


def _demo_words() -> dict[str, str]:
    """The demo clinic's client names, phones and e-mail addresses (accounts.demo)."""
    from safeplan.accounts.demo import CLIENTS

    words = {}
    for i, (first, last, _pref, _dob, _pron, _lang, _tz, _c, _r, phone) in enumerate(CLIENTS, 1):
        words[f"demo client {i} name"] = f"{first} {last}" if len(first) < 6 else first
        words[f"demo client {i} last name"] = last
        words[f"demo client {i} phone"] = phone
        words[f"demo client {i} email"] = f"client{i}@demo.safeplan.invalid"
    return {k: v for k, v in words.items() if len(v) >= 4}


def _found_in(raw: bytes, words: dict[str, str] | None = None) -> list[str]:
    words = at_rest_data.WORDS if words is None else words
    return [
        f"{what}: {word!r}" for what, word in words.items() if any(f in raw for f in _forms(word))
    ]


def test_raw_sqlite_file_holds_none_of_the_words(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the PostgreSQL pass searches a pg_dump instead")
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL") and not k.startswith("SAFEPLAN_")
    }
    env.update({"SAFEPLAN_MODE": "dev", "SAFEPLAN_DATA_DIR": str(tmp_path)})

    def run(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "safeplan.cli", *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]

    run("demo")  # the fresh demo clinic, written by every app's seeder
    run("shell", "-c", "from tests.records.at_rest_data import populate; populate()")
    files = sorted(tmp_path.glob("safeplan.sqlite3*"))
    assert files and files[0].stat().st_size > 100_000
    raw = b"".join(f.read_bytes() for f in files)
    assert b"SQLite format 3" in raw and b"DEMO-001" in raw, "the search sees plain columns"
    leaks = _found_in(raw) + _found_in(raw, _demo_words())
    assert not leaks, "client words readable in the database file:\n" + "\n".join(leaks)


@pytest.mark.usefixtures("postgres_only")
def test_postgresql_dump_holds_none_of_the_words(transactional_db: Any) -> None:
    at_rest_data.populate()
    pg_dump = shutil.which("pg_dump")
    assert pg_dump, "pg_dump is needed for the PostgreSQL pass (apt-get install postgresql-client)"
    done = subprocess.run(
        [pg_dump, "--format=plain", "--no-owner", "--no-privileges"],
        env=pg_env(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    dump = done.stdout
    assert b"COPY public.clients_client" in dump
    assert not _found_in(dump), "client words readable in pg_dump:\n" + "\n".join(_found_in(dump))


def test_every_encrypted_column_holds_ciphertext_only(db: Any) -> None:
    at_rest_data.populate()
    plain = []
    filled = set()
    for column in encrypted_columns():
        after = None
        while batch := column.select_batch(after, 1000):
            for pk, stored in batch:
                if stored is None:
                    continue
                filled.add(column.name)
                if not str(stored).startswith("enc1:"):
                    plain.append(f"{column.name} row {pk}")
            after = batch[-1][0]
    assert not plain, "encrypted columns holding plain text: " + ", ".join(plain[:20])
    assert {"clients_client.first_name", "records_psychotherapynote.body"} <= filled
