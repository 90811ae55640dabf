"""``safeplan keys generate`` / ``safeplan keys rotate`` / ``safeplan keys status``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from safeplan.audit import services as audit
from safeplan.lib import crypto
from safeplan.records import rotation


class Command(BaseCommand):
    help = (
        "generate: print a new field key. rotate: re-encrypt every stored value under the first key in "
        "SAFEPLAN_FIELD_KEYS (safe while Safeplan serves; resumable). status: count values still under "
        "an older key."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["generate", "rotate", "status"])
        parser.add_argument(
            "--batch",
            type=int,
            default=rotation.DEFAULT_BATCH,
            help="rows per transaction (default %(default)s)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "generate":
            self.stdout.write(crypto.generate_key())
            return
        if action == "status":
            self._status()
            return
        if options["batch"] < 1:
            raise CommandError("--batch must be at least 1")
        keys = len(settings.FIELD_ENCRYPTION_KEYS)
        self.stdout.write(f"Re-encrypting under the first of {keys} configured key(s)…")

        def progress(column: rotation.ColumnResult) -> None:
            self.stdout.write(
                f"  {column.column}: {column.scanned} rows scanned, {column.rotated} re-encrypted"
            )

        try:
            result = rotation.rotate_all(batch=options["batch"], progress=progress)
        except crypto.DecryptionError as exc:
            raise CommandError(
                f"{exc}. A key that encrypted some values is missing from SAFEPLAN_FIELD_KEYS: "
                "add it back (after the new key) and run the rotation again."
            ) from exc
        audit.record(
            actor=None,
            action="records.keys_rotated",
            details={"scanned": result.scanned, "rotated": result.rotated, "keys": keys},
        )
        self.stdout.write(
            f"Done: {result.scanned} values scanned, {result.rotated} re-encrypted under the new key."
        )
        left = rotation.values_not_current()
        if left:
            self.stdout.write(
                "Some values changed under an older key while rotating; run the rotation again: "
                + ", ".join(f"{k} ({v})" for k, v in left.items())
            )
        elif keys > 1:
            self.stdout.write(
                "Every value is under the first key. You may now remove the older key(s) from "
                "SAFEPLAN_FIELD_KEYS and restart Safeplan."
            )

    def _status(self) -> None:
        left = rotation.values_not_current()
        if not left:
            self.stdout.write("Every encrypted value is under the first key.")
            return
        for name, count in left.items():
            self.stdout.write(f"  {name}: {count} values under an older key")
        raise CommandError("some values are still under an older key; run `safeplan keys rotate`")
