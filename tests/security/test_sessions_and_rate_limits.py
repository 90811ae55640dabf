"""Rate limits on every way in, session revocation, and automatic logoff (HIPAA 164.312(a)(2)(iii), (d))."""

from __future__ import annotations

import time
from typing import Any

import time_machine
from django.test import Client

from safeplan.accounts.services import issue_api_token
from tests.conftest import ApiClient
from tests.factories import PASSWORD, World


def test_staff_login_is_rate_limited_even_with_the_right_password(world: World) -> None:
    http = Client()
    for _ in range(5):
        wrong = http.post("/accounts/login/", {"login": "carl-clinician", "password": "nope"})
        assert b"Too many" not in wrong.content
    right = http.post("/accounts/login/", {"login": "carl-clinician", "password": PASSWORD})
    assert right.status_code == 200 and b"Too many failed login attempts" in right.content
    assert "_auth_user_id" not in http.session


def test_token_endpoint_is_rate_limited_even_with_the_right_password(world: World) -> None:
    api = ApiClient(None)
    for _ in range(5):
        assert (
            api.post("/api/v1/auth/token", {"username": "cleo-client", "password": "x"}).status_code
            == 401
        )
    locked = api.post("/api/v1/auth/token", {"username": "cleo-client", "password": PASSWORD})
    assert locked.status_code == 429
    assert "token" not in locked.json()


def test_token_endpoint_limits_one_address_across_user_names(world: World) -> None:
    api = ApiClient(None)
    for i in range(20):
        api.post("/api/v1/auth/token", {"username": f"guess-{i}", "password": "x"})
    locked = api.post("/api/v1/auth/token", {"username": "cleo-client", "password": PASSWORD})
    assert locked.status_code == 429


def test_portal_login_is_rate_limited(world: World) -> None:
    http = Client()
    for _ in range(5):
        http.post("/portal/login/", {"username": "cleo-client", "password": "nope"})
    locked = http.post("/portal/login/", {"username": "cleo-client", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in http.session


def test_revoking_portal_access_ends_sessions_and_tokens(world: World, api_as: Any) -> None:
    portal = Client()
    assert (
        portal.post("/portal/login/", {"username": "cleo-client", "password": PASSWORD}).status_code
        == 302
    )
    assert portal.get("/portal/").status_code == 200
    token = issue_api_token(user=world.users["client"]).secret
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert Client().get("/api/v1/me", **headers).status_code == 200
    revoked = api_as("clinician").delete(f"/api/v1/clients/{world.client.pk}/portal-access")
    assert revoked.status_code == 204
    assert portal.get("/portal/").status_code == 302, "the open portal session is gone"
    assert Client().get("/api/v1/me", **headers).status_code == 401, "the token is revoked"
    again = Client().post("/portal/login/", {"username": "cleo-client", "password": PASSWORD})
    assert again.status_code == 401, "the login is disabled"


def test_deactivated_staff_lose_their_session(world: World) -> None:
    http = Client()
    http.force_login(world.users["clinician"], backend="django.contrib.auth.backends.ModelBackend")
    assert http.get(f"/clients/{world.client.pk}/").status_code == 200
    world.users["clinician"].is_active = False
    world.users["clinician"].save()
    assert http.get(f"/clients/{world.client.pk}/").status_code == 302


def test_idle_portal_session_is_logged_off_after_its_own_limit(world: World, settings: Any) -> None:
    http = Client()
    http.post("/portal/login/", {"username": "cleo-client", "password": PASSWORD})
    start = time.time()
    with time_machine.travel(start + settings.STAFF_IDLE_SECONDS + 60):
        assert http.get("/portal/").status_code == 200, "clients have a longer limit than staff"
    with time_machine.travel(
        start + settings.STAFF_IDLE_SECONDS + 120 + settings.CLIENT_IDLE_SECONDS
    ):
        response = http.get("/portal/")
    assert response.status_code == 302 and response["Location"].startswith("/portal/login/")
    assert "idle=1" in response["Location"]


def test_idle_session_cannot_call_the_api(world: World, settings: Any) -> None:
    http = Client()
    http.force_login(world.users["clinician"], backend="django.contrib.auth.backends.ModelBackend")
    assert http.get("/").status_code == 200
    with time_machine.travel(time.time() + settings.STAFF_IDLE_SECONDS + 5):
        response = http.get(f"/api/v1/clients/{world.client.pk}")
    assert response.status_code == 401
