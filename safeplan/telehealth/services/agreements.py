"""The technology backup plan (clinical-rules.md §1.1 item 5, §9) and the boundaries agreement (§1.4).

Saving either writes a new version and marks the previous one superseded (what was agreed stays on record).
The backup plan's timers default to the organisation's settings (``org_setting``), themselves defaulting to
§9's examples: retry video 60 s, call the backup phone within 2 minutes (T1), escalate at 10 minutes when
the client was at risk (T2).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlparse

from django.db import transaction
from django.utils import timezone

from safeplan.accounts.models import Role, User
from safeplan.accounts.policy import org_setting
from safeplan.audit import services as audit
from safeplan.clients.models import Client
from safeplan.lib import times
from safeplan.lib.errors import InvalidInput
from safeplan.telehealth import rules
from safeplan.telehealth.models import (
    BoundariesAgreement,
    Channel,
    TechnologyBackupPlan,
    WhoCalls,
)
from safeplan.telehealth.models.agreements import (
    DEFAULT_CALL_BACKUP_WITHIN_SECONDS,
    DEFAULT_ESCALATE_WHEN_AT_RISK_AFTER_SECONDS,
    DEFAULT_RETRY_VIDEO_SECONDS,
)
from safeplan.telehealth.services.common import (
    Problems,
    long_text,
    phone,
    require_clinical,
    text,
)

TIMERS = (
    "retry_video_seconds",
    "call_backup_within_seconds",
    "escalate_when_at_risk_after_seconds",
)


def timer_defaults(organisation: Any) -> dict[str, int]:
    """The organisation's default timers ([C] values, §9)."""
    return {
        "retry_video_seconds": org_setting(
            organisation, "telehealth.retry_video_seconds", DEFAULT_RETRY_VIDEO_SECONDS
        ),
        "call_backup_within_seconds": org_setting(
            organisation,
            "telehealth.call_backup_within_seconds",
            DEFAULT_CALL_BACKUP_WITHIN_SECONDS,
        ),
        "escalate_when_at_risk_after_seconds": org_setting(
            organisation,
            "telehealth.escalate_when_at_risk_after_seconds",
            DEFAULT_ESCALATE_WHEN_AT_RISK_AFTER_SECONDS,
        ),
    }


def _link(value: Any) -> str:
    link = text(value, "backup_link", limit=500)
    if not link:
        return ""
    parsed = urlparse(link)
    if parsed.scheme not in ("https", "http") or not parsed.netloc:
        raise InvalidInput(
            "backup_link must be a web address starting with https://", field="backup_link"
        )
    return link


@transaction.atomic
def save_backup_plan(*, actor: User, client: Client, data: dict[str, Any]) -> TechnologyBackupPlan:
    """Record the plan for a dropped connection (§9); timers left out take the organisation's defaults."""
    require_clinical(actor)
    problems: list[tuple[str, str]] = []
    values: dict[str, Any] = {}
    checks = {
        "backup_phone": lambda v: phone(v, "backup_phone", client.country),
        "backup_platform": lambda v: text(v, "backup_platform"),
        "backup_link": _link,
        "clinic_phone": lambda v: phone(
            v, "clinic_phone", client.organisation.country, required=False
        ),
        "if_cannot_reconnect": lambda v: long_text(
            v, "if_cannot_reconnect", required=True, limit=1000
        ),
    }
    for name, check in checks.items():
        try:
            values[name] = check(data.get(name))
        except InvalidInput as exc:
            problems.append((exc.field or name, exc.message))
    who = data.get("who_calls_whom") or WhoCalls.CLINICIAN_CALLS_CLIENT
    if who not in WhoCalls.values:
        problems.append(
            ("who_calls_whom", "must be clinician_calls_client or client_calls_clinician")
        )
    values["who_calls_whom"] = who
    defaults = timer_defaults(client.organisation)
    for name in TIMERS:
        raw = data.get(name)
        if raw in (None, ""):
            values[name] = defaults[name]
            continue
        try:
            values[name] = int(raw)
        except (TypeError, ValueError):
            problems.append((name, "must be a whole number of seconds"))
    if not problems:
        problems += rules.backup_timer_problems(**{name: values[name] for name in TIMERS})
    if problems:
        raise Problems(problems)
    now = timezone.now()
    TechnologyBackupPlan.objects.filter(client=client, superseded_at__isnull=True).update(
        superseded_at=now
    )
    plan = TechnologyBackupPlan.objects.create(
        client=client, created_by=actor, created_at=now, **values
    )
    audit.record(
        actor=actor,
        action="telehealth.backup_plan_saved",
        client=client,
        target=plan,
        details={name: values[name] for name in TIMERS},
    )
    return plan


