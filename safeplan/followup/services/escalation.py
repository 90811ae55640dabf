"""The worker's side of check-ins: walk one check-in up the escalation ladder, follow risk changes.

Each function does one unit and returns whether it found work (architecture.md §11). A check-in is
claimed with a conditional UPDATE on (id, state, next_action_at) that must change exactly one row; the
notifications and outbox messages it causes are written in the same transaction, so a crash leaves either
both or neither, and the dedupe keys make a repeat harmless.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.clients.models import Client
from safeplan.followup import alerts, rules
from safeplan.followup import settings as fsettings
from safeplan.followup.models import CheckIn, CheckInState, ReminderChannel, RiskWatch
from safeplan.followup.services import schedules
from safeplan.notifications import services as notifications
from safeplan.risk.selectors import current_risk_flag, flag_changes_after
from safeplan.worker.batch import run_batch
from safeplan.worker.models import Cursor

TIMESTAMP = {
    "remind": "reminded_at",
    "mark_missed": "missed_at",
    "alert_clinician": "clinician_alerted_at",
    "alert_supervisor": "supervisor_alerted_at",
}
# Flag changes younger than this are left for the next pass: a transaction that took an id earlier may not
# have committed yet, and the cursor must not step over it.
RISK_SETTLE_SECONDS = 5
RISK_BATCH = 200


def clinician_group(checkin_id: int) -> str:
    return f"checkin:{checkin_id}:clinician"


def advance_one_checkin(now: dt.datetime | None = None) -> bool:
    """Worker unit: take a small batch of check-ins whose next action is due one step up the ladder."""
    now = now or timezone.now()
    due = (
        CheckIn.objects.filter(next_action_at__lte=now)
        .order_by("next_action_at", "pk")
        .select_related("schedule", "client", "client__organisation")
        # Encrypted columns this step never reads are not fetched (each would be decrypted).
        .defer("answers", "client__date_of_birth", "client__preferred_name")
    )
    return run_batch(
        due,
        lambda checkin: _advance(checkin, now),
        postpone=lambda checkin, later: CheckIn.objects.filter(pk=checkin.pk).update(
            next_action_at=later
        ),
        now=now,
    )


def _claim(checkin: CheckIn, **changes: Any) -> bool:
    return (
        CheckIn.objects.filter(
            pk=checkin.pk, state=checkin.state, next_action_at=checkin.next_action_at
        ).update(**changes)
        == 1
    )


def _advance(checkin: CheckIn, now: dt.datetime) -> None:
    client, schedule = checkin.client, checkin.schedule
    if not schedule.active or client.archived_at is not None:
        if _claim(checkin, state=CheckInState.CANCELLED, next_action_at=None):
            audit.record(actor=None, action="checkin.cancelled", client=client, target=checkin)
        return
    if checkin.outreach_step:
        _outreach_overdue(checkin)
        return
    ladder = fsettings.ladder(client.organisation, checkin.risk_level)
    acknowledged = checkin.state == CheckInState.CLINICIAN_ALERTED and (
        notifications.group_acknowledged(clinician_group(checkin.pk), client.organisation_id)
    )
    step = rules.next_step(
        state=checkin.state,
        due_at=checkin.due_at,
        now=now,
        acknowledged=acknowledged,
        ladder=ladder,
    )
    if step is None:
        # Not yet time (e.g. the due time moved): park it at its next real deadline.
        _claim(checkin, next_action_at=checkin.due_at + ladder.missed_after)
        return
    tz = rules.zone(schedule.time_zone)
    if step.action == "remind":
        # A reminder the worker reaches late must still respect the client's quiet hours.
        allowed = rules.outside_quiet_hours(now, tz, schedule.quiet_start, schedule.quiet_end)
        if allowed > now:
            _claim(checkin, next_action_at=allowed)
            return
    changes: dict[str, Any] = {"state": step.state, "next_action_at": step.next_action_at}
    if step.action in TIMESTAMP:
        changes[TIMESTAMP[step.action]] = now
    if not _claim(checkin, **changes):
        return  # another worker took it
    if step.action == "remind":
        _remind(checkin, schedule.reminder_channel)
    elif step.action == "alert_clinician":
        alerts.tell_care_team(
            client,
            kind="checkin_missed",
            title=f"Check-in missed: {alerts.label(client)}",
            link=alerts.client_link(client, "check-ins/"),
            dedupe_key=clinician_group(checkin.pk),
            urgent=True,
            email=True,
        )
    elif step.action == "alert_supervisor":
        alerts.tell_supervisors(
            client,
            kind="checkin_missed_unacknowledged",
            title=f"Missed check-in not acknowledged: {alerts.label(client)}",
            link=alerts.client_link(client, "check-ins/"),
            dedupe_key=f"checkin:{checkin.pk}:supervisor",
        )
    audit.record(
        actor=None,
        action=f"checkin.{step.state}" if step.action != "stop" else "checkin.escalation_stopped",
        client=client,
        target=checkin,
        details={"step": step.action},
    )


def _outreach_overdue(checkin: CheckIn) -> None:
    """An outreach step (``services.outreach``) not recorded within its deadline: the supervisors again."""
    client = checkin.client
    if not _claim(checkin, next_action_at=None):
        return
    alerts.tell_supervisors(
        client,
        kind="checkin_outreach_overdue",
        title=f"Outreach step not recorded in time: {alerts.label(client)}",
        link=alerts.client_link(client, "check-ins/"),
        dedupe_key=f"checkin:{checkin.pk}:outreach:{checkin.outreach_step}:overdue",
    )
    audit.record(
        actor=None,
        action="checkin.outreach_overdue",
        client=client,
        target=checkin,
        details={"step": checkin.outreach_step},
    )


def _remind(checkin: CheckIn, channel: str) -> None:
    """The client is reminded in Safeplan and, if chosen, by text or email (no clinical content)."""
    client = checkin.client
    alerts.tell_client(
        client,
        kind="checkin_reminder",
        title="You have a check-in waiting",
        link="/portal/check-in/",
        dedupe_key=f"checkin:{checkin.pk}:reminder",
    )
    if channel in (ReminderChannel.SMS, ReminderChannel.EMAIL):
        alerts.contact_client(
            client,
            channel=channel,
            template="client_checkin_reminder",
            context={"link": "/portal/check-in/"},
            dedupe_key=f"checkin:{checkin.pk}:reminder:{channel}",
        )


def track_one_risk_change(now: dt.datetime | None = None) -> bool:
    """Follow the risk app's flag history: keep ``RiskWatch`` current and tighten check-in cadence."""
    now = now or timezone.now()
    cursor, _ = Cursor.objects.get_or_create(name="followup.risk_flags")
    settled = now - dt.timedelta(seconds=RISK_SETTLE_SECONDS)
    batch = flag_changes_after(cursor.position, settled_before=settled, limit=RISK_BATCH)
    if not batch:
        return False
    with transaction.atomic():
        moved = Cursor.objects.filter(pk=cursor.pk, position=cursor.position).update(
            position=batch[-1][0], updated_at=now
        )
        if moved != 1:
            return True  # another worker read this batch
        for client_id in dict.fromkeys(c for _pk, c in batch):
            _refresh_client_risk(client_id, now)
    return True


def _refresh_client_risk(client_id: int, now: dt.datetime) -> None:
    client = Client.objects.select_related("organisation").filter(pk=client_id).first()
    if client is None:
        return
    flag = current_risk_flag(client)
    if flag is None:
        return
    RiskWatch.objects.update_or_create(
        client=client,
        defaults={
            "organisation_id": client.organisation_id,
            "level": flag.level,
            "since": flag.set_at,
            "flag_id": flag.pk,
        },
    )
    # A backstop for the event (``schedules.follow_risk`` is idempotent): the schedule is tightened to the
    # current level's cadence even when the rise reached us only through the flag history.
    schedules.follow_risk(client=client, level=flag.level, flag_id=flag.pk, now=now)
