"""Client portal access: single-use expiring invitations, the narrow login, revocation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.test import Client
from django.utils import timezone

from safeplan.accounts import services
from safeplan.accounts.models import PortalInvitation
from tests.factories import World, make_client


def _accept(
    http: Client, path: str, username: str = "nia-portal", password: str = "a-long-passphrase-77"
) -> Any:
    return http.post(path, {"username": username, "password": password, "password2": password})


def test_invitation_is_single_use_and_logs_the_client_in(world: World) -> None:
    client = make_client(world.org, "A-NEW", first_name="Nia")
    issued = services.invite_client_to_portal(actor=world.users["clinician"], client=client)
    http = Client()
    assert http.get(issued.path).status_code == 200
    response = _accept(http, issued.path)
    assert response.status_code == 302 and response["Location"] == "/portal/"
    assert http.get("/portal/").status_code == 200
    client.refresh_from_db()
    assert client.portal_user is not None and client.portal_user.is_client
    # Second use of the same link fails.
    assert Client().get(issued.path).status_code == 404
    assert _accept(Client(), issued.path, username="other").status_code == 404


def test_invitation_expires(world: World) -> None:
    client = make_client(world.org, "A-EXP")
    issued = services.invite_client_to_portal(actor=world.users["clinician"], client=client)
    with time_machine.travel(timezone.now() + dt.timedelta(hours=73)):
        assert Client().get(issued.path).status_code == 404


def test_new_invitation_revokes_the_old_one(world: World) -> None:
    client = make_client(world.org, "A-TWO")
    first = services.invite_client_to_portal(actor=world.users["clinician"], client=client)
    second = services.invite_client_to_portal(actor=world.users["clinician"], client=client)
    assert Client().get(first.path).status_code == 404
    assert Client().get(second.path).status_code == 200


def test_weak_password_is_refused_and_nothing_is_written(world: World) -> None:
    client = make_client(world.org, "A-WEAK")
    issued = services.invite_client_to_portal(actor=world.users["clinician"], client=client)
    response = _accept(Client(), issued.path, password="password")
    assert response.status_code == 422
    client.refresh_from_db()
    assert client.portal_user is None
    assert PortalInvitation.objects.get(pk=issued.invitation.pk).used_at is None


def test_revoking_portal_access_ends_the_clients_sessions(world: World) -> None:
    http = Client()
    assert (
        http.post(
            "/portal/login/", {"username": "cleo-client", "password": "correct-horse-battery-9"}
        ).status_code
        == 302
    )
    assert http.get("/portal/").status_code == 200
    services.revoke_portal_access(actor=world.users["clinician"], client=world.client)
    assert http.get("/portal/").status_code == 302
    login = Client().post(
        "/portal/login/", {"username": "cleo-client", "password": "correct-horse-battery-9"}
    )
    assert login.status_code == 401


def test_staff_cannot_use_the_portal_login_and_clients_not_the_staff_pages(world: World) -> None:
    response = Client().post(
        "/portal/login/", {"username": "carl-clinician", "password": "correct-horse-battery-9"}
    )
    assert response.status_code == 401
    http = Client()
    http.force_login(world.users["client"], backend="django.contrib.auth.backends.ModelBackend")
    assert http.get(f"/clients/{world.client.pk}/").status_code == 404
    assert http.get(f"/api/v1/clients/{world.client.pk}").status_code == 404


def test_portal_login_lockout(world: World) -> None:
    http = Client()
    for _ in range(5):
        assert (
            http.post("/portal/login/", {"username": "cleo-client", "password": "nope"}).status_code
            == 401
        )
    assert (
        http.post(
            "/portal/login/", {"username": "cleo-client", "password": "correct-horse-battery-9"}
        ).status_code
        == 429
    )


def test_portal_in_spanish_for_spanish_speaking_clients(world: World) -> None:
    world.client.preferred_language = "es"
    world.client.save()
    http = Client()
    http.force_login(world.users["client"], backend="django.contrib.auth.backends.ModelBackend")
    body = http.get("/portal/").content.decode()
    assert "Salida rápida" in body and "Hola, Cleo" in body
