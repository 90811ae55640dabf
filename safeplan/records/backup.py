"""``safeplan backup PATH`` / ``safeplan restore PATH``: consistent, encrypted backups of the whole database.

- SQLite: a snapshot through SQLite's online backup API (``sqlite3.Connection.backup``), consistent while
  Safeplan keeps serving; restored with the same API into the live database.
- PostgreSQL: ``pg_dump --format=custom`` (one consistent snapshot) streamed straight into the encrypted
  file; restored by dropping the current tables and replaying ``pg_restore``'s script in one
  ``psql --single-transaction`` (all or nothing; ``pg_restore --clean`` cannot drop a partitioned table).

A restore first decrypts and checks the whole file into a private temporary file: a truncated, damaged or
foreign file (another key, another database engine) is refused with a clear message before the database is
touched. After the restore the audit chain is verified. See ``records.backup_file`` for the format.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from safeplan.audit import services as audit
from safeplan.audit import verify as audit_verify
from safeplan.records import backup_file
from safeplan.records.backup_file import BackupError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"


def engine() -> str:
    vendor = connection.vendor
    if vendor not in (SQLITE, POSTGRESQL):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def key_material() -> str:
    return getattr(settings, "BACKUP_KEY", "") or settings.FIELD_ENCRYPTION_KEYS[0]


def candidate_keys() -> list[str]:
    return [getattr(settings, "BACKUP_KEY", ""), *settings.FIELD_ENCRYPTION_KEYS]


@contextlib.contextmanager
def private_dir() -> Iterator[Path]:
    """A temporary directory only this user can read, next to the data (plaintext never leaves it)."""
    base = Path(settings.DATA_DIR) / "tmp"
    base.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix="backup-", dir=base))
    path.chmod(0o700)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _migrations() -> dict[str, str]:
    from django.db.migrations.recorder import MigrationRecorder

    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).migration_qs.values_list("app", "name"):
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def pg_env() -> dict[str, str]:
    conf = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    values = {
        "PGHOST": conf.get("HOST") or "",
        "PGPORT": str(conf.get("PORT") or ""),
        "PGUSER": conf.get("USER") or "",
        "PGPASSWORD": conf.get("PASSWORD") or "",  # in the environment, never on a command line
        "PGDATABASE": conf.get("NAME") or "",
    }
    env.update({k: v for k, v in values.items() if v})
    return env


@dataclass
class BackupResult:
    path: Path
    engine: str
    plaintext_bytes: int


def _write_atomically(path: Path, write: Any) -> None:
    """Write to ``path.partial`` (mode 0600), then rename: a failed backup never leaves a half file."""
    partial = path.with_name(path.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # a leftover partial file keeps its old mode through O_TRUNC
    try:
        with os.fdopen(fd, "wb") as target:
            write(target)
            target.flush()
            os.fsync(target.fileno())
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def make_backup(path: Path) -> BackupResult:
    kind = engine()
    path = Path(path)
    if path.is_dir():
        raise BackupError(f"{path} is a directory; give a file name")
    if not path.parent.is_dir():
        raise BackupError(f"the directory {path.parent} does not exist")
    meta = {"engine": kind, "migrations": _migrations()}
    material = key_material()
    size = 0
    if kind == SQLITE:
        with private_dir() as tmp:
            snapshot = tmp / "snapshot.sqlite3"
            connection.ensure_connection()
            live: Any = connection.connection
            target_db = sqlite3.connect(snapshot)
            try:
                live.backup(target_db)
            finally:
                target_db.close()
            with snapshot.open("rb") as source:

                def write_sqlite(target: Any) -> None:
                    nonlocal size
                    size = backup_file.write(source, target, material=material, meta=meta)

                _write_atomically(path, write_sqlite)
    else:

        def write_pg(target: Any) -> None:
            nonlocal size
            proc = subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
                [_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=pg_env(),
            )
            assert proc.stdout is not None and proc.stderr is not None
            size = backup_file.write(proc.stdout, target, material=material, meta=meta)
            error = proc.stderr.read().decode("utf-8", "replace")
            if proc.wait() != 0:
                raise BackupError(f"pg_dump failed: {error.strip()[:500]}")

        _write_atomically(path, write_pg)
    audit.record(actor=None, action="records.backup_made", details={"engine": kind, "bytes": size})
    return BackupResult(path, kind, size)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed (Debian: apt-get install postgresql-client, matching the server)"
        )
    return found


def _decrypt_to(path: Path, plain: Path) -> backup_file.Header:
    try:
        source = path.open("rb")
    except OSError as exc:
        raise BackupError(f"cannot read {path}: {exc.strerror}") from exc
    with source:
        header = backup_file.read_header(source)
        material = backup_file.pick_key(header, candidate_keys())
        fd = os.open(plain, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as target:
            for chunk in backup_file.decrypt_chunks(source, header, material):
                target.write(chunk)
    return header


def check_backup(path: Path) -> backup_file.Header:
    """Decrypt and check a whole backup without restoring it (restore drills, monitoring)."""
    with private_dir() as tmp:
        header = _decrypt_to(Path(path), tmp / "plain")
        if header.engine == SQLITE:
            _check_sqlite(tmp / "plain")
    return header


def _check_sqlite(plain: Path) -> None:
    try:
        db = sqlite3.connect(f"file:{plain}?mode=ro", uri=True)
        try:
            (result,) = db.execute("PRAGMA integrity_check").fetchone()
            db.execute("SELECT count(*) FROM django_migrations").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"the backup's database is damaged: {exc}") from exc
    if result != "ok":
        raise BackupError("the backup's database fails SQLite's integrity check")


@dataclass
class RestoreResult:
    engine: str
    created_at: str
    audit_entries: int


def _drop_current_objects_sql() -> str:
    """DROP statements for the tables and functions of the current schema, to run before the restore.

    ``pg_restore --clean`` cannot drop a partitioned table's inherited constraints (the audit log is
    partitioned by month), so the old objects are dropped by name, in the same transaction as the restore.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT format('DROP TABLE IF EXISTS %I.%I CASCADE;', schemaname, tablename) "
            "FROM pg_tables WHERE schemaname = current_schema() "
            "UNION ALL SELECT format('DROP FUNCTION IF EXISTS %s CASCADE;', p.oid::regprocedure) "
            "FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace"
        )
        return "\n".join(row[0] for row in cursor.fetchall())


