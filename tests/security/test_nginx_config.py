"""The nginx example in deploy/nginx/ is accepted by `nginx -t` (with a certificate made for the test)."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.conftest import require_or_skip

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "deploy" / "nginx" / "safeplan.conf"
CERT_DIR = "/etc/letsencrypt/live/safeplan.example.org/"
LOG_DIR = "/var/log/nginx/"


def _self_signed(directory: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "safeplan.example.org")])
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
            x509.SubjectAlternativeName([x509.DNSName("safeplan.example.org")]), critical=False
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


def test_nginx_accepts_the_example_config(tmp_path: Path) -> None:
    nginx = shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).exists()), None
    )
    require_or_skip(
        "SAFEPLAN_REQUIRE_BROWSER",
        nginx is not None,
        "the nginx example is checked with Debian's nginx (apt-get install nginx-light)",
    )
    assert nginx is not None
    certs = tmp_path / "certs"
    certs.mkdir()
    _self_signed(certs)
    site = CONFIG.read_text()
    assert CERT_DIR in site and LOG_DIR in site, "the example names its certificate and log paths"
    site = site.replace(CERT_DIR, f"{certs}/").replace(LOG_DIR, f"{tmp_path}/")
    (tmp_path / "safeplan.conf").write_text(site)
    temp = "\n".join(
        f"  {name}_temp_path {tmp_path}/{name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log {tmp_path}/access.log;\n{temp}\n  include {tmp_path}/safeplan.conf;\n}}\n"
    )
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr
