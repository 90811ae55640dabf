"""notify / enqueue_message / acknowledge: rows, de-duplication, validation (nothing written on bad input)."""

from __future__ import annotations

from typing import Any

import pytest

from safeplan.lib.errors import InvalidInput
from safeplan.notifications import services
from safeplan.notifications.models import Notification, OutboundMessage


def test_notify_writes_one_row_per_recipient_and_dedupes(world: Any) -> None:
    carl, sue = world.users["clinician"], world.users["supervisor"]
    carl.email = "carl@clinic.example"
    carl.save()
    n = services.notify(
        recipients=[carl, sue],
        kind="checkin_missed",
        title="Check-in missed: A-001",
        link=f"/clients/{world.client.pk}/",
        client=world.client,
        dedupe_key="checkin:1:missed",
        email=True,
        urgent=True,
    )
    assert n == 2
    again = services.notify(
        recipients=[carl, sue],
        kind="checkin_missed",
        title="Check-in missed: A-001",
        link=f"/clients/{world.client.pk}/",
        client=world.client,
        dedupe_key="checkin:1:missed",
        email=True,
    )
    assert again == 0
    assert Notification.objects.count() == 2
    # Only Carl has an email address: one email in the outbox, none for Sue.
    msgs = list(OutboundMessage.objects.all())
    assert len(msgs) == 1 and msgs[0].to_user == carl and msgs[0].template == "staff_alert"


def test_acknowledge_acknowledges_the_whole_group(world: Any) -> None:
    carl, sue = world.users["clinician"], world.users["supervisor"]
    services.notify(
        recipients=[carl, sue],
        kind="risk",
        title="Alert: A-001",
        link="/clients/1/",
        client=world.client,
        dedupe_key="grp:1",
        urgent=True,
    )
    mine = Notification.objects.get(recipient=carl)
    services.acknowledge(actor=carl, notification_id=mine.pk)
    assert Notification.objects.filter(acknowledged_at__isnull=True).count() == 0
    assert services.group_acknowledged("grp:1", world.org.pk)
    theirs = Notification.objects.get(recipient=sue)
    assert theirs.acknowledged_by == carl


def test_acknowledge_someone_elses_alert_is_404(world: Any) -> None:
    from django.http import Http404

    services.notify(
        recipients=[world.users["clinician"]],
        kind="risk",
        title="Alert: A-001",
        link="/clients/1/",
        dedupe_key="grp:2",
    )
    note = Notification.objects.get()
    with pytest.raises(Http404):
        services.acknowledge(actor=world.users["clinician_off"], notification_id=note.pk)
    note.refresh_from_db()
    assert note.acknowledged_at is None


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"channel": "pigeon"}, "channel"),
        ({"template": "nope"}, "template"),
        ({"context": {"link": "/p/", "notes": "private words"}}, "context"),
        ({"to_user": None}, "to_user"),
        ({"dedupe_key": ""}, "dedupe_key"),
    ],
)
def test_enqueue_rejects_bad_input(world: Any, kwargs: dict[str, Any], field: str) -> None:
    args: dict[str, Any] = {
        "channel": "email",
        "to_user": world.users["client"],
        "template": "client_new_message",
        "context": {"link": "/portal/"},
        "dedupe_key": "k1",
    }
    args.update(kwargs)
    with pytest.raises(InvalidInput) as err:
        services.enqueue_message(**args)
    assert err.value.field == field
    assert OutboundMessage.objects.count() == 0


def test_enqueue_same_key_twice_gives_none(world: Any) -> None:
    args: dict[str, Any] = {
        "channel": "sms",
        "to_address": "+16175550100",
        "template": "client_checkin_reminder",
        "context": {"link": "/portal/"},
        "dedupe_key": "checkin:9:reminder",
        "client": world.client,
    }
    first = services.enqueue_message(**args)
    assert first is not None and first.organisation == world.org
    assert services.enqueue_message(**args) is None
    assert OutboundMessage.objects.count() == 1


def test_notify_rejects_links_with_query_strings(world: Any) -> None:
    with pytest.raises(InvalidInput) as err:
        services.notify(
            recipients=[world.users["clinician"]],
            kind="x",
            title="t",
            link="/clients/1/?name=Cleo",
            dedupe_key="k",
        )
    assert err.value.field == "link"
    assert Notification.objects.count() == 0


def test_cancel_pending(world: Any) -> None:
    for i in range(3):
        services.enqueue_message(
            channel="sms",
            to_address="+16175550100",
            template="client_checkin_reminder",
            context={},
            dedupe_key=f"caring:5:{i}",
            client=world.client,
        )
    assert services.cancel_pending(dedupe_prefix="caring:5:") == 3
    assert not OutboundMessage.objects.filter(status="pending").exists()
