"""Backup and restore: same data back, audit chain intact; bad files refused with nothing changed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from safeplan.audit import services as audit_services
from safeplan.clients.models import Client
from safeplan.lib import crypto
from safeplan.plans import services as plan_services
from safeplan.records import backup, backup_file
from safeplan.records.backup_file import BackupError
from tests.factories import make_client, make_world

PLAN_WORDS = "Phone Thessaly Vorn at the lighthouse"
AUDIT_TABLES = {"audit_auditevent", "audit_auditchainhead"}

pytestmark = pytest.mark.django_db(transaction=True)


def _tables() -> list[str]:
    return sorted(
        m._meta.db_table for m in apps.get_models() if m._meta.managed and not m._meta.proxy
    )


def _dump(*, audit: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, as stored (ciphertext included), in primary-key order."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in _tables():
            if (table in AUDIT_TABLES) != audit:
                continue
            cursor.execute(f"SELECT * FROM {q(table)} ORDER BY 1")  # noqa: S608
            out[table] = [tuple(r) for r in cursor.fetchall()]
    return out


def _clinic() -> Any:
    world = make_world()
    plan_services.save_plan(
        client=world.client,
        actor=world.users["clinician"],
        content={"warning_signs": [{"text": PLAN_WORDS}]},
        base_version=None,
    )
    while audit_services.seal_pending():
        pass
    return world


def _change_everything(world: Any) -> None:
    make_client(world.org, "A-NEW", first_name="Added after the backup")
    Client.objects.filter(pk=world.client.pk).update(first_name="Renamed after the backup")
    audit_services.record(actor=None, action="test.after_backup")


def test_restore_gives_back_the_same_data_and_an_intact_chain(tmp_path: Path) -> None:
    world = _clinic()
    data_before, audit_before = _dump(), _dump(audit=True)
    path = tmp_path / "clinic.spbk"
    made = backup.make_backup(path)
    assert made.engine == connection.vendor and path.stat().st_mode & 0o777 == 0o600
    assert PLAN_WORDS.encode() not in path.read_bytes()
    _change_everything(world)
    assert _dump() != data_before
    restored = backup.restore_backup(path)
    assert restored.audit_entries == len(audit_before["audit_auditevent"])
    assert _dump() == data_before
    audit_after = _dump(audit=True)["audit_auditevent"]
    assert audit_after[: len(audit_before["audit_auditevent"])] == audit_before["audit_auditevent"]
    assert Client.objects.get(pk=world.client.pk).first_name == "Cleo"
    call_command("audit", "verify")


def _assert_refused(path: Path, message: str) -> None:
    before = _dump(), _dump(audit=True)
    with pytest.raises(BackupError, match=message):
        backup.restore_backup(path)
    assert (_dump(), _dump(audit=True)) == before, "nothing changed"


def test_truncated_damaged_or_foreign_files_change_nothing(tmp_path: Path, settings: Any) -> None:
    world = _clinic()
    good = tmp_path / "good.spbk"
    backup.make_backup(good)
    _change_everything(world)
    raw = good.read_bytes()
    cut = tmp_path / "cut.spbk"
    cut.write_bytes(raw[: len(raw) - 100])
    _assert_refused(cut, "truncated")
    flipped = bytearray(raw)
    flipped[len(raw) // 2] ^= 0x01
    (tmp_path / "flipped.spbk").write_bytes(bytes(flipped))
    _assert_refused(tmp_path / "flipped.spbk", "damaged or was altered")
    (tmp_path / "longer.spbk").write_bytes(raw + b"x")
    _assert_refused(tmp_path / "longer.spbk", "damaged|after its end")
    (tmp_path / "other.spbk").write_bytes(b"SQLite format 3\x00" + raw[16:])
    _assert_refused(tmp_path / "other.spbk", "not a Safeplan backup")
    _assert_refused(tmp_path / "missing.spbk", "cannot read")
    settings.FIELD_ENCRYPTION_KEYS = [crypto.generate_key()]
    _assert_refused(good, "SAFEPLAN_BACKUP_KEY")


def test_backup_from_another_engine_is_refused(tmp_path: Path) -> None:
    _clinic()
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    path = tmp_path / "other-engine.spbk"
    with path.open("wb") as target:
        backup_file.write(
            io.BytesIO(b"not a database"),
            target,
            material=backup.key_material(),
            meta={"engine": other},
        )
    _assert_refused(path, f"backup is of a {other} database")


def test_backup_key_and_rotation(tmp_path: Path, settings: Any) -> None:
    _clinic()
    old_first = settings.FIELD_ENCRYPTION_KEYS[0]
    path = tmp_path / "before-rotation.spbk"
    backup.make_backup(path)
    settings.FIELD_ENCRYPTION_KEYS = [crypto.generate_key(), old_first]
    assert backup.check_backup(path).engine == connection.vendor, "old key still configured"
    settings.BACKUP_KEY = "a dedicated backup key of more than thirty-two characters"
    dedicated = tmp_path / "dedicated.spbk"
    backup.make_backup(dedicated)
    settings.BACKUP_KEY = ""
    with pytest.raises(BackupError, match="SAFEPLAN_BACKUP_KEY"):
        backup.check_backup(dedicated)


def test_file_format_detects_every_kind_of_tampering(monkeypatch: Any) -> None:
    monkeypatch.setattr(backup_file, "CHUNK", 64)
    data = bytes(range(256)) * 3  # 12 chunks of 64 bytes
    out = io.BytesIO()
    backup_file.write(io.BytesIO(data), out, material="k" * 40, meta={"engine": "sqlite"})
    raw = out.getvalue()

    def restore(blob: bytes) -> bytes:
        source = io.BytesIO(blob)
        header = backup_file.read_header(source)
        return b"".join(backup_file.decrypt_chunks(source, header, "k" * 40))

    assert restore(raw) == data
    header_end = 16 + 4 + int.from_bytes(raw[16:20], "big")
    chunk = 4 + 64 + 16
    chunks = [raw[i : i + chunk] for i in range(header_end, len(raw), chunk)]
    assert len(chunks) == 12, "the twelfth chunk is marked final"
    prefix = raw[:header_end]
    with pytest.raises(BackupError, match="truncated"):
        restore(prefix + b"".join(chunks[:-1]))  # cut exactly at a chunk boundary
    swapped = [chunks[1], chunks[0], *chunks[2:]]
    with pytest.raises(BackupError, match="damaged or was altered"):
        restore(prefix + b"".join(swapped))
    with pytest.raises(BackupError, match="damaged or was altered"):
        restore(prefix.replace(b'"sqlite"', b'"sqlitx"') + b"".join(chunks))
    with pytest.raises(BackupError, match="after its end"):
        restore(raw + chunks[-1])


@pytest.mark.usefixtures("postgres_only")
def test_postgresql_restore_round_trip(tmp_path: Path) -> None:
    test_restore_gives_back_the_same_data_and_an_intact_chain(tmp_path)


def test_cli_backup_restore_and_verify(tmp_path: Path) -> None:
    """The commands an operator runs, on a real database file in a separate process."""
    if connection.vendor != "sqlite":
        pytest.skip(
            "the PostgreSQL pass covers restore in process (test_postgresql_restore_round_trip)"
        )
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env.update({"SAFEPLAN_MODE": "dev", "SAFEPLAN_DATA_DIR": str(tmp_path / "data")})

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "safeplan.cli", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    assert run("migrate", "--verbosity", "0").returncode == 0
    made = run("backup", str(tmp_path / "b.spbk"))
    assert made.returncode == 0, made.stderr
    assert "Backup written" in made.stdout
    assert run("backup", "--check", str(tmp_path / "b.spbk")).returncode == 0
    refused = run("restore", str(tmp_path / "b.spbk"))
    assert refused.returncode != 0 and "--yes" in refused.stderr
    restored = run("restore", "--yes", str(tmp_path / "b.spbk"))
    assert restored.returncode == 0, restored.stderr
    assert "Audit chain intact" in restored.stdout
    (tmp_path / "cut.spbk").write_bytes((tmp_path / "b.spbk").read_bytes()[:-7])
    cut = run("restore", "--yes", str(tmp_path / "cut.spbk"))
    assert cut.returncode == 1 and "truncated" in cut.stderr
    assert "Traceback" not in cut.stderr
    assert run("audit", "verify").returncode == 0
