"""Closing an overdue check-in with the outcome of the clinician's outreach, and the outreach protocol that
follows "unable to reach" a moderate/high-risk client (issue 12 "Follow-up that follows risk").

The protocol is the disconnection protocol's last steps (clinical-rules.md §9 steps 4-5; PRODUCT.md
capability 3): **the support person**, then **a welfare check at the client's last confirmed location**
(through that place's 10-digit emergency line, never the clinician's own 911). While it runs the check-in
stays open (supervisor alerted, its step in ``outreach_step``) and every attempt is kept
(``OutreachAttempt``, append-only). Only reaching the client, or requesting the welfare check, ends it; a
step not recorded within the tier's ``supervisor_after`` alerts the supervisors again (the worker).
Levels: ``followup.outreach_levels`` (default moderate and high).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.followup import alerts, rules
from safeplan.followup import settings as fsettings
from safeplan.followup.models import (
    CheckIn,
    CheckInState,
    OutreachAttempt,
    OutreachOutcome,
    OutreachStep,
)
from safeplan.followup.services.schedules import open_next
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.notifications.models import Notification
from safeplan.risk.selectors import current_risk_level

# The client was reached (by the clinician, through the support person, or they declined when reached).
REACHED = frozenset(
    {OutreachOutcome.REACHED, OutreachOutcome.SUPPORT_PERSON, OutreachOutcome.DECLINED}
)
STEP_TEXT: dict[str, str] = {
    OutreachStep.SUPPORT_PERSON.value: "contact the support person",
    OutreachStep.WELFARE_CHECK.value: "request a welfare check at the last confirmed location",
}


def _require_clinical(actor: Any, client: Any) -> None:
    if not getattr(actor, "is_clinical", False) or actor.organisation_id != client.organisation_id:
        raise NotAllowed("only clinicians and supervisors manage check-ins")


def _level(checkin: CheckIn, client: Any) -> str:
    """The higher of the check-in's level and the client's current one."""
    levels = [lv for lv in (checkin.risk_level, current_risk_level(client)) if lv in rules.LEVELS]
    return max(levels, key=rules.LEVELS.index, default="none")


@transaction.atomic
def close_checkin(*, actor: Any, client: Any, checkin_id: int, outcome: str) -> CheckIn:
    """The clinician records the outcome of their outreach on an open (usually missed) check-in.

    It closes the check-in (and the next one is scheduled), except: "unable to reach" at an outreach level
    starts the protocol; during the protocol an outcome that did not reach the client moves to the next
    step, and at the welfare-check step only "welfare check requested" or reaching the client ends it.
    """
    _require_clinical(actor, client)
    if outcome not in OutreachOutcome.values:
        raise InvalidInput(f"must be one of {', '.join(OutreachOutcome.values)}", field="outcome")
    checkin = CheckIn.objects.select_for_update().filter(pk=checkin_id, client_id=client.pk).first()
    if checkin is None:
        raise Http404("Not found")
    if not checkin.is_open:
        raise Conflict("this check-in is already closed", field="checkin")
    step = checkin.outreach_step
    if outcome == OutreachOutcome.WELFARE_CHECK and step != OutreachStep.WELFARE_CHECK:
        raise InvalidInput(
            "a welfare check is the outreach protocol's last step: contact the support person first",
            field="outcome",
        )
    now = timezone.now()
    OutreachAttempt.objects.create(
        checkin=checkin,
        client=client,
        step=step or "client",
        outcome=outcome,
        recorded_by=actor,
        recorded_at=now,
    )
    reached = outcome in REACHED
    if not step:
        starts = outcome == OutreachOutcome.UNABLE and _level(checkin, client) in fsettings.get(
            client.organisation, "followup.outreach_levels"
        )
        if starts:
            return _step(checkin, client, actor, OutreachStep.SUPPORT_PERSON, outcome, now)
    elif step == OutreachStep.SUPPORT_PERSON and not reached:
        return _step(checkin, client, actor, OutreachStep.WELFARE_CHECK, outcome, now)
    elif (
        step == OutreachStep.WELFARE_CHECK
        and not reached
        and outcome != OutreachOutcome.WELFARE_CHECK
    ):
        raise InvalidInput(
            "the client has not been reached: request the welfare check at their last confirmed "
            "location, or record that they were reached",
            field="outcome",
        )
    return _close(checkin, client, actor, outcome, now)


def _close(checkin: CheckIn, client: Any, actor: Any, outcome: str, now: Any) -> CheckIn:
    checkin.state = CheckInState.CLOSED
    checkin.next_action_at = None
    checkin.completed_at = now
    checkin.completed_by = actor
    checkin.outcome = outcome
    checkin.save()
    Notification.objects.filter(
        group_key__startswith=f"checkin:{checkin.pk}:",
        organisation_id=client.organisation_id,
        acknowledged_at__isnull=True,
    ).update(acknowledged_at=now, acknowledged_by=actor)
    schedule = checkin.schedule
    if schedule.active:
        open_next(schedule, client, now)
    audit.record(
        actor=actor,
        action="checkin.closed",
        client=client,
        target=checkin,
        details={"outcome": outcome, "outreach_step": checkin.outreach_step or None},
    )
    return checkin


def _step(checkin: CheckIn, client: Any, actor: Any, step: str, outcome: str, now: Any) -> CheckIn:
    """Move the open check-in to ``step``: the care team is told what to do, the supervisors that the
    client could not be reached, and the step has the tier's supervisor deadline."""
    tier = fsettings.ladder(client.organisation, _level(checkin, client))
    checkin.outreach_step = step
    checkin.outreach_started_at = checkin.outreach_started_at or now
    checkin.state = CheckInState.SUPERVISOR_ALERTED
    checkin.supervisor_alerted_at = checkin.supervisor_alerted_at or now
    checkin.next_action_at = now + tier.supervisor_after
    checkin.outcome = outcome
    checkin.save()
    link = alerts.client_link(client, "check-ins/")
    alerts.tell_care_team(
        client,
        kind="checkin_outreach",
        title=f"Outreach for {alerts.label(client)}: {STEP_TEXT[step]}",
        link=link,
        dedupe_key=f"checkin:{checkin.pk}:outreach:{step}",
        urgent=True,
        email=True,
    )
    alerts.tell_supervisors(
        client,
        kind="checkin_outreach",
        title=f"Client not reached, outreach under way ({STEP_TEXT[step]}): {alerts.label(client)}",
        link=link,
        dedupe_key=f"checkin:{checkin.pk}:outreach:{step}:supervisor",
    )
    audit.record(
        actor=actor,
        action="checkin.outreach_step",
        client=client,
        target=checkin,
        details={"step": step, "outcome": outcome},
    )
    return checkin
