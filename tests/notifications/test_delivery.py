"""Delivering the outbox: claims, retries with backoff, permanent failures, stale claims, transports."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.notifications import delivery, rules, services
from safeplan.notifications.models import Notification, OutboundMessage, Status
from safeplan.notifications.transports import TransportError


def _queue(world: Any, key: str = "k1", **kw: Any) -> OutboundMessage:
    args: dict[str, Any] = {
        "channel": "email",
        "to_address": "cleo@example.org",
        "template": "client_new_message",
        "context": {"link": "/portal/messages/", "language": "en"},
        "dedupe_key": key,
        "client": world.client,
    }
    args.update(kw)
    msg = services.enqueue_message(**args)
    assert msg is not None
    return msg


def test_delivers_email_without_clinical_content(world: Any) -> None:
    msg = _queue(world)
    assert delivery.deliver_one() is True
    assert delivery.deliver_one() is False
    msg.refresh_from_db()
    assert msg.status == Status.SENT and msg.attempts == 1 and msg.sent_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == ["cleo@example.org"]
    assert sent.subject == "You have a new message in Safeplan"
    assert "/portal/messages/" in sent.body
    assert "Cleo" not in sent.body + sent.subject
    assert sent.extra_headers["Message-ID"].startswith("<")


def test_spanish_client_gets_spanish_text(world: Any) -> None:
    _queue(world, context={"link": "/portal/", "language": "es"})
    delivery.deliver_one()
    assert mail.outbox[0].subject == "Tiene un mensaje nuevo en Safeplan"


def test_not_due_yet_is_left_alone(world: Any) -> None:
    _queue(world, send_after=timezone.now() + dt.timedelta(hours=1))
    assert delivery.deliver_one() is False
    assert OutboundMessage.objects.get().status == Status.PENDING


def test_claim_changes_exactly_one_row(world: Any) -> None:
    _queue(world)
    first = delivery.claim_one()
    assert first is not None and first.status == Status.SENDING
    assert delivery.claim_one() is None


def test_temporary_failure_retries_with_backoff_then_sends(world: Any, monkeypatch: Any) -> None:
    msg = _queue(world)
    calls: list[str] = []

    def flaky(message: Any) -> None:
        calls.append(message.dedupe_key)
        if len(calls) < 3:
            raise TransportError("smtp-451", permanent=False)

    monkeypatch.setattr(delivery, "send", flaky)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert delivery.deliver_one()
        msg.refresh_from_db()
        assert msg.status == Status.PENDING and msg.last_error == "smtp-451"
        assert msg.next_attempt_at >= start + dt.timedelta(seconds=30)
        assert delivery.deliver_one() is False  # waits for the backoff
        clock.shift(dt.timedelta(seconds=34))
        assert delivery.deliver_one()
        msg.refresh_from_db()
        assert msg.attempts == 2
        assert msg.next_attempt_at >= timezone.now() + dt.timedelta(seconds=60)
        clock.shift(dt.timedelta(seconds=70))
        assert delivery.deliver_one()
    msg.refresh_from_db()
    assert msg.status == Status.SENT and msg.attempts == 3 and len(calls) == 3


def test_permanent_failure_stops_and_tells_admins(world: Any, monkeypatch: Any) -> None:
    msg = _queue(world)

    def refuse(message: Any) -> None:
        raise TransportError("smtp-550", permanent=True)

    monkeypatch.setattr(delivery, "send", refuse)
    assert delivery.deliver_one()
    msg.refresh_from_db()
    assert msg.status == Status.FAILED and msg.permanent_failure and msg.last_error == "smtp-550"
    note = Notification.objects.get(kind="delivery_failed")
    assert note.recipient == world.users["admin"] and note.urgent
    assert AuditEvent.objects.filter(action="message.failed", client_id=world.client.pk).exists()
    assert "Cleo" not in note.title


def test_gives_up_after_max_attempts_but_never_silently(world: Any, monkeypatch: Any) -> None:
    msg = _queue(world)
    OutboundMessage.objects.filter(pk=msg.pk).update(attempts=rules.MAX_ATTEMPTS - 1)

    def down(message: Any) -> None:
        raise TransportError("smtp-ConnectionRefusedError", permanent=False)

    monkeypatch.setattr(delivery, "send", down)
    delivery.deliver_one()
    msg.refresh_from_db()
    assert msg.status == Status.FAILED and not msg.permanent_failure
    assert Notification.objects.filter(kind="delivery_failed").count() == 1


def test_a_bug_in_rendering_keeps_the_message(world: Any, monkeypatch: Any) -> None:
    msg = _queue(world)

    def boom(message: Any) -> None:
        raise RuntimeError("bug")

    monkeypatch.setattr(delivery, "send", boom)
    assert delivery.deliver_one()
    msg.refresh_from_db()
    assert msg.status == Status.PENDING and msg.last_error == "error-RuntimeError"


def test_stale_claim_is_put_back(world: Any) -> None:
    msg = _queue(world)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert delivery.claim_one() is not None
        assert delivery.recover_one_stale() is False
        clock.shift(dt.timedelta(seconds=rules.LEASE_SECONDS + 1))
        assert delivery.recover_one_stale() is True
        msg.refresh_from_db()
        assert msg.status == Status.PENDING and msg.last_error == "worker-stopped"
        assert delivery.deliver_one()
    msg.refresh_from_db()
    assert msg.status == Status.SENT


def test_late_finish_of_a_recovered_claim_does_not_double_mark(world: Any) -> None:
    msg = _queue(world)
    claimed = delivery.claim_one()
    assert claimed is not None
    OutboundMessage.objects.filter(pk=msg.pk).update(status=Status.PENDING, claim_token="")
    assert delivery._finish(claimed, status=Status.SENT) is False


def test_in_app_channel_becomes_a_notification(world: Any) -> None:
    services.enqueue_message(
        channel="in_app",
        to_user=world.users["client"],
        template="client_checkin_reminder",
        context={"link": "/portal/check-in/"},
        dedupe_key="inapp-1",
        client=world.client,
    )
    assert delivery.deliver_one()
    note = Notification.objects.get(recipient=world.users["client"])
    assert note.title == "You have a check-in waiting in Safeplan"
    assert note.link == "/portal/check-in/"


def test_sms_to_file_transport(world: Any, tmp_path: Any, settings: Any) -> None:
    path = tmp_path / "sms.jsonl"
    settings.SMS_TRANSPORT = f"file:{path}"
    _queue(
        world,
        channel="sms",
        to_address="+16175550100",
        template="client_checkin_reminder",
        context={"link": "/portal/check-in/"},
    )
    assert delivery.deliver_one()
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    assert len(lines) == 1 and lines[0]["to"] == "+16175550100"
    assert "check-in waiting" in lines[0]["text"]


def test_console_sms_refused_in_production(world: Any, settings: Any) -> None:
    settings.SMS_TRANSPORT = "console"
    settings.RELAXED = False
    msg = _queue(
        world, channel="sms", to_address="+16175550100", template="client_checkin_reminder"
    )
    delivery.deliver_one()
    msg.refresh_from_db()
    assert msg.status == Status.FAILED and msg.last_error == "sms-not-configured"


def test_message_without_address_fails_permanently(world: Any) -> None:
    user = world.users["supervisor"]
    user.email = ""
    user.save()
    services.enqueue_message(
        channel="email",
        to_user=user,
        template="staff_alert",
        context={"title": "t", "link": "/dashboard/"},
        dedupe_key="noaddr",
    )
    delivery.deliver_one()
    msg = OutboundMessage.objects.get()
    assert msg.status == Status.FAILED and msg.last_error == "email-no-address"


@pytest.mark.parametrize(
    ("attempt", "seconds"), [(1, 30), (2, 60), (3, 120), (8, 3600), (20, 3600)]
)
def test_backoff_schedule(attempt: int, seconds: int) -> None:
    assert rules.backoff_seconds(attempt, jitter=0) == seconds
    assert rules.backoff_seconds(attempt, jitter=1) == pytest.approx(seconds * 1.1)
