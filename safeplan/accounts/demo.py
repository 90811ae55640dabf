"""The demo clinic: organisation, staff, clients, care teams, a portal login. Idempotent.

Every other app adds its own demo data through ``seed(ctx)`` in its ``demo.py`` (listed in ``SEEDERS``),
so ``safeplan demo`` gives a clinic with plans, sessions, assessments and check-ins. All people are fictional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from safeplan.accounts.models import Organisation, Role, User
from safeplan.clients.models import CareTeamMember, Client

SEEDERS = [
    "safeplan.directory.demo.seed",
    "safeplan.telehealth.demo.seed",
    "safeplan.plans.demo.seed",
    "safeplan.risk.demo.seed",
    "safeplan.crisis.demo.seed",
    "safeplan.followup.demo.seed",
    "safeplan.records.demo.seed",
]

STAFF = [
    ("demo-admin", Role.ADMIN, "Dana Admin (demo)", "US-MA"),
    ("demo-supervisor", Role.SUPERVISOR, "Dr. Sam Supervisor (demo)", "US-MA"),
    ("demo-clinician", Role.CLINICIAN, "Chris Clinician, LICSW (demo)", "US-MA"),
    ("demo-clinician2", Role.CLINICIAN, "Robin Second, PhD (demo)", "US-NY"),
]

# first, last, preferred, dob, pronouns, language, tz, country, region, phone
CLIENTS: list[tuple[str, str, str, dt.date, str, str, str, str, str, str]] = [
    (
        "Alex",
        "Rivera",
        "",
        dt.date(1994, 3, 14),
        "they/them",
        "en",
        "America/New_York",
        "US",
        "MA",
        "+16175550142",
    ),
    (
        "Zoë",
        "Ólafsdóttir",
        "Zoë",
        dt.date(1988, 11, 2),
        "she/her",
        "en",
        "America/New_York",
        "US",
        "NY",
        "+12125550178",
    ),
    (
        "Thị Thu",
        "Nguyễn",
        "Thu",
        dt.date(1979, 6, 21),
        "she/her",
        "en",
        "America/Los_Angeles",
        "US",
        "CA",
        "+14155550123",
    ),
    (
        "Mateo",
        "García López",
        "",
        dt.date(2001, 1, 9),
        "he/him",
        "es",
        "America/Chicago",
        "US",
        "TX",
        "+15125550199",
    ),
    (
        "Jordan",
        "Lee",
        "Jo",
        dt.date(2011, 8, 30),
        "he/him",
        "en",
        "America/Chicago",
        "US",
        "IL",
        "+13125550111",
    ),
    (
        "Priya",
        "Natarajan",
        "",
        dt.date(1990, 4, 5),
        "she/her",
        "en",
        "Europe/London",
        "GB",
        "ENG",
        "+447700900123",
    ),
]


@dataclass
class DemoContext:
    organisation: Organisation
    users: dict[str, User]
    clients: list[Client]
    portal_client: Client
    password: str
    log: list[str] = field(default_factory=list)

    @property
    def clinician(self) -> User:
        return self.users["demo-clinician"]


def _user(
    org: Organisation, username: str, role: str, name: str, jurisdiction: str, password: str
) -> User:
    user, _ = User.objects.get_or_create(
        username=username, defaults={"organisation": org, "role": role, "display_name": name}
    )
    user.organisation, user.role, user.display_name, user.is_active = org, role, name, True
    user.licensed_jurisdictions = [jurisdiction] if role != Role.ADMIN else []
    user.time_zone = "America/New_York"
    user.email = f"{username}@demo.safeplan.invalid"
    user.set_password(password)
    user.save()
    return user


@transaction.atomic
def seed_core(password: str | None = None) -> DemoContext:
    password = password or settings.DEMO_PASSWORD
    org, _ = Organisation.objects.get_or_create(
        slug="demo-clinic", defaults={"name": "Demo Clinic", "demo": True}
    )
    org.name, org.demo = "Demo Clinic", True
    org.save()
    users = {u: _user(org, u, role, name, j, password) for u, role, name, j in STAFF}
    clients: list[Client] = []
    for i, (first, last, pref, dob, pron, lang, tz, country, region, phone) in enumerate(
        CLIENTS, 1
    ):
        record = f"DEMO-{i:03d}"
        client = Client.objects.filter(organisation=org, record_number=record).first() or Client(
            organisation=org, record_number=record
        )
        client.first_name, client.last_name, client.preferred_name = first, last, pref
        client.date_of_birth, client.pronouns, client.preferred_language = dob, pron, lang
        client.time_zone, client.country, client.region, client.phone = tz, country, region, phone
        client.email = f"client{i}@demo.safeplan.invalid"
        client.archived_at = None
        client.save()
        CareTeamMember.objects.get_or_create(
            client=client, clinician=users["demo-clinician"], defaults={"primary": True}
        )
        clients.append(client)
    portal_client = clients[0]
    # A portal login carries no name of its own: the client record holds it, encrypted.
    portal_user = _user(org, "demo-client", Role.CLIENT, "", "", password)
    portal_user.licensed_jurisdictions = []
    portal_user.save()
    Client.objects.filter(portal_user=portal_user).exclude(pk=portal_client.pk).update(
        portal_user=None
    )
    portal_client.portal_user = portal_user
    portal_client.save(update_fields=["portal_user"])
    return DemoContext(org, users, clients, portal_client, password)


def seed_all(password: str | None = None) -> DemoContext:
    ctx = seed_core(password)
    for dotted in SEEDERS:
        try:
            seeder: Any = import_string(dotted)
        except ImportError:
            continue
        with transaction.atomic():
            seeder(ctx)
    return ctx
