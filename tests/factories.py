"""Test data: two organisations and one person per role (the personas of STYLE.md).

Org A has an admin, a supervisor, a clinician on the client's care team, a clinician on no care team and
the client's portal login. Org B has its own admin, clinician and client. Staff have TOTP enrolled, so
the MFA rule for non-demo organisations holds in tests as in production.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.models import Authenticator

from safeplan.accounts.models import Organisation, Role, User
from safeplan.clients.models import CareTeamMember, Client
from safeplan.lib import crypto

PASSWORD = "correct-horse-battery-9"
TOTP_SECRET = "JBSWY3DPEHPK3PXP"

PERSONAS = [
    "anonymous",
    "admin",
    "supervisor",
    "clinician",
    "clinician_off",
    "client",
    "other_admin",
]


def make_org(name: str, slug: str, **kw: Any) -> Organisation:
    return Organisation.objects.create(name=name, slug=slug, **kw)


def make_user(org: Organisation, username: str, role: str, *, totp: bool = True, **kw: Any) -> User:
    user = User(username=username, organisation=org, role=role, display_name=username.title(), **kw)
    user.set_password(PASSWORD)
    user.save()
    if totp and role != Role.CLIENT:
        Authenticator.objects.create(
            user=user,
            type=Authenticator.Type.TOTP,
            data={"secret": crypto.encrypt_text(TOTP_SECRET)},
        )
    return user


def make_client(org: Organisation, record: str, **kw: Any) -> Client:
    values: dict[str, Any] = {
        "first_name": "Test",
        "last_name": f"Client {record}",
        "date_of_birth": dt.date(1990, 5, 17),
        "country": "US",
        "region": "MA",
        "time_zone": "America/New_York",
        "phone": "+16175550100",
    }
    values.update(kw)
    return Client.objects.create(organisation=org, record_number=record, **values)


@dataclass
class World:
    org: Organisation
    other_org: Organisation
    users: dict[str, User]
    client: Client
    other_client: Client
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ids(self) -> dict[str, Any]:
        return {"client_id": self.client.pk, "other_client_id": self.other_client.pk, **self.extra}


def make_world() -> World:
    org = make_org("Clinic A", "clinic-a")
    other = make_org("Clinic B", "clinic-b")
    users = {
        "admin": make_user(org, "alice-admin", Role.ADMIN),
        "supervisor": make_user(org, "sue-supervisor", Role.SUPERVISOR),
        "clinician": make_user(
            org, "carl-clinician", Role.CLINICIAN, licensed_jurisdictions=["US-MA"]
        ),
        "clinician_off": make_user(org, "olga-offteam", Role.CLINICIAN),
        "client": make_user(org, "cleo-client", Role.CLIENT),
        "other_admin": make_user(other, "bob-otheradmin", Role.ADMIN),
        "other_clinician": make_user(other, "oscar-otherclin", Role.CLINICIAN),
    }
    client = make_client(org, "A-001", portal_user=users["client"], first_name="Cleo")
    CareTeamMember.objects.create(client=client, clinician=users["clinician"], primary=True)
    other_client = make_client(other, "B-001")
    CareTeamMember.objects.create(
        client=other_client, clinician=users["other_clinician"], primary=True
    )
    return World(org, other, users, client, other_client)
