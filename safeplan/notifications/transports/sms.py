"""SMS: a pluggable transport chosen by ``SAFEPLAN_SMS_TRANSPORT``.

- ``console`` (default in demo/dev): prints the message to standard error. Refused in production, where a
  console would silently swallow texts; messages then fail visibly as "sms-not-configured".
- ``file:/path/to/sms.jsonl``: appends one JSON line per message (development and tests).
- ``twilio``: Twilio's Messages REST API over HTTPS with ``urllib`` (no SDK). Configuration:
  ``SAFEPLAN_TWILIO_ACCOUNT_SID``, ``SAFEPLAN_TWILIO_AUTH_TOKEN`` (or ``_FILE``), and either
  ``SAFEPLAN_TWILIO_FROM`` (an E.164 number) or ``SAFEPLAN_TWILIO_MESSAGING_SERVICE_SID``;
  ``SAFEPLAN_TWILIO_API_BASE`` overrides ``https://api.twilio.com`` (tests point it at a local server).

Texts reach a phone's lock screen, so what they say is decided by ``notifications.content`` (never clinical).
"""

from __future__ import annotations

import base64
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Protocol

from django.conf import settings

from safeplan.lib.env import ConfigurationError, env
from safeplan.lib.files import open_private
from safeplan.notifications.transports.base import Outgoing, TransportError

# Twilio error codes that no retry can fix: invalid or unreachable numbers, the recipient texted STOP.
TWILIO_PERMANENT = {21211, 21212, 21408, 21604, 21610, 21612, 21614, 21606, 30003, 30005, 30006}


class SmsTransport(Protocol):
    def send(self, message: Outgoing) -> None: ...


class ConsoleSms:
    def send(self, message: Outgoing) -> None:
        if not settings.RELAXED:
            raise TransportError("sms-not-configured", permanent=True)
        sys.stderr.write(f"[sms to {message.to}] {message.text}\n")


class FileSms:
    def __init__(self, path: str) -> None:
        self.path = Path(path)

    def send(self, message: Outgoing) -> None:
        line = json.dumps(
            {"to": message.to, "text": message.text, "key": message.message_key},
            ensure_ascii=False,
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open_private(self.path, "a", encoding="utf-8") as fh:  # message words: 0600
                fh.write(line + "\n")
        except OSError as exc:
            raise TransportError(f"sms-file-{type(exc).__name__}", permanent=False) from exc


class TwilioSms:
    def __init__(self) -> None:
        self.sid = env("SAFEPLAN_TWILIO_ACCOUNT_SID") or ""
        self.token = env("SAFEPLAN_TWILIO_AUTH_TOKEN") or ""
        self.sender = env("SAFEPLAN_TWILIO_FROM") or ""
        self.service = env("SAFEPLAN_TWILIO_MESSAGING_SERVICE_SID") or ""
        self.base = (env("SAFEPLAN_TWILIO_API_BASE") or "https://api.twilio.com").rstrip("/")
        if not self.sid or not self.token or not (self.sender or self.service):
            raise ConfigurationError(
                "SAFEPLAN_SMS_TRANSPORT=twilio needs SAFEPLAN_TWILIO_ACCOUNT_SID, "
                "SAFEPLAN_TWILIO_AUTH_TOKEN and SAFEPLAN_TWILIO_FROM or "
                "SAFEPLAN_TWILIO_MESSAGING_SERVICE_SID"
            )
        if not self.base.startswith(("https://", "http://127.0.0.1", "http://localhost")):
            raise ConfigurationError("SAFEPLAN_TWILIO_API_BASE must be an https:// URL")

    def send(self, message: Outgoing) -> None:
        fields = {"To": message.to, "Body": message.text}
        if self.service:
            fields["MessagingServiceSid"] = self.service
        else:
            fields["From"] = self.sender
        url = f"{self.base}/2010-04-01/Accounts/{urllib.parse.quote(self.sid)}/Messages.json"
        auth = base64.b64encode(f"{self.sid}:{self.token}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            url,
            data=urllib.parse.urlencode(fields).encode(),
            method="POST",
            headers={
                "Authorization": f"Basic {auth}",
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/json",
                # Twilio ignores a repeated key within its window, so a retry after a lost reply is safe.
                "I-Twilio-Idempotency-Token": message.message_key[:64],
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise self._error(exc) from exc
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            raise TransportError(f"twilio-{type(exc).__name__}", permanent=False) from exc
        if not 200 <= status < 300:
            raise TransportError(f"twilio-http-{status}", permanent=False)

    @staticmethod
    def _error(exc: urllib.error.HTTPError) -> TransportError:
        code = None
        try:
            code = int(json.loads(exc.read().decode("utf-8") or "{}").get("code") or 0) or None
        except (ValueError, AttributeError, OSError):
            code = None
        if code in TWILIO_PERMANENT:
            return TransportError(f"twilio-{code}", permanent=True)
        if exc.code in (401, 403):
            return TransportError(f"twilio-http-{exc.code}", permanent=True)
        if exc.code == 400 and code is not None:
            return TransportError(f"twilio-{code}", permanent=True)
        return TransportError(f"twilio-http-{exc.code}", permanent=False)


def sms_transport(spec: str | None = None) -> SmsTransport:
    spec = (spec if spec is not None else getattr(settings, "SMS_TRANSPORT", "console")) or ""
    spec = spec.strip()
    if spec in ("", "console"):
        return ConsoleSms()
    if spec.startswith("file:"):
        return FileSms(spec[len("file:") :])
    if spec == "twilio":
        return TwilioSms()
    raise ConfigurationError(
        f"SAFEPLAN_SMS_TRANSPORT must be console, file:/path or twilio, not {spec!r}"
    )
