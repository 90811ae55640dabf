"""Files that hold client data or keys are the owner's alone, whatever the umask.

The data directory is 0700; the SQLite database and its -wal/-shm files, backups, the SMS file outbox and the
generated demo keys are 0600. SQLite gives a new -wal/-shm file the database file's mode, so creating the
database 0600 before SQLite first opens it (and tightening existing files on every new connection) covers all
three. ``key_file_problems`` is what production mode refuses to start with.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

DIR_MODE = 0o700
FILE_MODE = 0o600
SQLITE_SUFFIXES = ("", "-wal", "-shm", "-journal")


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) if needed; the directory itself becomes 0700 when we own it."""
    path.mkdir(parents=True, exist_ok=True)
    _tighten(path, DIR_MODE)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty if missing, 0600 either way (existing contents are kept)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
    finally:
        os.close(fd)
    return path


def open_private(path: Path, mode: str = "wb", **kwargs: object):  # type: ignore[no-untyped-def]
    """``open`` for a file only the owner may read: created 0600, and tightened if it existed."""
    flags = os.O_WRONLY | os.O_CREAT
    flags |= os.O_APPEND if mode.startswith("a") else os.O_TRUNC
    fd = os.open(path, flags, FILE_MODE)
    os.fchmod(fd, FILE_MODE)
    return os.fdopen(fd, mode, **kwargs)  # type: ignore[call-overload]


def secure_sqlite(database: Path) -> None:
    """The database file 0600 (created if missing) and any -wal/-shm/-journal beside it too."""
    if not database.exists():
        private_dir(database.parent)
        private_file(database)
    for suffix in SQLITE_SUFFIXES:
        candidate = database.with_name(database.name + suffix)
        if candidate.exists():
            _tighten(candidate, FILE_MODE)


def key_file_problems(paths: Iterable[tuple[str, str]], data_dir: Path) -> list[str]:
    """Why each ``(variable, path)`` key file is unsafe: readable by others, or inside the data directory."""
    problems = []
    data = data_dir.resolve()
    for variable, raw in paths:
        path = Path(raw).resolve()
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue  # reading it already failed loudly in lib.env
        if mode & 0o077:
            problems.append(
                f"{variable} ({raw}) has mode {mode:04o}: group and others must not read it "
                f"(chmod 600 {raw})"
            )
        if path == data or data in path.parents:
            problems.append(
                f"{variable} ({raw}) is inside the data directory {data_dir}: keys must live apart "
                "from the data they protect (e.g. /etc/safeplan/keys)"
            )
    return problems


def _tighten(path: Path, mode: int) -> None:
    try:
        info = path.stat()
        if info.st_uid == os.getuid() and stat.S_IMODE(info.st_mode) != mode:
            path.chmod(mode)
    except OSError:
        pass  # not ours or gone: nothing to tighten
