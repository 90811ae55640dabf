"""``safeplan createuser``: create a staff user (the first admin of a new clinic, for example)."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.text import slugify

from safeplan.accounts import services
from safeplan.accounts.models import Organisation, Role
from safeplan.lib.errors import DomainError


class Command(BaseCommand):
    help = "Create a user in an organisation (creating the organisation if it does not exist)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="organisation name")
        parser.add_argument(
            "--role", default=Role.ADMIN, choices=[Role.ADMIN, Role.SUPERVISOR, Role.CLINICIAN]
        )
        parser.add_argument("--name", default="", help="display name")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password-env", default="", help="read the password from this environment variable"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["password_env"]:
            password = os.environ.get(options["password_env"], "")
        else:
            password = getpass.getpass("Password: ")
        if not password:
            raise CommandError("a password is required")
        with transaction.atomic():
            org, _ = Organisation.objects.get_or_create(
                slug=slugify(options["organisation"])[:60],
                defaults={"name": options["organisation"]},
            )
            try:
                user = services.create_user(
                    actor=None,
                    organisation=org,
                    username=options["username"],
                    password=password,
                    role=options["role"],
                    display_name=options["name"],
                    email=options["email"],
                )
            except DomainError as exc:
                raise CommandError(
                    f"{exc.field}: {exc.message}" if exc.field else exc.message
                ) from exc
        self.stdout.write(f"Created {user.role} {user.username} in {org.name}.")
