"""Notify people and queue outgoing messages (the outbox). Called by every app that needs to tell someone.

Contract (stable; other apps call these inside their own service's transaction):

- ``notify(*, recipients, kind, title, link, client=None, dedupe_key, email=False, urgent=False) -> int``
  writes one in-app ``Notification`` per recipient (and, with ``email=True``, one email in the outbox per
  recipient with an address). A ``dedupe_key`` already used for a recipient writes nothing for them, so a
  retried job never alerts twice. Returns how many in-app rows were written. ``title`` must name the client
  by record number or initials only; ``link`` is a path made of ids.
- ``enqueue_message(*, channel, to_user=None, to_address=None, template, context, dedupe_key,
  send_after=None, client=None, organisation=None) -> OutboundMessage | None``: one message in the outbox,
  delivered by the worker after ``send_after``; ``None`` when the key was already used.
- ``acknowledge(*, actor, notification_id) -> Notification``: the recipient marks an alert as seen and
  handled; every copy of the same alert (same group) is acknowledged with it.
- ``mark_read(*, actor, notification_id) -> Notification``.
- ``cancel_pending(*, dedupe_prefix) -> int``: stop messages not yet sent (an opt-out takes effect at once).

Nothing here sends: delivery happens in ``safeplan.notifications.delivery`` from the worker, outside any
transaction (architecture.md §11).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.lib.errors import InvalidInput
from safeplan.notifications.content import TEMPLATES
from safeplan.notifications.models import Channel, Notification, OutboundMessage, Status

MAX_KEY = 200


def _check_link(link: str) -> None:
    # Links are paths of ids: no query strings (they end up in logs and browser history).
    if link and (not link.startswith("/") or "?" in link or len(link) > 300):
        raise InvalidInput("link must be a path without a query string", field="link")


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: str,
    link: str,
    client: Any = None,
    dedupe_key: str,
    email: bool = False,
    urgent: bool = False,
) -> int:
    if not dedupe_key or len(dedupe_key) > MAX_KEY:
        raise InvalidInput("dedupe_key is required (at most 200 characters)", field="dedupe_key")
    if not title or len(title) > 200:
        raise InvalidInput("title is required (at most 200 characters)", field="title")
    _check_link(link)
    people = {u.pk: u for u in recipients if u is not None}
    if not people:
        return 0
    keys = {pk: f"{dedupe_key}|u{pk}" for pk in people}
    taken = set(
        Notification.objects.filter(dedupe_key__in=keys.values()).values_list(
            "dedupe_key", flat=True
        )
    )
    now = timezone.now()
    written = 0
    for pk, user in people.items():
        if keys[pk] in taken:
            continue
        org_id = user.organisation_id or (client.organisation_id if client is not None else None)
        if org_id is None:
            continue
        try:
            with transaction.atomic():
                Notification.objects.create(
                    recipient=user,
                    organisation_id=org_id,
                    kind=kind[:40],
                    client=client,
                    title=title,
                    link=link,
                    urgent=urgent,
                    created_at=now,
                    group_key=dedupe_key,
                    dedupe_key=keys[pk],
                )
        except IntegrityError:
            continue  # another worker wrote it first
        written += 1
        if email and user.email:
            enqueue_message(
                channel=Channel.EMAIL,
                to_user=user,
                template="staff_alert",
                context={"title": title, "link": link},
                dedupe_key=f"{keys[pk]}|email",
                client=client,
                organisation=user.organisation,
            )
    return written


def enqueue_message(
    *,
    channel: str,
    to_user: Any = None,
    to_address: str | None = None,
    template: str,
    context: dict[str, Any],
    dedupe_key: str,
    send_after: dt.datetime | None = None,
    client: Any = None,
    organisation: Any = None,
) -> OutboundMessage | None:
    if channel not in Channel.values:
        raise InvalidInput(f"unknown channel {channel!r}", field="channel")
    spec = TEMPLATES.get(template)
    if spec is None:
        raise InvalidInput(f"unknown message template {template!r}", field="template")
    extra = set(context) - spec.keys
    if extra:
        raise InvalidInput(
            f"template {template} does not accept {sorted(extra)[0]!r}", field="context"
        )
    if (to_user is None) == (not to_address):
        raise InvalidInput("give exactly one of to_user and to_address", field="to_user")
    if channel == Channel.IN_APP and to_user is None:
        raise InvalidInput("in-app messages go to a user", field="to_user")
    if not dedupe_key or len(dedupe_key) > MAX_KEY:
        raise InvalidInput("dedupe_key is required (at most 200 characters)", field="dedupe_key")
    if send_after is not None and timezone.is_naive(send_after):
        raise InvalidInput("send_after must be time-zone aware", field="send_after")
    if organisation is None:
        organisation = (
            client.organisation if client is not None else getattr(to_user, "organisation", None)
        )
    try:
        # The one write, in its own savepoint: a duplicate key rolls back only this insert, never the
        # caller's transaction.
        with transaction.atomic():
            return OutboundMessage.objects.create(
                organisation=organisation,
                client=client,
                channel=channel,
                to_user=to_user,
                to_address=to_address or "",
                template=template,
                context=context,
                dedupe_key=dedupe_key,
                next_attempt_at=send_after or timezone.now(),
            )
    except IntegrityError:
        return None


def _own_notification(actor: Any, notification_id: int) -> Notification:
    found = (
        Notification.objects.filter(pk=notification_id, recipient=actor)
        .select_related("client")
        .first()
    )
    if found is None:
        raise Http404("Not found")
    return found


@transaction.atomic
def acknowledge(*, actor: Any, notification_id: int) -> Notification:
    """The recipient has seen the alert and is handling it; stops its escalation (clinical-rules.md §7.1)."""
    note = _own_notification(actor, notification_id)
    if note.acknowledged_at is None:
        now = timezone.now()
        Notification.objects.filter(
            group_key=note.group_key,
            organisation_id=note.organisation_id,
            acknowledged_at__isnull=True,
        ).update(acknowledged_at=now, acknowledged_by=actor, read_at=now)
        note.refresh_from_db()
        audit.record(
            actor=actor,
            action="alert.acknowledged",
            client_id=note.client_id,
            organisation_id=note.organisation_id,
            target=note,
        )
    return note


@transaction.atomic
def mark_read(*, actor: Any, notification_id: int) -> Notification:
    note = _own_notification(actor, notification_id)
    if note.read_at is None:
        note.read_at = timezone.now()
        note.save(update_fields=["read_at"])
    return note


@transaction.atomic
def cancel_pending(*, dedupe_prefix: str) -> int:
    """Cancel queued messages whose key starts with the prefix (e.g. a caring-contacts series on opt-out)."""
    if not dedupe_prefix:
        raise InvalidInput("a prefix is required", field="dedupe_prefix")
    return OutboundMessage.objects.filter(
        dedupe_key__startswith=dedupe_prefix, status=Status.PENDING
    ).update(status=Status.CANCELLED, next_attempt_at=None, last_error="cancelled before sending")


def group_acknowledged(group_key: str, organisation_id: int) -> bool:
    """True when any recipient acknowledged the alert written with ``group_key``."""
    return Notification.objects.filter(
        group_key=group_key, organisation_id=organisation_id, acknowledged_at__isnull=False
    ).exists()
