"""Authentication: API tokens (hashed, expiring, revocable, TOTP), lockout, staff MFA, idle logoff."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import time_machine
from allauth.mfa.totp.internal.auth import hotp_value, yield_hotp_counters_from_time
from django.test import Client
from django.utils import timezone

from safeplan.accounts.models import ApiToken, Role
from tests.conftest import ApiClient
from tests.factories import PASSWORD, TOTP_SECRET, World, make_user


def _totp_now() -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return f"{hotp_value(TOTP_SECRET, counter):06d}"


def _token(http: Client, **body: Any) -> Any:
    return http.post("/api/v1/auth/token", data=body, content_type="application/json")


def test_token_requires_totp_when_enrolled(world: World) -> None:
    http = Client()
    response = _token(http, username="carl-clinician", password=PASSWORD)
    assert response.status_code == 401
    assert response.json()["detail"][0]["loc"] == ["body", "totp"]
    assert (
        _token(http, username="carl-clinician", password=PASSWORD, totp="000000").status_code == 401
    )
    response = _token(http, username="carl-clinician", password=PASSWORD, totp=_totp_now())
    assert response.status_code == 200
    body = response.json()
    assert body["token"].startswith("sp_") and body["user"]["role"] == "clinician"
    # Only the hash is stored.
    assert not ApiToken.objects.filter(digest=body["token"]).exists()
    assert ApiToken.objects.filter(prefix=body["token"][:10]).count() == 1
    me = http.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert me.status_code == 200 and me.json()["mfa_enrolled"] is True


def test_client_without_mfa_gets_a_token_with_password_alone(world: World) -> None:
    response = _token(Client(), username="cleo-client", password=PASSWORD)
    assert response.status_code == 200


def test_lockout_after_repeated_failures(world: World) -> None:
    http = Client()
    for _ in range(5):
        assert _token(http, username="cleo-client", password="wrong").status_code == 401
    # Even the right password is refused while locked out.
    response = _token(http, username="cleo-client", password=PASSWORD)
    assert response.status_code == 429
    assert "15 minutes" in response.json()["detail"]


def test_token_expires_and_can_be_revoked(world: World) -> None:
    api = ApiClient(world.users["supervisor"])
    assert api.get("/api/v1/me").status_code == 200
    assert api.delete("/api/v1/auth/token").status_code == 204
    assert api.get("/api/v1/me").status_code == 401
    api = ApiClient(world.users["supervisor"])
    with time_machine.travel(timezone.now() + dt.timedelta(days=31)):
        assert api.get("/api/v1/me").status_code == 401


def test_disabled_user_token_stops_working(world: World) -> None:
    api = ApiClient(world.users["clinician"])
    world.users["clinician"].is_active = False
    world.users["clinician"].save()
    assert api.get("/api/v1/me").status_code == 401


def test_token_validation_errors_name_the_field(world: World) -> None:
    response = Client().post(
        "/api/v1/auth/token", data={"username": "x"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert any(err["loc"][-1] == "password" for err in response.json()["detail"])
    response = Client().post("/api/v1/auth/token", data="not json", content_type="application/json")
    assert response.status_code in (400, 422)


def test_staff_without_mfa_must_enrol_before_any_page(world: World) -> None:
    user = make_user(world.org, "nomfa-clin", Role.CLINICIAN, totp=False)
    http = Client()
    http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    response = http.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/totp/activate")
    # The session API refuses them too; bearer tokens need the TOTP anyway.
    assert http.get("/api/v1/clients").status_code == 401


def test_demo_organisation_waives_mfa_only_in_demo_or_dev_mode(world: World, settings: Any) -> None:
    world.org.demo = True
    world.org.save()
    user = make_user(world.org, "demo-nomfa", Role.CLINICIAN, totp=False)
    http = Client()
    http.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert http.get("/").status_code == 200
    settings.RELAXED = False
    assert http.get("/").status_code == 302


def test_idle_staff_session_is_logged_off(world: World, settings: Any) -> None:
    http = Client()
    http.force_login(world.users["clinician"], backend="django.contrib.auth.backends.ModelBackend")
    assert http.get("/").status_code == 200
    with time_machine.travel(time.time() + settings.STAFF_IDLE_SECONDS + 5):
        response = http.get("/")
    assert response.status_code == 302
    assert "idle=1" in response["Location"]
    assert http.get("/").status_code == 302  # the session is gone


def test_active_session_survives(world: World, settings: Any) -> None:
    http = Client()
    http.force_login(world.users["clinician"], backend="django.contrib.auth.backends.ModelBackend")
    start = time.time()
    for minutes in (5, 10, 15, 20):
        with time_machine.travel(start + minutes * 60):
            assert http.get("/").status_code == 200


def test_csrf_is_enforced_for_session_api_writes(world: World) -> None:
    http = Client(enforce_csrf_checks=True)
    http.force_login(world.users["clinician"], backend="django.contrib.auth.backends.ModelBackend")
    response = http.patch(
        f"/api/v1/clients/{world.client.pk}",
        data={"pronouns": "x"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert http.get(f"/api/v1/clients/{world.client.pk}").status_code == 200


def test_staff_login_page_rejects_wrong_password(world: World) -> None:
    response = Client().post("/accounts/login/", {"login": "carl-clinician", "password": "nope"})
    assert response.status_code == 200
    assert b"not correct" in response.content or b"incorrect" in response.content.lower()
