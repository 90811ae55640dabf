"""Check-in schedules and check-ins: every write (PRODUCT.md capability 9; clinical-rules.md §2.4).

One transaction per call with its audit entry; nothing is written on bad input (``InvalidInput`` names the
field). The escalation of a missed check-in is the worker's (``services.escalation``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.followup import alerts, crisis_language, rules
from safeplan.followup import settings as fsettings
from safeplan.followup.models import (
    CheckIn,
    CheckInChannel,
    CheckInSchedule,
    CheckInState,
    IntervalConfirmation,
    ReminderChannel,
)
from safeplan.followup.selectors import open_checkin
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.lib.validation import check_time_zone, clean_text
from safeplan.risk import services as risk_services
from safeplan.risk.rules.scoring import SELF_REPORT
from safeplan.risk.selectors import current_risk_flag, current_risk_level, requests_for

SCHEDULE_FIELDS = (
    "interval_days",
    "reminder_channel",
    "time_zone",
    "quiet_start",
    "quiet_end",
    "screener",
    "active",
    "interval_reason",
)
REASON_LIMIT = 500
UNSET: Any = object()


def _require_clinical(actor: Any, client: Any) -> None:
    if not getattr(actor, "is_clinical", False) or actor.organisation_id != client.organisation_id:
        raise NotAllowed("only clinicians and supervisors manage check-ins")


def _current_level(client: Any) -> str:
    return current_risk_level(client)


def interval_for(schedule: CheckInSchedule, client: Any) -> tuple[int, str]:
    """(days, risk level): the clinician's fixed interval, or the organisation's cadence for the level."""
    level = _current_level(client)
    if schedule.interval_days:
        return schedule.interval_days, level
    return fsettings.cadence(client.organisation, level), level


def _parse_time(value: Any, field: str) -> dt.time | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    try:
        return dt.time.fromisoformat(str(value)).replace(second=0, microsecond=0)
    except ValueError as exc:
        raise InvalidInput("must be a time like 21:00", field=field) from exc


def _clean_schedule(changes: dict[str, Any], schedule: CheckInSchedule) -> dict[str, Any]:
    unknown = set(changes) - set(SCHEDULE_FIELDS)
    if unknown:
        name = sorted(unknown)[0]
        raise InvalidInput(f"unknown field {name}", field=name)
    clean: dict[str, Any] = {}
    if "interval_days" in changes:
        value = changes["interval_days"]
        if value is None:
            clean["interval_days"] = None
        else:
            try:
                clean["interval_days"] = rules.check_interval(value)
            except rules.RuleError as exc:
                raise InvalidInput(str(exc), field=exc.field) from exc
    if "reminder_channel" in changes:
        if changes["reminder_channel"] not in ReminderChannel.values:
            raise InvalidInput(
                f"must be one of {', '.join(ReminderChannel.values)}", field="reminder_channel"
            )
        clean["reminder_channel"] = changes["reminder_channel"]
    if "time_zone" in changes:
        try:
            clean["time_zone"] = check_time_zone(str(changes["time_zone"]))
        except ValueError as exc:
            raise InvalidInput(str(exc), field="time_zone") from exc
    for name in ("quiet_start", "quiet_end"):
        if name in changes:
            clean[name] = _parse_time(changes[name], name)
    start = clean.get("quiet_start", schedule.quiet_start)
    end = clean.get("quiet_end", schedule.quiet_end)
    try:
        rules.check_quiet_hours(start, end)
    except rules.RuleError as exc:
        raise InvalidInput(str(exc), field=exc.field) from exc
    if "screener" in changes:
        screener = changes["screener"] or ""
        if screener and screener not in SELF_REPORT:
            raise InvalidInput(
                f"must be one of {', '.join(SELF_REPORT)} or empty", field="screener"
            )
        clean["screener"] = screener
    if "active" in changes:
        if not isinstance(changes["active"], bool):
            raise InvalidInput("must be true or false", field="active")
        clean["active"] = changes["active"]
    if "interval_reason" in changes:
        clean["interval_reason"] = clean_text(
            changes["interval_reason"], field="interval_reason", limit=REASON_LIMIT, multiline=True
        )
    return clean


def _longer_than_cadence(
    schedule: CheckInSchedule, client: Any, clean: dict[str, Any], reason: Any, actor: Any
) -> IntervalConfirmation | None:
    """A fixed interval longer than the cadence of the client's current level needs the clinician's
    reason (issue 12), unless they already confirmed this interval since the last rise. Returns the
    confirmation to record (unsaved), or None when none is needed; 422 on ``interval_reason`` when the
    reason is missing."""
    days = clean.get("interval_days")
    if days is None:
        return None
    flag = current_risk_flag(client)
    level, flag_id = (flag.level, flag.pk) if flag is not None else ("none", 0)
    cap = fsettings.cadence(client.organisation, level)
    if days <= cap:
        return None
    if (
        schedule.pk is not None
        and IntervalConfirmation.objects.filter(
            schedule=schedule, flag_id__gte=flag_id, interval_days=days
        ).exists()
    ):
        return None
    text = clean_text(
        reason, field="interval_reason", limit=REASON_LIMIT, multiline=True, required=False
    )
    if not text:
        raise InvalidInput(
            f"every {days} days is longer than the {cap}-day cadence for {level} risk: "
            "give your reason to keep it",
            field="interval_reason",
        )
    return IntervalConfirmation(
        client=client,
        flag_id=flag_id,
        level=level,
        interval_days=days,
        cadence_days=cap,
        reason=text,
        confirmed_by=actor,
    )


def open_next(schedule: CheckInSchedule, client: Any, base: dt.datetime) -> CheckIn:
    """Create the next expected check-in, ``interval`` days after ``base`` on the client's clock."""
    days, level = interval_for(schedule, client)
    tz = rules.zone(schedule.time_zone)
    due = rules.add_days_local(base, days, tz)
    return CheckIn.objects.create(
        schedule=schedule,
        client=client,
        organisation_id=client.organisation_id,
        due_at=due,
        next_action_at=rules.first_action_at(due, tz, schedule.quiet_start, schedule.quiet_end),
        planned_at=base,
        interval_days=days,
        risk_level=level,
    )


def retime(checkin: CheckIn, schedule: CheckInSchedule, client: Any, *, now: dt.datetime) -> bool:
    """Move a not-yet-reminded check-in to the current interval from when it was planned; True if moved.

    Used when the clinician changes the interval and when the risk level rises (the worker), so a client
    flagged high is not left waiting for a check-in planned at the old cadence.
    """
    if checkin.state != CheckInState.DUE:
        return False
    days, level = interval_for(schedule, client)
    tz = rules.zone(schedule.time_zone)
    due = max(rules.add_days_local(checkin.planned_at, days, tz), now)
    if due == checkin.due_at and days == checkin.interval_days:
        return False
    moved = CheckIn.objects.filter(pk=checkin.pk, state=CheckInState.DUE).update(
        due_at=due,
        next_action_at=rules.first_action_at(due, tz, schedule.quiet_start, schedule.quiet_end),
        interval_days=days,
        risk_level=level,
    )
    return moved == 1


def _sync_screener(actor: Any, client: Any, schedule: CheckInSchedule, previous: str) -> None:
    """An attached screener is a repeating request to the client (risk app), due with the check-ins."""
    open_requests = requests_for(client, open_only=True)
    if previous and previous != schedule.screener:
        for request in open_requests:
            if request.instrument == previous:
                risk_services.cancel_request(actor=actor, request=request)
    if schedule.screener and schedule.screener != previous:
        days, _level = interval_for(schedule, client)
        already = any(r.instrument == schedule.screener for r in open_requests)
        if not already:
            risk_services.request_assessment(
                actor=actor, client=client, instrument=schedule.screener, repeat_every_days=days
            )


@transaction.atomic
def set_schedule(*, actor: Any, client: Any, changes: dict[str, Any]) -> CheckInSchedule:
    """Create or change a client's check-in schedule; opens the first check-in when it becomes active."""
    _require_clinical(actor, client)
    now = timezone.now()
    schedule = CheckInSchedule.objects.select_for_update().filter(client=client).first()
    created = schedule is None
    if schedule is None:
        schedule = CheckInSchedule(
            client=client,
            organisation_id=client.organisation_id,
            time_zone=client.time_zone,
            created_by=actor,
            reminder_channel=ReminderChannel.SMS if client.phone else ReminderChannel.EMAIL,
        )
        if not client.phone and not client.email:
            schedule.reminder_channel = ReminderChannel.NONE
    previous_screener = schedule.screener
    clean = _clean_schedule(changes, schedule)
    clean.pop("interval_reason", None)
    longer = _longer_than_cadence(schedule, client, clean, changes.get("interval_reason"), actor)
    for name, value in clean.items():
        setattr(schedule, name, value)
    if "interval_days" in clean:
        schedule.tightened_from = None
        schedule.tightened_at = None
    if created:
        try:
            rules.zone(schedule.time_zone)
        except rules.RuleError as exc:
            raise InvalidInput(str(exc), field="time_zone") from exc
    schedule.updated_at = now
    schedule.save()
    if longer is not None:
        longer.schedule = schedule
        longer.save()
        audit.record(
            actor=actor,
            action="checkin_schedule.longer_interval_confirmed",
            client=client,
            target=schedule,
            details={
                "level": longer.level,
                "interval_days": longer.interval_days,
                "cadence_days": longer.cadence_days,
            },
        )
    current = open_checkin(schedule)
    if schedule.active and current is None:
        open_next(schedule, client, now)
    elif not schedule.active and current is not None:
        CheckIn.objects.filter(pk=current.pk).update(
            state=CheckInState.CANCELLED, next_action_at=None
        )
    elif current is not None and {"interval_days", "time_zone", "quiet_start", "quiet_end"} & set(
        clean
    ):
        retime(current, schedule, client, now=now)
    if "screener" in clean:
        _sync_screener(actor, client, schedule, previous_screener)
    audit.record(
        actor=actor,
        action="checkin_schedule.created" if created else "checkin_schedule.changed",
        client=client,
        target=schedule,
        details={"fields": sorted(clean), "active": schedule.active},
    )
    return schedule


def _risk_in_answers(client: Any, answers: dict[str, Any]) -> list[str]:
    reasons = rules.risk_reasons(answers, urge_alert=fsettings.urge_alert(client.organisation))
    matches = crisis_language.screen(answers.get("changes") or "")
    if matches:
        reasons.append("crisis_language")
    return reasons


@transaction.atomic
def complete_checkin(*, actor: Any, client: Any, answers: dict[str, Any]) -> CheckIn:
    """The client answers in the portal, or the clinician records a check-in done by phone.

    Answers that indicate risk (not safe now, strong urges, crisis language in the notes) alert the care
    team at once; the caller shows the client their crisis resources (issue 7 "Check-ins").
    """
    if actor.is_client:
        if client.portal_user_id != actor.pk:
            raise NotAllowed("clients answer only their own check-ins")
        channel = CheckInChannel.PORTAL
    else:
        _require_clinical(actor, client)
        channel = CheckInChannel.PHONE
    try:
        clean = rules.check_answers(answers)
    except rules.RuleError as exc:
        raise InvalidInput(str(exc), field=f"answers.{exc.field}") from exc
    schedule = CheckInSchedule.objects.select_for_update().filter(client=client).first()
    if schedule is None or not schedule.active:
        if actor.is_client:
            raise Conflict("no check-in is scheduled", field="schedule")
        schedule = set_schedule(actor=actor, client=client, changes={"active": True})
    now = timezone.now()
    checkin = open_checkin(schedule)
    if checkin is None:
        checkin = open_next(schedule, client, now)
    reasons = _risk_in_answers(client, clean)
    checkin.state = CheckInState.COMPLETED
    checkin.next_action_at = None
    checkin.completed_at = now
    checkin.completed_by = actor
    checkin.channel = channel
    checkin.answers = clean
    checkin.risk_indicated = bool(reasons)
    checkin.risk_reasons = reasons
    checkin.save()
    open_next(schedule, client, now)
    if reasons:
        alerts.tell_care_team(
            client,
            kind="checkin_risk",
            title=f"Check-in answers need attention: {alerts.label(client)}",
            link=alerts.client_link(client, "check-ins/"),
            dedupe_key=f"checkin:{checkin.pk}:risk",
            urgent=True,
            email=True,
        )
    audit.record(
        actor=actor,
        action="checkin.completed",
        client=client,
        target=checkin,
        details={"channel": channel, "risk": bool(reasons), "reasons": reasons},
    )
    return checkin


