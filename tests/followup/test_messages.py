"""Secure messages: crisis-language flags (never blocking), after-hours automatic replies, notifications
that carry no clinical content outside Safeplan, and bad input."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from safeplan.followup.models import Direction, Message, MessageKind
from safeplan.followup.services import messages
from safeplan.lib.errors import InvalidInput, NotAllowed
from safeplan.notifications.models import Notification, OutboundMessage
from safeplan.telehealth.services.agreements import save_boundaries

UTC = dt.UTC
# Carl works Monday-Friday 09:00-17:00 in New York.
HOURS = [{"day": d, "start": "09:00", "end": "17:00"} for d in range(5)]
TUESDAY_NOON = dt.datetime(2026, 6, 9, 16, 0, tzinfo=UTC)
SATURDAY_NIGHT = dt.datetime(2026, 6, 14, 2, 0, tzinfo=UTC)  # Friday 22:00 EDT


@pytest.fixture
def agreement(world: Any) -> Any:
    return save_boundaries(
        actor=world.users["clinician"],
        client=world.client,
        data={
            "hours": HOURS,
            "channels": [{"channel": "secure_message", "response_hours": 24}],
            "after_hours_instructions": "Use your safety plan and call 988 if you need to talk.",
        },
    )


def test_message_in_hours_gets_no_auto_reply(world: Any, agreement: Any) -> None:
    with time_machine.travel(TUESDAY_NOON, tick=False):
        sent = messages.send_from_client(
            actor=world.users["client"], client=world.client, body="Can we talk about Thursday?"
        )
    assert sent.auto_reply is None and not sent.crisis and not sent.message.after_hours
    note = Notification.objects.get(recipient=world.users["clinician"])
    assert note.kind == "message_new" and not note.urgent
    assert note.title == "New message from A-001 (CC)"


def test_after_hours_message_gets_an_automatic_reply(world: Any, agreement: Any) -> None:
    with time_machine.travel(SATURDAY_NIGHT, tick=False):
        sent = messages.send_from_client(
            actor=world.users["client"], client=world.client, body="Rough evening."
        )
    assert sent.message.after_hours
    reply = sent.auto_reply
    assert reply is not None and reply.kind == MessageKind.AUTO_REPLY
    assert reply.direction == Direction.TO_CLIENT and reply.in_reply_to == sent.message
    text = reply.body
    assert "outside their agreed hours" in text
    assert "within 24 hours" in text
    assert "Monday 15 June, 09:00" in text  # next working hours, on the client's clock
    assert "988" in text, "the client's crisis line"
    assert "In an emergency call 911." in text
    assert "Use your safety plan" in text


def test_auto_reply_in_spanish(world: Any, agreement: Any) -> None:
    world.client.preferred_language = "es"
    world.client.save()
    with time_machine.travel(SATURDAY_NIGHT, tick=False):
        sent = messages.send_from_client(
            actor=world.users["client"], client=world.client, body="Hola"
        )
    assert sent.auto_reply is not None
    assert "fuera del horario acordado" in sent.auto_reply.body
    assert "En una emergencia, llame al 911." in sent.auto_reply.body


def test_crisis_language_flags_alerts_and_never_blocks(world: Any, agreement: Any) -> None:
    with time_machine.travel(TUESDAY_NOON, tick=False):
        sent = messages.send_from_client(
            actor=world.users["client"], client=world.client, body="I don't want to live anymore"
        )
    assert sent.crisis and sent.categories == ["en:suicidal_thoughts"]
    assert sent.resources is not None and sent.resources.emergency_number == "911"
    stored = Message.objects.get(pk=sent.message.pk)
    assert stored.body == "I don't want to live anymore", "kept, word for word"
    assert stored.crisis_flag and stored.crisis_categories == ["en:suicidal_thoughts"]
    alert = Notification.objects.get(recipient=world.users["clinician"])
    assert alert.urgent and alert.kind == "message_crisis_language"
    assert "live" not in alert.title


def test_without_an_agreement_there_is_no_auto_reply(world: Any) -> None:
    sent = messages.send_from_client(actor=world.users["client"], client=world.client, body="Hello")
    assert sent.auto_reply is None


@pytest.mark.parametrize("body", ["", "   ", "x" * 2001, "bad\x00char", None])
def test_bad_messages_write_nothing(world: Any, body: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        messages.send_from_client(actor=world.users["client"], client=world.client, body=body)
    assert err.value.field == "body"
    assert not Message.objects.exists() and not Notification.objects.exists()


def test_clinician_reply_notifies_without_content(world: Any) -> None:
    world.client.email = "cleo@example.org"
    world.client.save()
    message = messages.send_to_client(
        actor=world.users["clinician"], client=world.client, body="Let's review your plan."
    )
    note = Notification.objects.get(recipient=world.users["client"])
    assert note.title == "You have a new message in Safeplan"
    out = OutboundMessage.objects.get(client=world.client)
    assert out.template == "client_new_message"
    assert "plan" not in str(out.context).replace("/portal/messages/", "")
    assert message.direction == Direction.TO_CLIENT


def test_only_the_client_sends_as_the_client(world: Any) -> None:
    with pytest.raises(NotAllowed):
        messages.send_from_client(actor=world.users["clinician"], client=world.client, body="hi")
    with pytest.raises(NotAllowed):
        messages.send_to_client(actor=world.users["admin"], client=world.client, body="hi")
