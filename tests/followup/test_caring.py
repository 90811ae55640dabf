"""Caring contacts (clinical-rules.md §7.2): the schedule, sending, catch-up without bursts, opt-out at
once (before the next send), signed links, organisation wording, and a risky reply alerting the clinician."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
import time_machine
from django.core import signing

from safeplan.audit.models import AuditEvent
from safeplan.followup import optout
from safeplan.followup.models import (
    CaringContact,
    CaringSeries,
    ContactState,
    Message,
    MessageKind,
    SeriesEnd,
)
from safeplan.followup.services import caring, messages
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.notifications import delivery
from safeplan.notifications.models import Notification, OutboundMessage, Status

UTC = dt.UTC
START = dt.datetime(2026, 1, 15, 19, 0, tzinfo=UTC)  # Thursday 14:00 EST


def _send_due(now: dt.datetime) -> int:
    n = 0
    while caring.send_one_caring_contact(now):
        n += 1
        assert n < 40
    return n


@pytest.fixture
def series(world: Any) -> CaringSeries:
    with time_machine.travel(START, tick=False):
        return caring.start_series(
            actor=world.users["clinician"], client=world.client, reason="crisis", channel="sms"
        )


def test_series_has_the_default_schedule(series: CaringSeries) -> None:
    contacts = list(series.contacts.order_by("sequence"))
    assert len(contacts) == 11
    assert contacts[0].planned_for == dt.datetime(2026, 1, 22, 15, 0, tzinfo=UTC)  # 10:00 EST
    assert contacts[4].planned_for == dt.datetime(2026, 3, 15, 14, 0, tzinfo=UTC)  # 10:00 EDT
    assert contacts[-1].planned_for == dt.datetime(2027, 1, 15, 15, 0, tzinfo=UTC)
    assert AuditEvent.objects.filter(action="caring_series.started").count() == 1


def test_a_due_note_is_sent_with_crisis_line_and_opt_out(
    world: Any, series: CaringSeries, tmp_path: Any, settings: Any
) -> None:
    first = series.contacts.get(sequence=1)
    with time_machine.travel(first.planned_for, tick=False):
        assert _send_due(first.planned_for) == 1
    first.refresh_from_db()
    assert first.state == ContactState.SENT and first.sent_at == first.planned_for
    in_portal = Message.objects.get(caring_contact=first)
    assert in_portal.kind == MessageKind.CARING_CONTACT
    out = OutboundMessage.objects.get(pk=first.outbox_id)
    assert out.dedupe_key == f"caring:{series.pk}:1" and out.to_address == world.client.phone
    settings.SMS_TRANSPORT = f"file:{tmp_path / 'sms.jsonl'}"
    assert delivery.deliver_one()
    text = (tmp_path / "sms.jsonl").read_text()
    assert "thinking of you" in text
    assert "988" in text and "911" in text
    token = text.split("/caring/stop/")[1].split("/")[0]
    assert optout.series_for_token(token) == series


def test_opt_out_takes_effect_before_the_next_send(world: Any, series: CaringSeries) -> None:
    first = series.contacts.get(sequence=1)
    with time_machine.travel(first.planned_for, tick=False):
        _send_due(first.planned_for)
    second = series.contacts.get(sequence=2)
    # The note is due and even queued in the outbox; the client opts out a minute before delivery.
    with time_machine.travel(second.planned_for, tick=False):
        _send_due(second.planned_for)
    assert OutboundMessage.objects.filter(status=Status.PENDING).count() == 2
    token = optout.opt_out_token(series)
    assert caring.opt_out(series=optout.series_for_token(token)) is True
    assert OutboundMessage.objects.filter(status=Status.PENDING).count() == 0
    assert delivery.deliver_one() is False, "nothing left to send"
    later = series.contacts.get(sequence=3).planned_for
    assert _send_due(later + dt.timedelta(days=400)) == 0
    series.refresh_from_db()
    assert series.end_reason == SeriesEnd.OPTED_OUT
    assert not series.contacts.filter(state=ContactState.SCHEDULED).exists()
    alert = Notification.objects.get(recipient=world.users["clinician"], kind="caring_opt_out")
    assert "A-001" in alert.title
    assert caring.opt_out(series=series) is False, "a second click changes nothing"


@pytest.mark.parametrize(
    "token",
    [
        "not-a-token",
        signing.dumps({"s": 1}, salt="another-salt"),
        "",
    ],
)
def test_forged_opt_out_links_are_refused(series: CaringSeries, token: str) -> None:
    with pytest.raises(optout.BadOptOutLink) as err:
        optout.series_for_token(token)
    assert err.value.status == 400 and err.value.field == "token"


def test_expired_opt_out_link_is_refused(series: CaringSeries) -> None:
    with time_machine.travel(START, tick=False):
        token = optout.opt_out_token(series)
    with (
        time_machine.travel(START + optout.OPT_OUT_MAX_AGE + dt.timedelta(days=1)),
        pytest.raises(optout.BadOptOutLink, match="expired"),
    ):
        optout.series_for_token(token)


def test_late_notes_are_spread_out_not_burst(world: Any, series: CaringSeries) -> None:
    # The worker was stopped from before the first note until 20 February (three notes overdue).
    back = dt.datetime(2026, 2, 20, 17, 0, tzinfo=UTC)  # 12:00 EST
    with time_machine.travel(back, tick=False):
        _send_due(back)
    assert not series.contacts.filter(state=ContactState.SENT).exists()
    moved = list(series.contacts.filter(sequence__lte=4).order_by("sequence"))
    assert moved[0].send_at == dt.datetime(2026, 2, 21, 15, 0, tzinfo=UTC)  # next 10:00 slot
    sent_times = []
    clock = back
    for _ in range(60):
        clock += dt.timedelta(hours=6)
        with time_machine.travel(clock, tick=False):
            _send_due(clock)
    sent_times = list(
        series.contacts.filter(state=ContactState.SENT)
        .order_by("sent_at")
        .values_list("sent_at", flat=True)
    )
    assert len(sent_times) >= 4
    gaps = [b - a for a, b in itertools.pairwise(sent_times)]
    assert min(gaps) >= dt.timedelta(days=3) - dt.timedelta(hours=1)


def test_organisation_wording_replaces_ours(world: Any, series: CaringSeries) -> None:
    caring.set_caring_text(
        actor=world.users["supervisor"], language="en", sequence=1, body="Thinking of you. Clinic A"
    )
    first = series.contacts.get(sequence=1)
    _send_due(first.planned_for)
    assert Message.objects.get(caring_contact=first).body == "Thinking of you. Clinic A"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"language": "fr"}, "language"),
        ({"sequence": 0}, "sequence"),
        ({"sequence": 12}, "sequence"),
        ({"body": "x" * 601}, "body"),
    ],
)
def test_bad_wording_is_refused(world: Any, kwargs: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {"language": "en", "sequence": 1, "body": "Hello"}
    args.update(kwargs)
    with pytest.raises(InvalidInput) as err:
        caring.set_caring_text(actor=world.users["admin"], **args)
    assert err.value.field == field


def test_clinicians_do_not_edit_the_wording(world: Any) -> None:
    with pytest.raises(NotAllowed):
        caring.set_caring_text(actor=world.users["clinician"], language="en", sequence=1, body="x")


def test_one_series_at_a_time_and_channel_needs_an_address(
    world: Any, series: CaringSeries
) -> None:
    with pytest.raises(Conflict):
        caring.start_series(
            actor=world.users["clinician"], client=world.client, reason="discharge", channel="sms"
        )
    caring.stop_series(actor=world.users["clinician"], client=world.client, series_id=series.pk)
    with pytest.raises(InvalidInput) as err:
        caring.start_series(
            actor=world.users["clinician"], client=world.client, reason="crisis", channel="email"
        )
    assert err.value.field == "channel"
    with pytest.raises(InvalidInput) as err:
        caring.start_series(
            actor=world.users["clinician"], client=world.client, reason="holiday", channel="sms"
        )
    assert err.value.field == "reason"


def test_a_reply_mentioning_risk_alerts_the_clinician(world: Any, series: CaringSeries) -> None:
    first = series.contacts.get(sequence=1)
    _send_due(first.planned_for)
    sent = messages.send_from_client(
        actor=world.users["client"],
        client=world.client,
        body="thanks. honestly i have been cutting myself again",
    )
    assert sent.crisis
    assert Notification.objects.filter(
        recipient=world.users["clinician"], kind="message_crisis_language", urgent=True
    ).exists()


def test_last_note_completes_the_series(world: Any, series: CaringSeries) -> None:
    for contact in series.contacts.order_by("sequence"):
        _send_due(contact.planned_for)
    series.refresh_from_db()
    assert series.end_reason == SeriesEnd.COMPLETED
    assert CaringContact.objects.filter(series=series, state=ContactState.SENT).count() == 11
