"""Demo follow-up data (idempotent; fictional people only).

- a check-in schedule for every demo client (cadence from their risk level);
- DEMO-002's check-in, due three days ago, walked up the whole ladder: reminded → missed → clinician
  alerted → supervisor alerted (its alerts are on the dashboards);
- the first high-risk client's check-in, due five hours ago, climbed the high tier of the ladder within
  hours: clinician alerted 2 h after the due time, supervisor 2 h later, although the clinician's alert was
  acknowledged (issue 12: only reaching the client stops it);
- a caring-contacts series for DEMO-004 (Spanish) started five weeks ago: four weekly notes sent, the
  rest scheduled to month 12;
- Alex (DEMO-001, the portal login) wrote on Saturday evening, outside the agreed hours, and got the
  automatic reply.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from safeplan.followup import rules, selectors
from safeplan.followup import settings as fsettings
from safeplan.followup.models import (
    CaringContact,
    CaringSeries,
    CheckIn,
    CheckInSchedule,
    CheckInState,
    Message,
)
from safeplan.followup.services import caring, escalation, messages, schedules
from safeplan.notifications import services as notifications
from safeplan.notifications.models import Notification
from safeplan.risk.selectors import risk_levels_by_client


def _last_saturday_evening(tz_name: str, now: dt.datetime) -> dt.datetime:
    tz = rules.zone(tz_name)
    local = now.astimezone(tz)
    days_back = (local.weekday() - 5) % 7 or 7
    return rules.local_wall(local.date() - dt.timedelta(days=days_back), dt.time(20, 30), tz)


def _schedules(ctx: Any) -> int:
    made = 0
    for client in ctx.clients:
        if CheckInSchedule.objects.filter(client=client).exists():
            continue
        schedules.set_schedule(actor=ctx.clinician, client=client, changes={})
        made += 1
    return made


def _missed_checkin(ctx: Any, now: dt.datetime) -> None:
    client = ctx.clients[1]
    schedule = CheckInSchedule.objects.get(client=client)
    if CheckIn.objects.filter(schedule=schedule, missed_at__isnull=False).exists():
        return
    tz = rules.zone(schedule.time_zone)
    due = rules.local_wall((now - dt.timedelta(days=3)).astimezone(tz).date(), dt.time(11), tz)
    checkin = selectors.open_checkin(schedule)
    if checkin is None:
        return
    CheckIn.objects.filter(pk=checkin.pk).update(
        due_at=due, next_action_at=due, planned_at=due - dt.timedelta(days=checkin.interval_days)
    )
    missed_after = dt.timedelta(hours=24)
    for when in (due, due + missed_after, due + missed_after, due + 2 * missed_after):
        escalation.advance_one_checkin(when)
    checkin.refresh_from_db()
    ctx.log.append(
        f"followup: {client.record_number}'s check-in was missed and walked up the ladder "
        f"(now {checkin.get_state_display().lower()})"
    )


def _missed_high_risk(ctx: Any, now: dt.datetime) -> None:
    levels = risk_levels_by_client([c.pk for c in ctx.clients])
    client = next((c for c in ctx.clients if levels.get(c.pk) == "high"), None)
    if client is None or client == ctx.clients[1]:
        return
    schedule = CheckInSchedule.objects.get(client=client)
    if CheckIn.objects.filter(schedule=schedule, missed_at__isnull=False).exists():
        return
    checkin = selectors.open_checkin(schedule)
    if checkin is None:
        return
    tier = fsettings.ladder(client.organisation, "high")
    due = now - dt.timedelta(hours=5)
    CheckIn.objects.filter(pk=checkin.pk).update(
        due_at=due,
        next_action_at=due,
        risk_level="high",
        planned_at=due - dt.timedelta(days=checkin.interval_days),
    )
    tz = rules.zone(schedule.time_zone)
    reminder = rules.first_action_at(due, tz, schedule.quiet_start, schedule.quiet_end)
    alerted = due + tier.missed_after
    for when in sorted({due, min(reminder, alerted), alerted}):
        while escalation.advance_one_checkin(when):
            pass
    alert = Notification.objects.filter(
        group_key=escalation.clinician_group(checkin.pk), acknowledged_at__isnull=True
    ).first()
    if alert is not None:
        notifications.acknowledge(actor=alert.recipient, notification_id=alert.pk)
    escalation.advance_one_checkin(alerted + tier.supervisor_after)
    checkin.refresh_from_db()
    ctx.log.append(
        f"followup: {client.record_number} (high risk) missed a check-in 5 hours ago and climbed the "
        f"tiered ladder (now {checkin.get_state_display().lower()})"
    )


def _caring(ctx: Any, now: dt.datetime) -> None:
    client = ctx.clients[3]
    if CaringSeries.objects.filter(client=client).exists():
        return
    series = caring.start_series(
        actor=ctx.clinician, client=client, reason="crisis", channel="sms", language="es"
    )
    started = now - dt.timedelta(days=36)
    tz = rules.zone(client.time_zone)
    times = rules.caring_schedule(started, tz)
    CaringSeries.objects.filter(pk=series.pk).update(started_at=started)
    for contact, when in zip(series.contacts.order_by("sequence"), times, strict=True):
        CaringContact.objects.filter(pk=contact.pk).update(planned_for=when, send_at=when)
    for contact in series.contacts.order_by("sequence"):
        if contact.planned_for > now:
            break
        caring.send_one_caring_contact(contact.planned_for)
    sent = series.contacts.filter(state="sent").count()
    ctx.log.append(
        f"followup: caring contacts for {client.record_number}: {sent} sent, "
        f"{series.contacts.count() - sent} scheduled to month 12"
    )


def _messages(ctx: Any, now: dt.datetime) -> None:
    client = ctx.portal_client
    if Message.objects.filter(client=client).exists() or client.portal_user is None:
        return
    agreement_tz = client.time_zone
    from safeplan.telehealth.selectors import current_boundaries

    agreement = current_boundaries(client)
    if agreement is not None:
        agreement_tz = agreement.clinician_time_zone
    sent = messages.send_from_client(
        actor=client.portal_user,
        client=client,
        body="Hard evening. I used the breathing exercise from my plan and it helped a bit.",
        at=_last_saturday_evening(agreement_tz, now),
    )
    ctx.log.append(
        f"followup: {client.record_number} wrote after hours"
        + (" and got the automatic reply" if sent.auto_reply else "")
    )


def seed(ctx: Any) -> None:
    now = timezone.now()
    made = _schedules(ctx)
    if made:
        ctx.log.append(f"followup: check-in schedules for {made} clients")
    # The dashboard's copy of each client's risk level (the worker keeps it current from here on).
    while escalation.track_one_risk_change(
        now + dt.timedelta(seconds=escalation.RISK_SETTLE_SECONDS + 1)
    ):
        pass
    _missed_checkin(ctx, now)
    _missed_high_risk(ctx, now)
    _caring(ctx, now)
    _messages(ctx, now)
    assert CheckIn.objects.filter(state=CheckInState.DUE).exists()
