"""``safeplan directory check``: list directory entries older than an age, or not verified.

Prints counts per kind for the shipped reference data and each organisation's local entries, then each
organisation entry that needs re-checking (and, with ``--details``, each reference record). Exit status 0,
or 1 with ``--strict`` when anything was found (for CI or a scheduled job).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from safeplan.accounts.models import Organisation
from safeplan.directory.checks import check


class Command(BaseCommand):
    help = "Directory maintenance: `check` lists stale or unverified reference and local entries."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["check"])
        parser.add_argument(
            "--max-age-days",
            type=int,
            default=365,
            help="entries whose source date is older than this are stale (default 365)",
        )
        parser.add_argument(
            "--organisation",
            metavar="SLUG",
            help="check only this organisation's local entries (default: every organisation)",
        )
        parser.add_argument(
            "--scope",
            choices=["all", "reference", "local"],
            default="all",
            help="reference data, organisation entries, or both (default)",
        )
        parser.add_argument(
            "--details", action="store_true", help="also list every reference record found"
        )
        parser.add_argument(
            "--strict", action="store_true", help="exit with status 1 when anything is found"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        max_age = options["max_age_days"]
        if max_age < 0:
            raise CommandError("--max-age-days must be zero or more")
        orgs = list(Organisation.objects.order_by("slug"))
        if options["organisation"]:
            orgs = [o for o in orgs if o.slug == options["organisation"]]
            if not orgs:
                raise CommandError(f"no organisation with slug {options['organisation']!r}")
        if options["scope"] == "reference":
            orgs = []
        report = check(
            max_age_days=max_age,
            today=timezone.localdate(),
            organisations=orgs,
            include_reference=options["scope"] != "local",
        )
        out = self.stdout
        out.write(
            f"Directory check on {report.today.isoformat()}: stale = source date older than "
            f"{max_age} days; unverified = not confirmed by the source or by your organisation."
        )
        counts = report.counts()
        out.write(
            f"{'scope':<20} {'kind':<22} {'checked':>8} {'found':>7} {'stale':>7} "
            f"{'undated':>8} {'unverif.':>8} {'historic':>8}"
        )
        for (scope, kind), checked in sorted(report.checked.items()):
            c: Counter[str] = counts.get((scope, kind), Counter())
            out.write(
                f"{scope:<20} {kind:<22} {checked:>8} {c.get('total', 0):>7} "
                f"{c.get('stale', 0):>7} {c.get('undated', 0):>8} {c.get('unverified', 0):>8} "
                f"{c.get('historical', 0):>8}"
            )
        local = [f for f in report.findings if f.scope != "reference"]
        if local:
            out.write("\nOrganisation entries to re-check:")
            for f in local:
                out.write(
                    f"  [{f.scope}] {f.kind}: {f.label} — {', '.join(f.reasons)}; {f.source.label}"
                )
        if options["details"]:
            out.write("\nReference records to re-check:")
            for f in report.findings:
                if f.scope == "reference":
                    out.write(f"  {f.kind}: {f.label} — {', '.join(f.reasons)}; {f.source.label}")
        total = len(report.findings)
        out.write(f"\n{total} entries need re-checking.")
        if options["strict"] and total:
            raise SystemExit(1)
