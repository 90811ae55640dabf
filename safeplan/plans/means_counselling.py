"""Lethal-means counselling (CALM): record it, correct it (a new row), check the storage, alert when due.

Writes (one transaction each, audited, nothing written on bad input):
- ``record_counselling(actor=, client=, data=, corrects=None, correction_reason="")`` → ``MeansCounselling``
  and, when something agreed can be checked, its ``MeansCheck`` due ``check_in_hours`` later (rules in
  ``means_rules``). A correction is a new row pointing at the one it corrects; the open check moves to it.
- ``record_check(actor=, check=, outcome=, note="")`` closes the check once with its outcome.
Reads (the caller fetched the client with ``get_client_for`` and audits its own read):
- ``current_counselling(client)`` → the newest record of each correction chain, newest first, with its
  check (what the plan's "making the environment safe" section and the crisis note show).
Worker: ``alert_one_overdue_check()`` tells the assigned clinician (and the care team) once a check is due.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.policy import org_setting
from safeplan.audit import services as audit
from safeplan.clients.selectors import care_team_of
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.lib.validation import clean_text
from safeplan.notifications.services import notify
from safeplan.plans.means_models import (
    MeansCheck,
    MeansCheckOutcome,
    MeansCheckStatus,
    MeansCounselling,
)
from safeplan.plans.means_rules import (
    ACTION_LABELS,
    CHECK_HOURS_DEFAULT,
    MeansError,
    check_counselling,
)

NOTE_MAX = 2000


def _require_clinical(actor: Any, client: Any) -> None:
    if not getattr(actor, "is_clinical", False) or actor.organisation_id != client.organisation_id:
        raise NotAllowed("only the client's clinicians record lethal-means counselling")


@transaction.atomic
def record_counselling(
    *,
    actor: Any,
    client: Any,
    data: Any,
    corrects: MeansCounselling | None = None,
    correction_reason: str = "",
) -> MeansCounselling:
    _require_clinical(actor, client)
    payload = dict(data) if isinstance(data, dict) else data
    if isinstance(payload, dict) and payload.get("check_in_hours") is None:
        default = org_setting(client.organisation, "plans.means_check_hours", CHECK_HOURS_DEFAULT)
        checkable = any(
            isinstance(a, dict) and a.get("action") not in ("no_access_confirmed", "declined")
            for a in payload.get("agreements") or []
        )
        if checkable and isinstance(default, int) and 1 <= default <= 24 * 30:
            payload["check_in_hours"] = default
    try:
        clean = check_counselling(payload)
    except MeansError as exc:
        raise InvalidInput(exc.message, field=exc.field) from exc
    reason = ""
    if corrects is not None:
        if corrects.client_id != client.pk:
            raise InvalidInput("no such counselling record for this client", field="corrects")
        if MeansCounselling.objects.filter(corrects=corrects).exists():
            raise Conflict(
                "this record was already corrected: correct the newest one", field="corrects"
            )
        reason = clean_text(
            correction_reason, field="correction_reason", limit=NOTE_MAX, multiline=True
        )
        if not reason:
            raise InvalidInput("say why this is corrected", field="correction_reason")
    now = timezone.now()
    record = MeansCounselling.objects.create(
        client=client,
        means=clean["means"],
        counselled=clean["counselled"],
        support_person_name=clean["support_person_name"],
        other_means=clean["other_means"],
        agreements=clean["agreements"],
        notes=clean["notes"],
        counselled_by=actor,
        counselled_at=now,
        corrects=corrects,
        correction_reason=reason,
    )
    check = None
    hours = clean["check_in_hours"]
    previous = getattr(corrects, "storage_check", None) if corrects is not None else None
    if previous is not None and previous.status == MeansCheckStatus.PENDING:
        previous.counselling = record
        if hours is not None:
            previous.due_at = now + dt.timedelta(hours=hours)
            previous.alerted_at = None
        previous.save(update_fields=["counselling", "due_at", "alerted_at"])
        check = previous
    elif hours is not None and (previous is None or previous.status != MeansCheckStatus.DONE):
        check = MeansCheck.objects.create(
            counselling=record,
            client=client,
            organisation_id=client.organisation_id,
            assigned_to=actor,
            due_at=now + dt.timedelta(hours=hours),
        )
    audit.record(
        actor=actor,
        action="means_counselling.corrected" if corrects else "means_counselling.recorded",
        client=client,
        target=record,
        details={
            "means": ",".join(clean["means"]),
            "counselled": ",".join(clean["counselled"]),
            "check": check.pk if check else None,
            "corrects": corrects.pk if corrects else None,
        },
    )
    return record


@transaction.atomic
def record_check(*, actor: Any, check: MeansCheck, outcome: str, note: str = "") -> MeansCheck:
    """The storage check's outcome (once): confirmed, partly, not done, or unable to reach."""
    check = MeansCheck.objects.select_for_update().select_related("client").get(pk=check.pk)
    _require_clinical(actor, check.client)
    if check.status == MeansCheckStatus.DONE:
        raise Conflict("this check was already recorded", field="outcome")
    if outcome not in MeansCheckOutcome.values:
        raise InvalidInput(f"must be one of {', '.join(MeansCheckOutcome.values)}", field="outcome")
    text = clean_text(note, field="note", limit=NOTE_MAX, multiline=True)
    if outcome != MeansCheckOutcome.CONFIRMED and not text:
        raise InvalidInput("say what is still to be done or why", field="note")
    check.status = MeansCheckStatus.DONE
    check.outcome = outcome
    check.note = text
    check.done_at = timezone.now()
    check.done_by = actor
    check.save(update_fields=["status", "outcome", "note", "done_at", "done_by"])
    audit.record(
        actor=actor,
        action="means_check.recorded",
        client=check.client,
        target=check,
        details={"outcome": outcome, "counselling": check.counselling_id},
    )
    return check


