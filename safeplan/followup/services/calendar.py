"""Writes of a clinician's calendar feed (PRODUCT.md capability 10): create or rotate its secret URL, revoke
it, and record that a calendar app read it. The feed itself is built by ``followup.calendar_feed``.

Only the SHA-256 of the secret is stored; creating a feed again rotates it (the old URL stops working at
once) and deleting it revokes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.followup.models import CalendarFeed
from safeplan.lib.errors import NotAllowed

PREFIX = "/calendar/"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def feed_path(secret: str) -> str:
    return f"{PREFIX}{secret}.ics"


def _require_clinical(actor: Any) -> None:
    if not getattr(actor, "is_clinical", False):
        raise NotAllowed("calendar feeds are for clinicians and supervisors")


@transaction.atomic
def create_or_rotate(*, actor: Any) -> str:
    """A new secret URL for the actor's feed (the previous one stops working). Returns the full URL."""
    _require_clinical(actor)
    secret = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.update_or_create(
        user=actor, defaults={"digest": digest(secret), "created_at": timezone.now()}
    )
    audit.record(
        actor=actor,
        action="calendar_feed.created" if created else "calendar_feed.rotated",
        target=feed,
    )
    return f"{settings.SITE_URL}{feed_path(secret)}"


@transaction.atomic
def revoke(*, actor: Any) -> bool:
    _require_clinical(actor)
    deleted, _ = CalendarFeed.objects.filter(user=actor).delete()
    if deleted:
        audit.record(actor=actor, action="calendar_feed.revoked")
    return bool(deleted)


@transaction.atomic
def record_read(
    *, actor: Any, feed: CalendarFeed, now: dt.datetime, checkins: int, reviews: int
) -> None:
    """The feed's owner's calendar app read it: its last use, and the read of the clients it listed."""
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    audit.record(
        actor=actor,
        action="calendar_feed.read",
        target=feed,
        details={"checkins": checkins, "reviews": reviews},
    )
