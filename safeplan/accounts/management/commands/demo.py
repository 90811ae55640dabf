"""``safeplan demo``: create or refresh the demo clinic and print its logins (demo/dev mode only)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from safeplan.accounts.demo import seed_all


class Command(BaseCommand):
    help = "Create or refresh the demo clinic (refuses unless SAFEPLAN_MODE is demo or dev)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.RELAXED:
            raise CommandError(
                "safeplan demo only runs with SAFEPLAN_MODE=demo or dev; it would add fictional data."
            )
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        ctx = seed_all()
        lines = [
            "Demo clinic ready: Demo Clinic",
            f"  Staff login   {settings.SITE_URL}/accounts/login/",
            f"  Client portal {settings.SITE_URL}/portal/login/",
            f"  Password for every demo login: {ctx.password}",
            "  demo-admin        clinic admin (users, audit log)",
            "  demo-supervisor   supervisor (all clients of the clinic)",
            "  demo-clinician    clinician on the care team of every demo client",
            "  demo-clinician2   clinician on no care team (sees no client)",
            f"  demo-client       portal login of {ctx.portal_client.display_name}",
            *(
                [f"  Mail (reminders, alerts) is written to {settings.EMAIL_FILE_PATH}/"]
                if str(settings.EMAIL_BACKEND).endswith("filebased.EmailBackend")
                else []
            ),
        ]
        self.stdout.write("\n".join(lines + ctx.log))
