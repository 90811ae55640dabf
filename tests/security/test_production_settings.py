"""Production settings: `check --deploy` clean, secure cookies, and refusal to start without good keys.

Each check runs Safeplan's real settings in a separate process with SAFEPLAN_MODE=production, as a clinic's
server would.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from tests.factories import PASSWORD, World

ROOT = Path(__file__).resolve().parents[2]


def production_env(tmp_path: Path, **changes: str | None) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        # DJANGO_ALLOW_ASYNC_UNSAFE is set for the browser tests' process only; production never has it.
        if not k.startswith(("SAFEPLAN_", "DJANGO_SETTINGS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC"))
    }
    env.update(
        {
            "SAFEPLAN_MODE": "production",
            "SAFEPLAN_DATA_DIR": str(tmp_path),
            "SAFEPLAN_SECRET_KEY": secrets.token_urlsafe(50),
            "SAFEPLAN_FIELD_KEYS": Fernet.generate_key().decode(),
            "SAFEPLAN_INDEX_KEY": secrets.token_urlsafe(32),
            "SAFEPLAN_ALLOWED_HOSTS": "safeplan.example.org",
            "SAFEPLAN_CSRF_TRUSTED_ORIGINS": "https://safeplan.example.org",
        }
    )
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safeplan.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_in_production(tmp_path: Path) -> None:
    result = run(["check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"SAFEPLAN_FIELD_KEYS": "not-a-fernet-key"}, "key 1 is not a Fernet key"),
        (
            {"SAFEPLAN_FIELD_KEYS": Fernet.generate_key().decode() + ",short"},
            "key 2 is not a Fernet key",
        ),
        ({"SAFEPLAN_FIELD_KEYS": ","}, "SAFEPLAN_FIELD_KEYS"),
        ({"SAFEPLAN_INDEX_KEY": "too-short"}, "SAFEPLAN_INDEX_KEY"),
        ({"SAFEPLAN_BACKUP_KEY": "too-short"}, "SAFEPLAN_BACKUP_KEY"),
        ({"SAFEPLAN_SECRET_KEY": "django-insecure-" + "x" * 40}, "SAFEPLAN_SECRET_KEY"),
        ({"SAFEPLAN_DEBUG": "1"}, "SAFEPLAN_DEBUG"),
        ({"SAFEPLAN_SECRET_KEY": None}, "SAFEPLAN_SECRET_KEY"),
        ({"SAFEPLAN_FIELD_KEYS": None}, "SAFEPLAN_FIELD_KEYS"),
        ({"SAFEPLAN_INDEX_KEY": None}, "SAFEPLAN_INDEX_KEY"),
        ({"SAFEPLAN_ALLOWED_HOSTS": None}, "SAFEPLAN_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_with_missing_or_bad_keys(
    tmp_path: Path, changes: dict[str, str | None], message: str
) -> None:
    result = run(["check"], production_env(tmp_path, **changes))
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def _production_values(tmp_path: Path) -> dict[str, Any]:
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({k: getattr(s, k) for k in "
        "['SESSION_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','SESSION_COOKIE_SAMESITE',"
        "'CSRF_COOKIE_SECURE','CSRF_COOKIE_SAMESITE','SECURE_SSL_REDIRECT','SECURE_HSTS_SECONDS',"
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS','SECURE_PROXY_SSL_HEADER','DEBUG','SESSION_COOKIE_AGE',"
        "'STAFF_IDLE_SECONDS','CLIENT_IDLE_SECONDS','X_FRAME_OPTIONS','SECURE_CONTENT_TYPE_NOSNIFF']}))"
    )
    result = run(["shell", "-c", code], production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def test_cookies_are_secure_httponly_and_samesite_in_production(
    tmp_path: Path, settings: Any, world: World
) -> None:
    values = _production_values(tmp_path)
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SESSION_COOKIE_HTTPONLY"]
    assert values["SESSION_COOKIE_SAMESITE"] == values["CSRF_COOKIE_SAMESITE"] == "Lax"
    assert values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["DEBUG"] is False and values["X_FRAME_OPTIONS"] == "DENY"
    assert values["STAFF_IDLE_SECONDS"] <= 15 * 60
    # The same values here, then a real sign-in over HTTPS: the cookies it sets carry the flags.
    for key, value in values.items():
        if key not in ("DEBUG",):
            setattr(settings, key, tuple(value) if isinstance(value, list) else value)
    http = Client()
    form = http.get("/portal/login/", secure=True)
    assert form.status_code == 200
    signed_in = http.post(
        "/portal/login/",
        {"username": "cleo-client", "password": PASSWORD},
        secure=True,
    )
    assert signed_in.status_code == 302
    session = signed_in.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
    csrf = form.cookies.get(settings.CSRF_COOKIE_NAME) or http.cookies.get(
        settings.CSRF_COOKIE_NAME
    )
    assert csrf is not None and csrf["secure"] and csrf["samesite"] == "Lax"
