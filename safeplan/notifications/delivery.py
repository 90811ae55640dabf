"""Delivering the outbox: claim one due message, send it outside any transaction, record the outcome.

The claim is a conditional UPDATE (pending → sending) that must change exactly one row, so any number of
workers can run on SQLite or PostgreSQL and each message is sent by one of them (architecture.md §11,
healthchecks' ``sendalerts``). On PostgreSQL the candidate is picked with ``SELECT … FOR UPDATE SKIP
LOCKED`` so workers do not queue behind one row. A message whose worker stopped mid-send (claimed longer
than ``LEASE_SECONDS``) is put back; emails keep the same Message-ID and Twilio the same idempotency token,
so the receiving side can recognise a repeat.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.notifications import rules
from safeplan.notifications.content import TEMPLATES, render
from safeplan.notifications.models import Channel, OutboundMessage, Status
from safeplan.notifications.transports import (
    EmailTransport,
    InAppTransport,
    Outgoing,
    TransportError,
    sms_transport,
)

log = logging.getLogger("safeplan.outbox")
# Messages claimed per unit of work: large enough to spread the claim's cost, small enough that a
# SIGTERM (which lets the unit finish) is honoured within seconds even on a slow mail server.
BATCH = 20


def _due(now: dt.datetime) -> Any:
    return OutboundMessage.objects.filter(status=Status.PENDING, next_attempt_at__lte=now).order_by(
        "next_attempt_at", "pk"
    )


def claim_batch(now: dt.datetime | None = None, *, limit: int = BATCH) -> list[OutboundMessage]:
    """Claim up to ``limit`` of the most overdue pending messages (pending → sending, one token).

    One conditional UPDATE over the candidates' ids; only rows still pending change, so a message another
    worker claimed in between is simply not in the result. On PostgreSQL the candidates are locked with
    ``SKIP LOCKED`` so concurrent workers take different rows instead of waiting.
    """
    now = now or timezone.now()
    token = secrets.token_hex(8)
    with transaction.atomic():
        due = _due(now)
        if connection.vendor == "postgresql":
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:limit])
        if not ids:
            return []
        OutboundMessage.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=Status.SENDING,
            claimed_at=now,
            claim_token=token,
            attempts=F("attempts") + 1,
            next_attempt_at=None,
        )
    return list(
        OutboundMessage.objects.filter(pk__in=ids, claim_token=token, status=Status.SENDING)
        .select_related("to_user")
        .order_by("pk")
    )


def claim_one(now: dt.datetime | None = None) -> OutboundMessage | None:
    """Claim the most overdue pending message, or None when nothing is due."""
    claimed = claim_batch(now, limit=1)
    return claimed[0] if claimed else None


def _address(message: OutboundMessage) -> str:
    if message.to_address:
        return message.to_address
    user = message.to_user
    if user is None:
        return ""
    if message.channel == Channel.EMAIL:
        return user.email or ""
    if message.channel == Channel.SMS:
        return user.phone or ""
    return ""


def send(message: OutboundMessage) -> None:
    """Render and hand the message to its transport. Raises ``TransportError``."""
    if message.template not in TEMPLATES:
        raise TransportError("unknown-template", permanent=True)
    rendered = render(message.template, message.context or {})
    if message.channel == Channel.IN_APP:
        InAppTransport().deliver(message, rendered.subject)
        return
    to = _address(message)
    if not to:
        raise TransportError(f"{message.channel}-no-address", permanent=True)
    outgoing = Outgoing(
        to=to, subject=rendered.subject, text=rendered.text, message_key=message.dedupe_key
    )
    if message.channel == Channel.EMAIL:
        EmailTransport().send(outgoing)
    else:
        sms_transport().send(outgoing)


def _finish(message: OutboundMessage, **changes: Any) -> bool:
    return (
        OutboundMessage.objects.filter(
            pk=message.pk, status=Status.SENDING, claim_token=message.claim_token
        ).update(**changes)
        == 1
    )


def _record(message: OutboundMessage, action: str, **details: Any) -> None:
    audit.record(
        actor=None,
        action=action,
        client_id=message.client_id,
        organisation_id=message.organisation_id,
        target_type="outboundmessage",
        target_id=message.pk,
        details={"channel": message.channel, "template": message.template, **details},
    )


def deliver(message: OutboundMessage) -> None:
    """Send one claimed message and record the outcome (sent, retry later, or failed)."""
    try:
        send(message)  # network I/O: outside any transaction
    except TransportError as exc:
        _failed(message, exc)
        return
    except Exception as exc:  # a bug must not lose the message: retry later and say so
        log.exception("outbox message %s raised %s", message.pk, type(exc).__name__)
        _failed(message, TransportError(f"error-{type(exc).__name__}", permanent=False))
        return
    # One autocommitted UPDATE. The decision to send was audited where it was taken (check-in reminded,
    # caring contact sent, message written); the row itself keeps when it went out. Failures are audited.
    _finish(message, status=Status.SENT, sent_at=timezone.now(), last_error="", claimed_at=None)


def deliver_one(now: dt.datetime | None = None) -> bool:
    """Deliver the most overdue message; True when one was claimed (sent or not)."""
    message = claim_one(now)
    if message is None:
        return False
    deliver(message)
    return True


def deliver_batch(now: dt.datetime | None = None, *, limit: int = BATCH) -> bool:
    """One unit of work for the worker: claim a small batch, then send and record each in turn.

    Each message is finished in its own small transaction right after its send, so if the worker dies
    only the message in flight can be sent again (after the lease); the rest of the batch was never sent
    and is simply put back.
    """
    batch = claim_batch(now, limit=limit)
    for message in batch:
        deliver(message)
    return bool(batch)


def _failed(message: OutboundMessage, exc: TransportError) -> None:
    now = timezone.now()
    give_up = exc.permanent or rules.gives_up(message.attempts)
    with transaction.atomic():
        if give_up:
            done = _finish(
                message,
                status=Status.FAILED,
                claimed_at=None,
                last_error=exc.code,
                permanent_failure=exc.permanent,
            )
            if done:
                _record(message, "message.failed", permanent=exc.permanent, code=exc.code[:64])
                _tell_admins(message)
        else:
            _finish(
                message,
                status=Status.PENDING,
                claimed_at=None,
                last_error=exc.code,
                next_attempt_at=rules.next_attempt(now, message.attempts),
                claim_token="",
            )
    log.warning(
        "outbox message %s attempt %s failed: %s (%s)",
        message.pk,
        message.attempts,
        exc.code,
        "permanent" if exc.permanent else "will retry",
    )


def _tell_admins(message: OutboundMessage) -> None:
    """A message that will not be delivered is shown to the organisation's admins (no content, ids only)."""
    from safeplan.accounts.models import Role, User
    from safeplan.notifications import services

    if message.organisation_id is None:
        return
    admins = User.objects.filter(
        organisation_id=message.organisation_id, role=Role.ADMIN, is_active=True
    )
    services.notify(
        recipients=admins,
        kind="delivery_failed",
        title=f"A {message.get_channel_display().lower()} message could not be delivered "
        f"(message {message.pk})",
        link="/notifications/",
        dedupe_key=f"outbox:{message.pk}:failed",
        urgent=True,
    )


def recover_one_stale(now: dt.datetime | None = None) -> bool:
    """Put back one message whose worker stopped while sending it (claimed longer than the lease)."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=rules.LEASE_SECONDS)
    stale = (
        OutboundMessage.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff)
        .order_by("claimed_at")
        .values_list("pk", "claim_token")
        .first()
    )
    if stale is None:
        return False
    OutboundMessage.objects.filter(pk=stale[0], status=Status.SENDING, claim_token=stale[1]).update(
        status=Status.PENDING,
        claim_token="",
        claimed_at=None,
        next_attempt_at=now,
        last_error="worker-stopped",
    )
    return True
