"""``safeplan backup PATH``: an encrypted, consistent backup of the whole database (see records.backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safeplan.records import backup
from safeplan.records.backup_file import BackupError


class Command(BaseCommand):
    help = (
        "Write an encrypted, consistent backup of the database to PATH (SQLite online backup or "
        "pg_dump). --check PATH decrypts and checks an existing backup without restoring it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")
        parser.add_argument(
            "--check", action="store_true", help="check an existing backup instead of writing one"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            if options["check"]:
                header = backup.check_backup(path)
                self.stdout.write(
                    f"Backup OK: {header.engine} database, made {header.fields.get('created_at')}."
                )
                return
            result = backup.make_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backup written to {result.path} ({result.engine}, "
            f"{result.plaintext_bytes} bytes before encryption)."
        )
