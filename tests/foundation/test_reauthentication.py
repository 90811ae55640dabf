"""Sensitive page actions ask for the password again unless the user signed in within the last minutes."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.test import Client
from django.utils import timezone

from safeplan.accounts.models import User
from tests.factories import PASSWORD, World
from tests.foundation.test_auth import _totp_now


def _signed_in(world: World, username: str) -> Client:
    """Sign in through the real staff login: password, then the TOTP code."""
    http = Client()
    response = http.post("/accounts/login/", {"login": username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:300]
    assert response["Location"].startswith("/accounts/2fa/authenticate")
    response = http.post(response["Location"], {"code": _totp_now()})
    assert response.status_code == 302, response.content[:300]
    return http


def test_archive_right_after_sign_in_works(world: World) -> None:
    http = _signed_in(world, "carl-clinician")
    response = http.post(f"/clients/{world.client.pk}/archive/")
    assert response.status_code == 302 and response["Location"] == "/"
    world.client.refresh_from_db()
    assert world.client.archived_at is not None


def test_archive_long_after_sign_in_asks_for_the_password_first(world: World) -> None:
    http = _signed_in(world, "carl-clinician")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=10)):
        response = http.post(f"/clients/{world.client.pk}/archive/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    world.client.refresh_from_db()
    assert world.client.archived_at is None


def test_admin_deactivation_needs_recent_authentication(world: World) -> None:
    http = Client()
    http.force_login(world.users["admin"], backend="django.contrib.auth.backends.ModelBackend")
    target = world.users["clinician_off"]
    response = http.post(f"/people/{target.pk}/active/")
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert User.objects.get(pk=target.pk).is_active
    fresh = _signed_in(world, "alice-admin")
    assert fresh.post(f"/people/{target.pk}/active/").status_code == 302
    assert not User.objects.get(pk=target.pk).is_active


def test_mfa_secret_is_stored_encrypted(world: World) -> None:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP

    user = world.users["clinician_off"]
    Authenticator.objects.filter(user=user).delete()
    TOTP.activate(user, "JBSWY3DPEHPK3PXQ")
    stored = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP).data["secret"]
    assert stored.startswith("enc1:") and "JBSWY3DPEHPK3PXQ" not in stored