@transaction.atomic
def follow_risk(
    *, client: Any, level: str, flag_id: int, actor: Any = None, now: dt.datetime | None = None
) -> bool:
    """The client's risk level rose to ``level`` (flag change ``flag_id``): tighten the schedule at once.

    A fixed interval longer than the new level's cadence becomes that cadence (the old one is kept in
    ``tightened_from`` for the clinician, who may restore it only with a reason: ``set_schedule``), unless
    it was confirmed against this flag or a later one; the open check-in moves to the tighter interval.
    Never loosens anything: a lower level changes nothing here. Returns whether anything changed.
    """
    now = now or timezone.now()
    schedule = CheckInSchedule.objects.select_for_update().filter(client_id=client.pk).first()
    if schedule is None:
        return False
    cap = fsettings.cadence(client.organisation, level)
    old = schedule.interval_days
    confirmed = (
        old is not None
        and old > cap
        and IntervalConfirmation.objects.filter(schedule=schedule, flag_id__gte=flag_id).exists()
    )
    new = rules.tightened_interval(old, cap, confirmed=confirmed)
    changed = False
    if new != old:
        schedule.tightened_from = old
        schedule.tightened_at = now
        schedule.interval_days = new
        schedule.updated_at = now
        schedule.save(
            update_fields=["interval_days", "tightened_from", "tightened_at", "updated_at"]
        )
        audit.record(
            actor=actor,
            action="checkin_schedule.tightened",
            client=client,
            target=schedule,
            details={"level": level, "interval_days": new, "was": old, "flag": flag_id},
        )
        changed = True
    current = open_checkin(schedule) if schedule.active else None
    if current is not None and current.state != CheckInState.DUE:
        changed = _escalate_tier(current, client, level, now) or changed
    tighter = current is not None and interval_for(schedule, client)[0] < current.interval_days
    if current is not None and tighter and retime(current, schedule, client, now=now):
        current.refresh_from_db(fields=["interval_days"])
        audit.record(
            actor=actor,
            action="checkin.retimed",
            client=client,
            target=current,
            details={"level": level, "interval_days": current.interval_days},
        )
        changed = True
    return changed


def _escalate_tier(checkin: CheckIn, client: Any, level: str, now: dt.datetime) -> bool:
    """An overdue check-in whose client's level rose climbs on the new level's (faster) tier from now on."""
    rank = rules.LEVELS.index
    if level not in rules.LEVELS or (
        checkin.risk_level in rules.LEVELS and rank(level) <= rank(checkin.risk_level)
    ):
        return False
    tier = fsettings.ladder(client.organisation, level)
    updates: dict[str, Any] = {"risk_level": level}
    sooner = None
    if checkin.state == CheckInState.REMINDED:
        sooner = checkin.due_at + tier.missed_after
    elif checkin.state == CheckInState.CLINICIAN_ALERTED and checkin.clinician_alerted_at:
        sooner = checkin.clinician_alerted_at + tier.supervisor_after
    if (
        sooner is not None
        and checkin.next_action_at is not None
        and sooner < checkin.next_action_at
    ):
        updates["next_action_at"] = max(sooner, now)
    moved = CheckIn.objects.filter(pk=checkin.pk, state=checkin.state).update(**updates)
    if moved:
        audit.record(
            actor=None,
            action="checkin.tier_raised",
            client=client,
            target=checkin,
            details={"level": level, "sooner": "next_action_at" in updates},
        )
    return bool(moved)
