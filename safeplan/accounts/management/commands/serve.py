"""``safeplan serve``: migrate, then run the production server (gunicorn) with whitenoise static files."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Apply migrations and run Safeplan with gunicorn."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--host", default=os.environ.get("SAFEPLAN_HOST", "127.0.0.1"))
        parser.add_argument(
            "--port", type=int, default=int(os.environ.get("SAFEPLAN_PORT", "8000"))
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=int(
                os.environ.get("SAFEPLAN_WEB_WORKERS", str(min(8, 2 * (os.cpu_count() or 1) + 1)))
            ),
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help="skip applying migrations first"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
            call_command("createcachetable", verbosity=0)
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"Safeplan listening on http://{bind}/  (Ctrl+C to stop)")
        self.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "safeplan.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            # The access log records method, path (ids only: PHI never goes into URLs), status, time.
            "--access-logformat",
            '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms',
            "--graceful-timeout",
            "10",
            "--forwarded-allow-ips",
            os.environ.get("SAFEPLAN_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        ]
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn
