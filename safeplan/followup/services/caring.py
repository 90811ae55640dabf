"""Caring contacts (clinical-rules.md §7.2): start a series, stop it, opt out, and send one due note.

- Schedules are data: a named plan (``rules.CARING_PLANS``: the default weekly ×4, monthly to month 4,
  every 2 months to month 12; or VA-style caring letters), run for 12-24 months, chosen per organisation
  (``followup.caring_schedule``, ``followup.caring_months``) or per series; each note at the organisation's
  send time on the client's clock.
- Every note carries the client's crisis line and emergency number and a one-action opt-out link; the
  opt-out takes effect at once (the series ends, queued notes are cancelled in the same transaction).
- A note more than ``followup.caring_late_hours`` late is moved to the next slot and notes are kept
  ``rules.MIN_GAP_DAYS`` apart: never burst-sent.
- Each note also appears in the client's Safeplan messages, so a reply is a message, screened for crisis
  language like any other (``messaging.send_from_client``): a reply mentioning risk alerts the clinician.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.followup import alerts, rules, selectors
from safeplan.followup import settings as fsettings
from safeplan.followup.models import (
    CaringContact,
    CaringMessageText,
    CaringSeries,
    ContactChannel,
    ContactState,
    Direction,
    Message,
    MessageKind,
    SeriesEnd,
    SeriesReason,
)
from safeplan.followup.optout import opt_out_path
from safeplan.followup.resources import crisis_resources
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.notifications import services as notifications
from safeplan.worker.batch import run_batch

MAX_TEXT = 600


def _clinical(actor: Any, client: Any) -> None:
    if not getattr(actor, "is_clinical", False) or actor.organisation_id != client.organisation_id:
        raise NotAllowed("only clinicians and supervisors manage caring contacts")


@transaction.atomic
def start_series(
    *,
    actor: Any,
    client: Any,
    reason: str,
    channel: str,
    language: str | None = None,
    schedule: str | None = None,
    months: int | None = None,
) -> CaringSeries:
    """Start a series on the organisation's schedule (``followup.caring_schedule``, run for
    ``followup.caring_months``) unless ``schedule``/``months`` choose another named one (12-24 months)."""
    _clinical(actor, client)
    if reason not in SeriesReason.values:
        raise InvalidInput(f"must be one of {', '.join(SeriesReason.values)}", field="reason")
    if channel not in ContactChannel.values:
        raise InvalidInput(f"must be one of {', '.join(ContactChannel.values)}", field="channel")
    if channel == ContactChannel.SMS and not client.phone:
        raise InvalidInput("the client has no mobile number on record", field="channel")
    if channel == ContactChannel.EMAIL and not client.email:
        raise InvalidInput("the client has no email address on record", field="channel")
    if channel == ContactChannel.PORTAL and client.portal_user_id is None:
        raise InvalidInput("the client has no portal login", field="channel")
    language = (language or client.preferred_language or "en").split("-")[0]
    if language not in ("en", "es"):
        raise InvalidInput("must be en or es", field="language")
    plan = str(schedule or fsettings.get(client.organisation, "followup.caring_schedule"))
    length = (
        months
        if months is not None
        else fsettings.get(client.organisation, "followup.caring_months")
    )
    try:
        steps = rules.caring_steps(plan, length)
    except rules.RuleError as exc:
        raise InvalidInput(str(exc), field=exc.field) from exc
    if selectors.active_series(client) is not None:
        raise Conflict("a caring-contacts series is already running", field="reason")
    now = timezone.now()
    tz = rules.zone(client.time_zone)
    try:
        with transaction.atomic():
            series = CaringSeries.objects.create(
                client=client,
                organisation_id=client.organisation_id,
                reason=reason,
                channel=channel,
                language=language,
                schedule=plan,
                months=length,
                started_by=actor,
                started_at=now,
            )
    except IntegrityError as exc:
        raise Conflict("a caring-contacts series is already running", field="reason") from exc
    times = rules.caring_schedule(
        now, tz, send_time=fsettings.caring_send_time(client.organisation), steps=steps
    )
    CaringContact.objects.bulk_create(
        CaringContact(series=series, client=client, sequence=i, planned_for=when, send_at=when)
        for i, when in enumerate(times, start=1)
    )
    audit.record(
        actor=actor,
        action="caring_series.started",
        client=client,
        target=series,
        details={
            "reason": reason,
            "channel": channel,
            "contacts": len(times),
            "schedule": plan,
            "months": length,
        },
    )
    return series


def _end(series: CaringSeries, *, reason: str, actor: Any, now: dt.datetime) -> None:
    CaringSeries.objects.filter(pk=series.pk).update(
        ended_at=now, end_reason=reason, ended_by=actor
    )
    CaringContact.objects.filter(series=series, state=ContactState.SCHEDULED).update(
        state=ContactState.CANCELLED, send_at=None
    )
    notifications.cancel_pending(dedupe_prefix=f"caring:{series.pk}:")
    series.refresh_from_db()


@transaction.atomic
def stop_series(*, actor: Any, client: Any, series_id: int) -> CaringSeries:
    _clinical(actor, client)
    series = CaringSeries.objects.filter(pk=series_id, client_id=client.pk).first()
    if series is None:
        from django.http import Http404

        raise Http404("Not found")
    if series.ended_at is not None:
        raise Conflict("this series has already ended", field="series")
    _end(series, reason=SeriesEnd.STOPPED, actor=actor, now=timezone.now())
    audit.record(actor=actor, action="caring_series.stopped", client=client, target=series)
    return series


@transaction.atomic
def opt_out(*, series: CaringSeries, actor: Any = None, via: str = "link") -> bool:
    """The client stops the series; True when this call stopped it (False: it had already ended)."""
    locked = CaringSeries.objects.select_for_update().filter(pk=series.pk).first()
    if locked is None or locked.ended_at is not None:
        return False
    client = locked.client
    _end(locked, reason=SeriesEnd.OPTED_OUT, actor=actor, now=timezone.now())
    audit.record(
        actor=actor,
        action="caring_series.opted_out",
        client=client,
        target=locked,
        details={"via": via},
    )
    alerts.tell_care_team(
        client,
        kind="caring_opt_out",
        title=f"Caring contacts stopped at the client's request: {alerts.label(client)}",
        link=alerts.client_link(client, "caring/"),
        dedupe_key=f"caring:{locked.pk}:opted-out",
    )
    return True


@transaction.atomic
def set_caring_text(*, actor: Any, language: str, sequence: int, body: str) -> CaringMessageText:
    """An organisation's own wording for one note (admins and supervisors); empty body restores ours."""
    from safeplan.accounts.models import Role

    if actor.role not in (Role.ADMIN, Role.SUPERVISOR) or actor.organisation_id is None:
        raise NotAllowed("only admins and supervisors edit caring-contact wording")
    if language not in ("en", "es"):
        raise InvalidInput("must be en or es", field="language")
    if not 1 <= sequence <= rules.CARING_TEXT_SLOTS:
        raise InvalidInput(f"must be from 1 to {rules.CARING_TEXT_SLOTS}", field="sequence")
    body = (body or "").strip()
    if len(body) > MAX_TEXT:
        raise InvalidInput(f"must be at most {MAX_TEXT} characters", field="body")
    from safeplan.lib.validation import no_control_chars_multiline

    try:
        body = no_control_chars_multiline(body)
    except ValueError as exc:
        raise InvalidInput(str(exc), field="body") from exc
    row, _ = CaringMessageText.objects.update_or_create(
        organisation_id=actor.organisation_id,
        language=language,
        sequence=sequence,
        defaults={"body": body, "updated_by": actor, "updated_at": timezone.now()},
    )
    audit.record(
        actor=actor,
        action="caring_text.changed",
        target=row,
        details={"language": language, "sequence": sequence, "restored": not body},
    )
    return row


