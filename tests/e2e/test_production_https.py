"""Production mode end to end: nginx (deploy/nginx/safeplan.conf) with a self-signed certificate made here,
in front of ``safeplan serve`` with SAFEPLAN_MODE=production, and Chromium signing in over HTTPS.

Checks what only a real request shows: HSTS on the answer, the session and CSRF cookies ``Secure``, plain
HTTP redirected to HTTPS (by nginx, and by Safeplan itself when reached directly), and a staff member
without TOTP sent to enrolment before any page. Skips with a message when nginx or Chromium is missing
(``.ci/run`` installs both and sets SAFEPLAN_REQUIRE_BROWSER=1, so CI fails instead).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import require_or_skip
from tests.e2e.conftest import _free_port, _postgres_database

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "nginx" / "safeplan.conf"
PASSWORD = "a-long-production-password-7"


def _nginx() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )


def _certificate(directory: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    (directory / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


def _nginx_conf(base: Path, *, http: int, https: int, app: int) -> Path:
    site = CONFIG.read_text()
    site = site.replace("/etc/letsencrypt/live/safeplan.example.org/", f"{base}/certs/")
    site = site.replace("/var/log/nginx/", f"{base}/")
    site = site.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app};")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http};")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
    site = site.replace("server_name safeplan.example.org;", "server_name localhost;")
    site = "\n".join(line for line in site.splitlines() if "listen [::]" not in line)
    (base / "safeplan.conf").write_text(site)
    temp = "\n".join(
        f"  {name}_temp_path {base}/{name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers must reach the private temp paths
    conf = base / "nginx.conf"
    conf.write_text(
        f"{user}daemon off;\npid {base}/nginx.pid;\nerror_log {base}/nginx-error.log;\n"
        f"events {{}}\nhttp {{\n  access_log {base}/nginx-access.log;\n{temp}\n"
        f"  include {base}/safeplan.conf;\n}}\n"
    )
    return conf


@dataclass
class Site:
    https: str
    http: str
    app: str


def _wait(url: str, proc: subprocess.Popen[Any], log: Path) -> None:
    deadline = time.monotonic() + 90
    while True:
        try:
            with urllib.request.build_opener(_NoRedirect).open(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not come up: {log.read_text()[-3000:]}")
        time.sleep(0.3)


@pytest.fixture(scope="module")
def production_site(tmp_path_factory: Any) -> Iterator[Site]:
    nginx = _nginx()
    require_or_skip(
        "SAFEPLAN_REQUIRE_BROWSER",
        nginx is not None,
        "the production end-to-end test needs Debian's nginx (apt-get install nginx-light)",
    )
    assert nginx is not None
    base = tmp_path_factory.mktemp("prod")
    (base / "certs").mkdir()
    _certificate(base / "certs")
    keys = base / "keys"
    keys.mkdir(mode=0o700)
    for name, value in {
        "secret_key": secrets.token_urlsafe(50),
        "field_keys": Fernet.generate_key().decode(),
        "index_key": secrets.token_urlsafe(32),
    }.items():
        (keys / name).write_text(value)
        (keys / name).chmod(0o600)
    http, https, app = _free_port(), _free_port(), _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SAFEPLAN_", "DJANGO_SETTINGS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC"))
    }
    env.update(
        {
            "SAFEPLAN_MODE": "production",
            "SAFEPLAN_DATA_DIR": str(base / "data"),
            "SAFEPLAN_SECRET_KEY_FILE": str(keys / "secret_key"),
            "SAFEPLAN_FIELD_KEYS_FILE": str(keys / "field_keys"),
            "SAFEPLAN_INDEX_KEY_FILE": str(keys / "index_key"),
            "SAFEPLAN_ALLOWED_HOSTS": "localhost,127.0.0.1",
            "SAFEPLAN_CSRF_TRUSTED_ORIGINS": f"https://localhost:{https}",
            "SAFEPLAN_SITE_URL": f"https://localhost:{https}",
            "SAFEPLAN_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "STAFF_PASSWORD": PASSWORD,
            "PYTHONUNBUFFERED": "1",
        }
    )
    pg = _postgres_database(env)
    if pg:
        env["DATABASE_URL"] = pg[1]
    (base / "data").mkdir(mode=0o700)

    def safeplan(*args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "safeplan.cli", *args],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr

    safeplan("migrate", "--verbosity", "0")
    safeplan(
        "createuser",
        "prod-clinician",
        "--organisation",
        "Production Clinic",
        "--role",
        "clinician",
        "--password-env",
        "STAFF_PASSWORD",
    )
    app_log = base / "app.log"
    with app_log.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "safeplan.cli", "serve", "--port", str(app), "--workers", "2"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    conf = _nginx_conf(base, http=http, https=https, app=app)
    proxy_log = base / "nginx-stderr.log"
    with proxy_log.open("w") as log:
        proxy = subprocess.Popen(
            [nginx, "-p", str(base), "-c", str(conf)], stdout=log, stderr=subprocess.STDOUT
        )
    try:
        _wait(f"http://127.0.0.1:{app}/healthz", server, app_log)
        _wait(f"http://127.0.0.1:{http}/", proxy, proxy_log)
        yield Site(
            https=f"https://localhost:{https}",
            http=f"http://127.0.0.1:{http}",
            app=f"http://127.0.0.1:{app}",
        )
    finally:
        for proc in (proxy, server):
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if pg:
            import psycopg

            with psycopg.connect(pg[0], autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg[1].rsplit("/", 1)[1]}" WITH (FORCE)')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _status_and_location(url: str) -> tuple[int, str]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=10) as response:
            return response.status, response.headers.get("Location", "")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", "")


def test_plain_http_is_redirected_to_https(production_site: Site) -> None:
    status, location = _status_and_location(production_site.http + "/accounts/login/")
    assert status == 301 and location.startswith("https://"), (status, location)
    # Reached directly (no proxy saying the request was HTTPS), Safeplan redirects by itself too.
    status, location = _status_and_location(production_site.app + "/accounts/login/")
    assert status == 301 and location.startswith("https://"), (status, location)


@pytest.mark.usefixtures("chromium")
def test_staff_sign_in_over_https(production_site: Site, request: Any) -> None:
    browser = request.getfixturevalue("chromium")
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        response = page.goto(production_site.https + "/accounts/login/")
        assert response is not None and response.status == 200
        hsts = response.headers.get("strict-transport-security", "")
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts, hsts
        page.fill("input[name=login]", "prod-clinician")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        # Staff of a real organisation have no way round TOTP enrolment.
        # (allauth may first ask to confirm the password: the enrolment page is then its `next`).
        page.wait_for_url(lambda url: "2fa/totp/activate" in urllib.parse.unquote(url))
        assert page.url.startswith(production_site.https)
        for path in ("/", "/dashboard/", "/crisis/"):
            page.goto(production_site.https + path)
            assert "2fa/totp/activate" in urllib.parse.unquote(page.url), (path, page.url)
        cookies = {c["name"]: c for c in context.cookies()}
        session = cookies["safeplan_session"]
        assert session["secure"] and session["httpOnly"] and session["sameSite"] == "Lax"
        csrf = cookies["csrftoken"]
        assert csrf["secure"]
    finally:
        context.close()
