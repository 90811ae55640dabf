"""Settings fail loudly in production; the CLI contract (demo, audit verify, createuser) holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(args: list[str], env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SAFEPLAN_", "DJANGO_SETTINGS", "DJANGO_ALLOW_ASYNC"))
    }
    base.pop("DATABASE_URL", None)
    base.update({"SAFEPLAN_DATA_DIR": str(tmp_path), **env})
    return subprocess.run(
        [sys.executable, "-m", "safeplan.cli", *args],
        env=base,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


PRODUCTION = {
    "SAFEPLAN_MODE": "production",
    "SAFEPLAN_SECRET_KEY": "k" * 20 + "0123456789abcdefghijklmnop",
    "SAFEPLAN_FIELD_KEYS": "x4D5tB4L1xI7dV3l9YdZLr4aS1P8c0mVb7k2Q6uHq1E=",
    "SAFEPLAN_INDEX_KEY": "an-index-key-of-reasonable-length",
    "SAFEPLAN_ALLOWED_HOSTS": "safeplan.example.org",
}


@pytest.mark.parametrize(
    "missing",
    ["SAFEPLAN_SECRET_KEY", "SAFEPLAN_FIELD_KEYS", "SAFEPLAN_INDEX_KEY", "SAFEPLAN_ALLOWED_HOSTS"],
)
def test_production_refuses_to_start_without_its_secrets(tmp_path: Path, missing: str) -> None:
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = _run(["check"], env, tmp_path)
    assert result.returncode != 0
    assert missing in result.stderr


def test_production_refuses_a_short_secret_key(tmp_path: Path) -> None:
    result = _run(["check"], {**PRODUCTION, "SAFEPLAN_SECRET_KEY": "short"}, tmp_path)
    assert result.returncode != 0 and "at least 32" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path: Path) -> None:
    # Production wants key files private and outside the data directory (tests/security/test_file_permissions).
    (tmp_path / "keys").mkdir()
    key_file = tmp_path / "keys" / "secret"
    key_file.write_text(PRODUCTION["SAFEPLAN_SECRET_KEY"])
    key_file.chmod(0o600)
    env = {k: v for k, v in PRODUCTION.items() if k != "SAFEPLAN_SECRET_KEY"}
    (tmp_path / "data").mkdir()
    env["SAFEPLAN_DATA_DIR"] = str(tmp_path / "data")
    result = _run(["check"], {**env, "SAFEPLAN_SECRET_KEY_FILE": str(key_file)}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_production_has_debug_off_and_argon2(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings;"
        "print(settings.DEBUG, settings.PASSWORD_HASHERS[0].rsplit('.',1)[1], settings.SESSION_COOKIE_SECURE)"
    )
    result = _run(["shell", "-c", code], PRODUCTION, tmp_path)
    assert result.stdout.split()[-3:] == ["False", "Argon2PasswordHasher", "True"], result.stderr


def test_demo_refuses_outside_demo_mode(tmp_path: Path) -> None:
    result = _run(["demo"], PRODUCTION, tmp_path)
    assert result.returncode != 0
    assert "SAFEPLAN_MODE=demo" in result.stderr


def test_demo_is_idempotent_and_audit_verifies(tmp_path: Path) -> None:
    env = {"SAFEPLAN_MODE": "demo"}
    first = _run(["demo"], env, tmp_path)
    assert first.returncode == 0, first.stderr
    assert "demo-clinician" in first.stdout and "demo-password" in first.stdout
    second = _run(["demo"], env, tmp_path)
    assert second.returncode == 0, second.stderr
    count = _run(
        [
            "shell",
            "-c",
            "from safeplan.clients.models import Client; print(Client.objects.count())",
        ],
        env,
        tmp_path,
    )
    assert int(count.stdout.split()[-1]) >= 5
    verify = _run(["audit", "verify"], env, tmp_path)
    assert verify.returncode == 0, verify.stderr
    assert "Audit chain intact" in verify.stdout


def test_createuser_makes_an_admin(tmp_path: Path) -> None:
    env = {"SAFEPLAN_MODE": "dev", "NEW_PASSWORD": "a-good-long-passphrase"}
    assert _run(["migrate", "-v", "0"], env, tmp_path).returncode == 0
    result = _run(
        [
            "createuser",
            "ada",
            "--organisation",
            "Harbor Counselling",
            "--password-env",
            "NEW_PASSWORD",
        ],
        env,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "Created admin ada in Harbor Counselling" in result.stdout
    again = _run(
        [
            "createuser",
            "ada",
            "--organisation",
            "Harbor Counselling",
            "--password-env",
            "NEW_PASSWORD",
        ],
        env,
        tmp_path,
    )
    assert again.returncode != 0 and "username" in again.stderr