def current_counselling(client: Any) -> list[MeansCounselling]:
    """The newest record of each correction chain (a corrected record is replaced by its correction)."""
    rows = list(
        MeansCounselling.objects.filter(client_id=client.pk)
        .select_related("counselled_by")
        .order_by("-counselled_at", "-id")
    )
    corrected = {r.corrects_id for r in rows if r.corrects_id}
    current = [r for r in rows if r.pk not in corrected]
    checks = {c.counselling_id: c for c in MeansCheck.objects.filter(client_id=client.pk)}
    for r in current:
        r.check_row = checks.get(r.pk)  # type: ignore[attr-defined]
    return current


def summary_lines(client: Any, time_zone: str) -> list[str]:
    """One plain line per counselling record in force, for the crisis note's lethal-means part."""
    try:
        zone = zoneinfo.ZoneInfo(time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    names = {"firearm": "firearms", "medication": "medications", "other": "other means"}
    out = []
    for r in current_counselling(client):
        who = " and ".join(
            "the client" if c == "client" else f"support person {r.support_person_name}"
            for c in r.counselled
        )
        steps = []
        for a in r.agreements:
            what = names[a["means"]] + (f" ({r.other_means})" if a["means"] == "other" else "")
            step = f"{what}: {ACTION_LABELS[a['action']].lower()}"
            if a.get("with_person"):
                step += f" ({a['with_person']})"
            steps.append(step)
        line = (
            f"Lethal-means counselling {r.counselled_at.astimezone(zone):%d %b %Y} with {who}: "
            + "; ".join(steps)
            + "."
        )
        check = getattr(r, "check_row", None)
        if check is not None and check.status == MeansCheckStatus.DONE:
            line += f" Storage check {check.done_at.astimezone(zone):%d %b %Y}: {check.get_outcome_display()}."
        elif check is not None:
            line += f" Storage check due {check.due_at.astimezone(zone):%d %b %Y %H:%M %Z}."
        out.append(line)
    return out


def counselling_for(client: Any, record_id: int) -> MeansCounselling:
    found = MeansCounselling.objects.filter(client_id=client.pk, pk=record_id).first()
    if found is None:
        raise Http404("Not found")
    return found


def alert_one_overdue_check(now: dt.datetime | None = None) -> bool:
    """Worker: tell the clinician once that a storage check is due (claimed by a conditional UPDATE)."""
    now = now or timezone.now()
    check = (
        MeansCheck.objects.filter(
            status=MeansCheckStatus.PENDING, alerted_at__isnull=True, due_at__lte=now
        )
        .select_related("client", "assigned_to")
        .order_by("due_at")
        .first()
    )
    if check is None:
        return False
    with transaction.atomic():
        claimed = MeansCheck.objects.filter(pk=check.pk, alerted_at__isnull=True).update(
            alerted_at=now
        )
        if claimed != 1:
            return True
        recipients = [check.assigned_to, *care_team_of(check.client)]
        unique = list({u.pk: u for u in recipients}.values())
        notify(
            recipients=unique,
            kind="plans.means_check_due",
            client=check.client,
            title=f"Lethal-means storage check due: {check.client.record_number}",
            link=f"/clients/{check.client_id}/means-counselling/",
            dedupe_key=f"means_check:{check.pk}",
        )
        audit.record(
            actor=None,
            action="means_check.alerted",
            client=check.client,
            target=check,
            details={"counselling": check.counselling_id},
        )
    return True