def _restore_postgres(plain: Path) -> None:
    """Old objects dropped and the dump restored in one transaction: all or nothing."""
    drop = _drop_current_objects_sql()
    connection.close()
    script = subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [_tool("pg_restore"), "--no-owner", "--no-privileges", "--file", "-", str(plain)],
        capture_output=True,
        env=pg_env(),
        check=False,
    )
    if script.returncode != 0:
        error = script.stderr.decode("utf-8", "replace").strip()[:500]
        raise BackupError(f"pg_restore could not read the backup and changed nothing: {error}")
    done = subprocess.run(  # noqa: S603 - fixed argument list, no shell
        [
            _tool("psql"),
            "--no-psqlrc",
            "--quiet",
            "--single-transaction",
            "--set",
            "ON_ERROR_STOP=1",
            "--dbname",
            connection.settings_dict["NAME"],
            "--file",
            "-",
        ],
        input=drop.encode() + b"\n" + script.stdout,
        capture_output=True,
        env=pg_env(),
        check=False,
    )
    if done.returncode != 0:
        error = done.stderr.decode("utf-8", "replace").strip()[:500]
        raise BackupError(f"the restore failed and changed nothing: {error}")


def restore_backup(path: Path) -> RestoreResult:
    kind = engine()
    with private_dir() as tmp:
        plain = tmp / "plain"
        header = _decrypt_to(Path(path), plain)
        if header.engine != kind:
            raise BackupError(
                f"this backup is of a {header.engine or 'unknown'} database; Safeplan is configured "
                f"for {kind}"
            )
        if kind == SQLITE:
            _check_sqlite(plain)
            connection.ensure_connection()
            if connection.in_atomic_block:
                raise BackupError("restore cannot run inside a transaction")
            live: Any = connection.connection
            source = sqlite3.connect(f"file:{plain}?mode=ro", uri=True)
            try:
                source.backup(live)
            finally:
                source.close()
        else:
            _restore_postgres(plain)
    result = audit_verify.verify_chain()
    if not result.ok:
        raise BackupError(
            f"the data was restored, but its audit chain does not verify: {result.problem}"
        )
    audit.record(
        actor=None,
        action="records.backup_restored",
        details={"engine": kind, "audit_entries": result.checked},
    )
    return RestoreResult(kind, str(header.fields.get("created_at", "")), result.checked)
