"""``safeplan restore PATH``: replace the whole database with an encrypted backup (see records.backup)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safeplan.records import backup
from safeplan.records.backup_file import BackupError


class Command(BaseCommand):
    help = (
        "Replace ALL data with the backup at PATH. The file is decrypted and checked completely before "
        "anything is changed; the audit chain is verified afterwards. Stop `safeplan serve` and "
        "`safeplan worker` first."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["yes"]:
            if not sys.stdin.isatty():
                raise CommandError("restore replaces all data; pass --yes to confirm")
            answer = input("This replaces ALL data in the configured database. Type 'restore': ")
            if answer.strip() != "restore":
                raise CommandError("not restored")
        try:
            result = backup.restore_backup(Path(options["path"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the {result.engine} backup made {result.created_at}. "
            f"Audit chain intact: {result.audit_entries} entries verified. "
            "Run `safeplan migrate` if this Safeplan is newer than the backup."
        )