def send_one_caring_contact(now: dt.datetime | None = None) -> bool:
    """Worker unit: send (or move, when late) a small batch of the most overdue scheduled notes."""
    now = now or timezone.now()
    due = (
        CaringContact.objects.filter(state=ContactState.SCHEDULED, send_at__lte=now)
        .select_related("series", "client", "client__organisation")
        .defer("client__date_of_birth", "client__preferred_name")
        .order_by("send_at", "pk")
    )
    # The wording of a note, looked up once per (organisation, language, sequence) within this batch
    # (one transaction) rather than once per note.
    texts: dict[tuple[int, str, int], str] = {}
    return run_batch(
        due,
        lambda contact: _send_or_move(contact, now, texts),
        postpone=lambda contact, later: CaringContact.objects.filter(pk=contact.pk).update(
            send_at=later
        ),
        now=now,
    )


def _claim(contact: CaringContact, **changes: Any) -> bool:
    return (
        CaringContact.objects.filter(
            pk=contact.pk, state=ContactState.SCHEDULED, send_at=contact.send_at
        ).update(**changes)
        == 1
    )


def _send_or_move(
    contact: CaringContact, now: dt.datetime, texts: dict[tuple[int, str, int], str] | None = None
) -> None:
    series, client = contact.series, contact.client
    if series.ended_at is not None or client.archived_at is not None:
        _claim(contact, state=ContactState.CANCELLED, send_at=None)
        return
    tz = rules.zone(client.time_zone)
    last_sent = (
        CaringContact.objects.filter(series=series, state=ContactState.SENT)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    # Lateness is measured from the note's current slot (``send_at``): a note already moved once is on
    # time at its new slot.
    when = rules.caring_send_time(
        planned=contact.send_at or contact.planned_for,
        now=now,
        tz=tz,
        send_time=fsettings.caring_send_time(client.organisation),
        late_hours=fsettings.get(client.organisation, "followup.caring_late_hours"),
        last_sent=last_sent,
    )
    if when > now:
        if _claim(contact, send_at=when, rescheduled=contact.rescheduled + 1):
            audit.record(
                actor=None,
                action="caring_contact.rescheduled",
                client=client,
                target=contact,
                details={"sequence": contact.sequence},
            )
        return
    text_key = (
        series.organisation_id,
        series.language,
        selectors.note_slot(series, contact.sequence),
    )
    body = texts.get(text_key) if texts is not None else None
    if body is None:
        body = selectors.note_text(series, contact.sequence)
        if texts is not None:
            texts[text_key] = body
    if not _claim(contact, state=ContactState.SENT, sent_at=now, send_at=None):
        return
    Message.objects.create(
        client=client,
        organisation_id=client.organisation_id,
        direction=Direction.TO_CLIENT,
        kind=MessageKind.CARING_CONTACT,
        author_id=series.started_by_id,  # the id is enough: no query for the user row
        body=body,
        created_at=now,
        caring_contact=contact,
    )
    outbox_id = None
    if series.channel in (ContactChannel.SMS, ContactChannel.EMAIL):
        resources = crisis_resources(client, limit=1)
        line = resources.first_line
        queued = alerts.contact_client(
            client,
            channel=series.channel,
            template="caring_contact",
            context={
                "body": body,
                "crisis_line": {"name": line["name"], "number": line["phone"] or line["sms"]}
                if line
                else {},
                "emergency_number": resources.emergency_number or "",
                "opt_out_url": opt_out_path(series),
                "language": series.language,
            },
            dedupe_key=f"caring:{series.pk}:{contact.sequence}",
        )
        outbox_id = queued.pk if queued is not None else None
    alerts.tell_client(
        client,
        kind="caring_contact",
        title="You have a new message in Safeplan",
        link="/portal/messages/",
        dedupe_key=f"caring:{series.pk}:{contact.sequence}:in-app",
    )
    CaringContact.objects.filter(pk=contact.pk).update(outbox_id=outbox_id)
    if not CaringContact.objects.filter(series=series, state=ContactState.SCHEDULED).exists():
        CaringSeries.objects.filter(pk=series.pk, ended_at__isnull=True).update(
            ended_at=now, end_reason=SeriesEnd.COMPLETED
        )
    audit.record(
        actor=None,
        action="caring_contact.sent",
        client=client,
        target=contact,
        details={"sequence": contact.sequence, "channel": series.channel},
    )
