"""Browser tests: a real `safeplan serve` on a fresh demo clinic, driven by Debian's Chromium via Playwright.

The server runs in its own process against its own database (a temporary SQLite file, or a fresh PostgreSQL
database in the PostgreSQL pass), exactly as a clinic would run it. Tests talk to it only over HTTP.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import require_or_skip

CHROMIUM = os.environ.get("SAFEPLAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DEMO_PASSWORD = "demo-password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    env: dict[str, str]
    data_dir: Path

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run a `safeplan` command against the server's database."""
        return subprocess.run(
            [sys.executable, "-m", "safeplan.cli", *args],
            env=self.env,
            capture_output=True,
            text=True,
            check=check,
            timeout=300,
        )

    def api_token(self, username: str, password: str = DEMO_PASSWORD) -> str:
        import json

        req = urllib.request.Request(
            self.url + "/api/v1/auth/token",
            data=json.dumps({"username": username, "password": password}).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            return str(json.loads(resp.read())["token"])

    def api(self, method: str, path: str, token: str, body: Any = None) -> Any:
        import json

        req = urllib.request.Request(
            self.url + path,
            data=None if body is None else json.dumps(body).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            method=method,
        )
        with urllib.request.urlopen(req, timeout=10) as resp:
            raw = resp.read()
            return json.loads(raw) if raw else None


def _postgres_database(env: dict[str, str]) -> tuple[str, str] | None:
    base = os.environ.get("DATABASE_URL")
    if not base:
        return None
    import psycopg

    name = f"safeplan_e2e_{uuid.uuid4().hex[:8]}"
    admin_url = base.replace("postgres://", "postgresql://", 1)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin_url, base.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="session")
def e2e_server() -> Iterator[Server]:
    data_dir = Path(tempfile.mkdtemp(prefix="safeplan-e2e-"))
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        {
            "SAFEPLAN_MODE": "demo",
            "SAFEPLAN_DATA_DIR": str(data_dir),
            "SAFEPLAN_DEMO_PASSWORD": DEMO_PASSWORD,
            "SAFEPLAN_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "PYTHONUNBUFFERED": "1",
        }
    )
    pg = _postgres_database(env)
    if pg:
        env["DATABASE_URL"] = pg[1]
    else:
        env.pop("DATABASE_URL", None)
    port = _free_port()
    server = Server(url=f"http://127.0.0.1:{port}", env=env, data_dir=data_dir)
    server.run("demo")
    log = (data_dir / "server.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "safeplan.cli", "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(server.url + "/healthz", timeout=2) as resp:
                if resp.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(
                "safeplan serve did not start: " + (data_dir / "server.log").read_text()
            )
        time.sleep(0.2)
    try:
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
        if pg:
            import psycopg

            with psycopg.connect(pg[0], autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg[1].rsplit("/", 1)[1]}" WITH (FORCE)')


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    require_or_skip(
        "SAFEPLAN_REQUIRE_BROWSER",
        Path(CHROMIUM).exists(),
        f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install -y chromium)",
    )
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium: Any) -> Iterator[Any]:
    """A desktop-sized page in a fresh browser context (no cookies, no service workers)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30000)  # a bound for waits on a busy CI machine, not a speed check
    yield page
    context.close()


@pytest.fixture
def phone_page(chromium: Any) -> Iterator[Any]:
    """A phone-sized page (390×844, touch) in a fresh browser context."""
    context = chromium.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.set_default_timeout(30000)  # a bound for waits on a busy CI machine, not a speed check
    yield page
    context.close()


def staff_login(page: Any, server: Server, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(server.url + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    # Past the login page (a bare "/**" would match the login page itself and return at once).
    page.wait_for_url(lambda url: url.startswith(server.url) and "/accounts/login/" not in url)


def open_client(page: Any, name: str) -> None:
    """Click a client on the caseload and wait for their page: `count()` does not wait, so a
    check straight after the click could still read the caseload on a busy machine."""
    page.click(f"text={name}")
    page.wait_for_url(re.compile(r".*/clients/\d+/$"))
    page.locator("h1", has_text=name).wait_for()


def portal_login(
    page: Any, server: Server, username: str = "demo-client", password: str = DEMO_PASSWORD
) -> None:
    page.goto(server.url + "/portal/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(server.url + "/portal/")


def axe_violations(
    page: Any, impacts: tuple[str, ...] = ("serious", "critical")
) -> list[dict[str, Any]]:
    """axe-core violations of the given impact on the current page (axe-playwright-python)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [v for v in results.response["violations"] if v.get("impact") in impacts]
