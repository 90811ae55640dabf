"""A clinician's calendar feed (iCalendar) of upcoming check-ins and plan reviews (PRODUCT.md capability 10).

Calendar apps cannot log in, so the feed is authenticated by a secret URL: ``/calendar/<secret>.ics``
(created, rotated and revoked by ``services.calendar``, which also records each read). The feed carries no
client names: record numbers and initials only, and links made of ids. It covers the clients on the clinician's care teams.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from safeplan.clients.models import CareTeamMember, Client
from safeplan.followup.models import OPEN_STATES, CalendarFeed, CheckIn
from safeplan.followup.services import calendar as calendar_services

HORIZON_DAYS = 90


def feed_for_secret(secret: str) -> CalendarFeed | None:
    if not secret or len(secret) > 100:
        return None
    return (
        CalendarFeed.objects.select_related("user", "user__organisation")
        .filter(digest=calendar_services.digest(secret), user__is_active=True)
        .first()
    )


def _label(client: Client) -> str:
    return f"{client.record_number} ({client.initials})"


def render_feed(feed: CalendarFeed, *, now: dt.datetime | None = None) -> bytes:
    """The iCalendar body for the feed's owner (audited as a read of each client listed)."""
    from safeplan.plans import selectors as plans

    now = now or timezone.now()
    user = feed.user
    until = now + dt.timedelta(days=HORIZON_DAYS)
    client_ids = list(
        CareTeamMember.objects.filter(
            clinician_id=user.pk, client__archived_at__isnull=True
        ).values_list("client_id", flat=True)
    )
    cal = Calendar()
    cal.add("prodid", "-//Safeplan//Check-ins and plan reviews//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "Safeplan: check-ins and plan reviews")
    checkins = list(
        CheckIn.objects.filter(
            client_id__in=client_ids,
            state__in=OPEN_STATES,
            due_at__lt=until,
            due_at__gte=now - dt.timedelta(days=7),
        )
        .select_related("client")
        .order_by("due_at")
    )
    for checkin in checkins:
        event = Event()
        event.add("uid", f"checkin-{checkin.pk}@safeplan")
        event.add("summary", f"Check-in due: {_label(checkin.client)}")
        event.add("dtstart", checkin.due_at)
        event.add("dtend", checkin.due_at + dt.timedelta(minutes=15))
        event.add("dtstamp", now)
        event.add("url", f"{settings.SITE_URL}/clients/{checkin.client_id}/check-ins/")
        cal.add_component(event)
    today = now.date()
    reviews = plans.review_due_by_client(client_ids)
    clients = Client.objects.in_bulk([cid for cid, due in reviews.items() if due < until.date()])
    for client_id, due in sorted(reviews.items(), key=lambda item: item[1]):
        if client_id not in clients or due > until.date():
            continue
        event = Event()
        event.add("uid", f"plan-review-{client_id}-{due.isoformat()}@safeplan")
        overdue = " (overdue)" if due < today else ""
        event.add("summary", f"Safety plan review{overdue}: {_label(clients[client_id])}")
        event.add("dtstart", due)
        event.add("dtend", due + dt.timedelta(days=1))
        event.add("dtstamp", now)
        event.add("url", f"{settings.SITE_URL}/clients/{client_id}/plan/")
        cal.add_component(event)
    calendar_services.record_read(
        actor=user, feed=feed, now=now, checkins=len(checkins), reviews=len(clients)
    )
    return bytes(cal.to_ical())
