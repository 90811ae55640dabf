"""Real transports against real local servers: SMTP (aiosmtpd) and Twilio's REST API (a local HTTP server).

A failing SMTP server leaves the message queued and retried, never lost and never sent twice.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import socket
import threading
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.utils import timezone

from safeplan.lib.env import ConfigurationError
from safeplan.notifications import delivery, services
from safeplan.notifications.models import OutboundMessage, Status
from safeplan.notifications.transports import Outgoing, TransportError
from safeplan.notifications.transports.sms import TwilioSms, sms_transport


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RefusingThenAccepting:
    """An SMTP handler that answers 451 (try later) ``refuse`` times, then accepts and keeps the mail."""

    def __init__(self, refuse: int = 0, permanent: bool = False) -> None:
        self.refuse = refuse
        self.permanent = permanent
        self.received: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.permanent:
            return "550 5.1.1 mailbox unavailable"
        if self.refuse > 0:
            self.refuse -= 1
            return "451 4.3.0 try again later"
        self.received.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Any]:
    def start(handler: RefusingThenAccepting) -> RefusingThenAccepting:
        port = _free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        started.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        return handler

    started: list[Controller] = []
    yield start
    for controller in started:
        controller.stop()


def _queue(world: Any) -> OutboundMessage:
    msg = services.enqueue_message(
        channel="email",
        to_address="cleo@example.org",
        template="client_new_message",
        context={"link": "/portal/messages/"},
        dedupe_key="smtp-1",
        client=world.client,
    )
    assert msg is not None
    return msg


def test_smtp_server_refuses_then_accepts_exactly_once(world: Any, smtp_server: Any) -> None:
    handler = smtp_server(RefusingThenAccepting(refuse=2))
    msg = _queue(world)
    with time_machine.travel(timezone.now(), tick=True) as clock:
        for expected_attempts in (1, 2):
            assert delivery.deliver_one()
            msg.refresh_from_db()
            assert msg.status == Status.PENDING, "a refused message stays queued"
            assert msg.attempts == expected_attempts and msg.last_error == "smtp-451"
            clock.shift(dt.timedelta(hours=1))
        assert delivery.deliver_one()
        assert delivery.deliver_one() is False
        clock.shift(dt.timedelta(days=1))
        assert delivery.deliver_one() is False
    msg.refresh_from_db()
    assert msg.status == Status.SENT and msg.attempts == 3
    assert len(handler.received) == 1, "delivered exactly once"
    envelope = handler.received[0]
    assert envelope.rcpt_tos == ["cleo@example.org"]
    body = envelope.content.decode()
    assert "You have a new message in Safeplan" in body
    assert "Message-ID: <" in body


def test_smtp_permanent_rejection_stops_retrying(world: Any, smtp_server: Any) -> None:
    smtp_server(RefusingThenAccepting(permanent=True))
    msg = _queue(world)
    assert delivery.deliver_one()
    msg.refresh_from_db()
    assert msg.status == Status.FAILED and msg.permanent_failure
    assert msg.last_error == "smtp-550"


def test_smtp_server_down_keeps_the_message(world: Any, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = _free_port()  # nothing listens here
    msg = _queue(world)
    assert delivery.deliver_one()
    msg.refresh_from_db()
    assert msg.status == Status.PENDING and msg.attempts == 1
    assert msg.last_error.startswith("smtp-")


# --- Twilio --------------------------------------------------------------------------------------------


class FakeTwilio(BaseHTTPRequestHandler):
    """A local stand-in for api.twilio.com that records requests and answers as scripted."""

    replies: list[tuple[int, dict[str, Any]]] = []
    seen: list[dict[str, Any]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        form = urllib.parse.parse_qs(self.rfile.read(length).decode())
        FakeTwilio.seen.append(
            {
                "path": self.path,
                "auth": self.headers.get("Authorization"),
                "idem": self.headers.get("I-Twilio-Idempotency-Token"),
                "form": {k: v[0] for k, v in form.items()},
            }
        )
        status, body = FakeTwilio.replies.pop(0) if FakeTwilio.replies else (201, {"sid": "SM1"})
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: Any) -> None:
        return


@pytest.fixture
def twilio(monkeypatch: Any) -> Iterator[type[FakeTwilio]]:
    FakeTwilio.replies, FakeTwilio.seen = [], []
    server = HTTPServer(("127.0.0.1", 0), FakeTwilio)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("SAFEPLAN_TWILIO_ACCOUNT_SID", "AC123")
    monkeypatch.setenv("SAFEPLAN_TWILIO_AUTH_TOKEN", "secret-token")
    monkeypatch.setenv("SAFEPLAN_TWILIO_FROM", "+16175550199")
    monkeypatch.setenv("SAFEPLAN_TWILIO_API_BASE", f"http://127.0.0.1:{server.server_port}")
    yield FakeTwilio
    server.shutdown()


OUT = Outgoing(to="+16175550100", subject="", text="You have a check-in", message_key="k-1")


def test_twilio_posts_the_message(twilio: Any) -> None:
    TwilioSms().send(OUT)
    (request,) = twilio.seen
    assert request["path"] == "/2010-04-01/Accounts/AC123/Messages.json"
    assert request["form"] == {
        "To": "+16175550100",
        "From": "+16175550199",
        "Body": "You have a check-in",
    }
    assert request["auth"] == "Basic " + base64.b64encode(b"AC123:secret-token").decode()
    assert request["idem"] == "k-1"


@pytest.mark.parametrize(
    ("status", "body", "code", "permanent"),
    [
        (400, {"code": 21211, "message": "invalid To"}, "twilio-21211", True),
        (400, {"code": 21610, "message": "unsubscribed"}, "twilio-21610", True),
        (401, {"code": 20003}, "twilio-http-401", True),
        (429, {"code": 20429}, "twilio-http-429", False),
        (503, {}, "twilio-http-503", False),
    ],
)
def test_twilio_errors(twilio: Any, status: int, body: Any, code: str, permanent: bool) -> None:
    twilio.replies.append((status, body))
    with pytest.raises(TransportError) as err:
        TwilioSms().send(OUT)
    assert err.value.code == code and err.value.permanent is permanent


def test_twilio_unreachable_is_temporary(monkeypatch: Any) -> None:
    monkeypatch.setenv("SAFEPLAN_TWILIO_ACCOUNT_SID", "AC123")
    monkeypatch.setenv("SAFEPLAN_TWILIO_AUTH_TOKEN", "t")
    monkeypatch.setenv("SAFEPLAN_TWILIO_FROM", "+16175550199")
    monkeypatch.setenv("SAFEPLAN_TWILIO_API_BASE", f"http://127.0.0.1:{_free_port()}")
    with pytest.raises(TransportError) as err:
        TwilioSms().send(OUT)
    assert err.value.permanent is False


def test_twilio_through_the_outbox(world: Any, twilio: Any, settings: Any) -> None:
    settings.SMS_TRANSPORT = "twilio"
    services.enqueue_message(
        channel="sms",
        to_address="+16175550100",
        template="client_checkin_reminder",
        context={"link": "/portal/check-in/"},
        dedupe_key="tw-1",
        client=world.client,
    )
    assert delivery.deliver_one()
    assert OutboundMessage.objects.get().status == Status.SENT
    assert twilio.seen[0]["form"]["Body"].startswith("You have a check-in waiting in Safeplan")


def test_twilio_needs_its_configuration(monkeypatch: Any) -> None:
    monkeypatch.delenv("SAFEPLAN_TWILIO_ACCOUNT_SID", raising=False)
    with pytest.raises(ConfigurationError):
        sms_transport("twilio")
    with pytest.raises(ConfigurationError):
        sms_transport("carrier-pigeon")
