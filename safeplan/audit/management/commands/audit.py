"""``safeplan audit verify`` / ``safeplan audit seal``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safeplan.audit import services, verify


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain (seals pending entries first), or seal pending entries."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["verify", "seal"])
        parser.add_argument(
            "--full",
            action="store_true",
            help="walk the whole chain (default: from the last checkpoint; run --full weekly)",
        )
        parser.add_argument(
            "--no-seal", action="store_true", help="verify without sealing pending entries"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "seal" or not options["no_seal"]:
            total = 0
            while sealed := services.seal_pending():
                total += sealed
            if options["action"] == "seal":
                self.stdout.write(f"Sealed {total} entries.")
                return
        result = verify.verify_chain(full=options["full"], record_checkpoint=True)
        if not result.ok:
            where = f" (entry id {result.broken_entry_id})" if result.broken_entry_id else ""
            raise CommandError(
                f"Audit chain BROKEN after {result.checked} good entries: {result.problem}{where}"
            )
        where = (
            "from the first entry"
            if result.started_after == 0
            else (f"after chain position {result.started_after}")
        )
        self.stdout.write(f"Audit chain intact: {result.checked} entries verified {where}.")
        if result.stale_unsealed:
            self.stdout.write(
                f"Warning: {result.stale_unsealed} entries older than a minute are not sealed yet "
                "(is `safeplan worker` running?)."
            )