def _channels(value: Any) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    if not isinstance(value, list) or not value:
        return [], [("channels", "list at least one channel with its promised response time")]
    problems: list[tuple[str, str]] = []
    cleaned: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        channel = item.get("channel") if isinstance(item, dict) else None
        hours = item.get("response_hours") if isinstance(item, dict) else None
        if channel not in Channel.values:
            problems.append((f"channels.{i}.channel", "is not a known channel"))
            continue
        if channel in seen:
            problems.append((f"channels.{i}.channel", "is listed twice"))
            continue
        seen.add(channel)
        if not isinstance(hours, int) or isinstance(hours, bool) or not 1 <= hours <= 336:
            problems.append((f"channels.{i}.response_hours", "must be 1 to 336 hours"))
            continue
        cleaned.append({"channel": channel, "response_hours": hours})
    return cleaned, problems


@transaction.atomic
def save_boundaries(*, actor: User, client: Client, data: dict[str, Any]) -> BoundariesAgreement:
    """Record the availability agreement: hours in the clinician's time zone, channels with promised
    response times, and what to do after hours (§1.4)."""
    require_clinical(actor)
    problems: list[tuple[str, str]] = []
    clinician: User | None = actor
    if data.get("clinician_id") not in (None, ""):
        clinician = User.objects.filter(
            pk=data["clinician_id"],
            organisation_id=client.organisation_id,
            role__in=[Role.CLINICIAN, Role.SUPERVISOR],
            is_active=True,
        ).first()
        if clinician is None:
            problems.append(("clinician_id", "no clinician with that id in this organisation"))
    hours: Any = data.get("hours")
    problems += rules.check_hours(hours)
    channels, channel_problems = _channels(data.get("channels"))
    problems += channel_problems
    try:
        instructions = long_text(
            data.get("after_hours_instructions"), "after_hours_instructions", required=True
        )
    except InvalidInput as exc:
        problems.append(("after_hours_instructions", exc.message))
    agreed_on = data.get("agreed_on")
    if isinstance(agreed_on, str) and agreed_on:
        try:
            agreed_on = dt.date.fromisoformat(agreed_on)
        except ValueError:
            problems.append(("agreed_on", "must be a date (YYYY-MM-DD)"))
    if isinstance(agreed_on, dt.date) and agreed_on > times.latest_date():
        problems.append(("agreed_on", "cannot be in the future"))
    if problems or clinician is None:
        raise Problems(problems)
    now = timezone.now()
    BoundariesAgreement.objects.filter(client=client, superseded_at__isnull=True).update(
        superseded_at=now
    )
    agreement = BoundariesAgreement.objects.create(
        client=client,
        clinician=clinician,
        clinician_time_zone=clinician.time_zone,
        hours=sorted(hours, key=lambda w: (w["day"], w["start"])),
        channels=channels,
        after_hours_instructions=instructions,
        agreed_on=agreed_on or None,
        created_at=now,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="telehealth.boundaries_saved",
        client=client,
        target=agreement,
        details={"clinician_id": clinician.pk, "windows": len(hours), "channels": len(channels)},
    )
    return agreement
