"""Newcomer polish (issue 11): `make run PORT=8311` serves, prints and links the address it serves;
demo mode writes mail to a local folder instead of a refused SMTP port."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SAFEPLAN_", "DJANGO_SETTINGS", "DJANGO_ALLOW_ASYNC"))
    }
    env.pop("DATABASE_URL", None)
    env.update({"SAFEPLAN_DATA_DIR": str(tmp_path), **extra})
    return env


def test_make_run_uses_the_port_it_serves(tmp_path: Path) -> None:
    out = subprocess.run(
        ["make", "-n", "run", "PORT=8311"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=_env(tmp_path),
    ).stdout
    assert "SAFEPLAN_SITE_URL=http://127.0.0.1:8311 .venv/bin/safeplan demo" in out
    assert "Safeplan is serving at http://127.0.0.1:8311/" in out
    assert "serve --host 127.0.0.1 --port 8311" in out
    assert ":8000" not in out


def test_demo_mail_goes_to_a_local_folder(tmp_path: Path) -> None:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='safeplan.settings'; django.setup();"
        "from django.conf import settings; from django.core.mail import send_mail;"
        "print(settings.EMAIL_BACKEND); print(settings.SITE_URL);"
        "send_mail('Reminder', 'A check-in is due.', None, ['c@example.invalid'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=_env(tmp_path, SAFEPLAN_MODE="demo", SAFEPLAN_SITE_URL="http://127.0.0.1:8311"),
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    backend, site = done.stdout.split()[:2]
    assert backend == "django.core.mail.backends.filebased.EmailBackend"
    assert site == "http://127.0.0.1:8311"
    written = list((tmp_path / "mail").iterdir())
    assert len(written) == 1 and "A check-in is due." in written[0].read_text()
    assert "ConnectionRefused" not in done.stderr
