"""``safeplan retention run [--dry-run]``: apply each organisation's retention policy (see records.retention)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from safeplan.records import retention


class Command(BaseCommand):
    help = (
        "Anonymise or delete archived client records whose retention period has ended, unless a legal "
        "hold is in force. Run it daily (a systemd timer); --dry-run reports without changing anything."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["run"])
        parser.add_argument("--dry-run", action="store_true", help="report only")
        parser.add_argument("--today", help="YYYY-MM-DD to evaluate as today (drills and tests)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be a date like 2031-01-31") from exc
        report = retention.run_retention(today=today, dry_run=options["dry_run"])
        verb = "would " if options["dry_run"] else ""
        self.stdout.write(
            f"Retention: {verb}anonymise {len(report.anonymised)}, {verb}delete "
            f"{len(report.deleted)}, stopped by a legal hold {len(report.held)}."
        )
        if report.anonymised:
            self.stdout.write("  anonymised client ids: " + ", ".join(map(str, report.anonymised)))
        if report.deleted:
            self.stdout.write("  deleted client ids: " + ", ".join(map(str, report.deleted)))
        if report.held:
            self.stdout.write("  held client ids: " + ", ".join(map(str, report.held)))
        months = retention.purge_audit_months(today=today, dry_run=options["dry_run"])
        if months is not None:
            self.stdout.write(
                f"Audit log: {verb}drop {len(months.dropped)} whole months older than the retention "
                f"period"
                + (
                    f"; kept from {months.kept_for_hold} on (legal hold or unsealed)"
                    if months.kept_for_hold
                    else ""
                )
                + "."
            )
