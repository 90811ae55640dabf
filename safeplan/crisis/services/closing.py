"""Closing a crisis: outcome and disposition, the drafted note, the follow-up contact and the plan review.

Issue 6 "Closing": the clinician gives the outcome and disposition; the crisis note is drafted from the
timeline (SAFE-T step 5, clinical-rules.md §6). Closing needs the safety-critical steps (issue 11;
``rules.close_checks``): location, imminent danger, lethal means and disposition each done or skipped with a
reason (skips may be given with the close itself), else 409 naming what is missing. A follow-up contact is scheduled within 24-72 hours
(``crisis.follow_up_hours``, default 24; §7.2) and the safety plan's review is brought forward to that day
(§2.4, §12). A level the clinician judges higher than the current risk flag raises the flag (PRODUCT.md:
clinical judgement can always raise a level; software never lowers one). Emergency disclosures due on the
timeline must be recorded first (§10.3).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.clients import facts
from safeplan.crisis import presenters
from safeplan.crisis.models import (
    CrisisEvent,
    CrisisFollowUp,
    CrisisStatus,
    DisconnectionProtocol,
    FollowUpOutcome,
    FollowUpStatus,
)
from safeplan.crisis.rules import close_checks, types
from safeplan.crisis.rules import entries as entry_rules
from safeplan.crisis.services import common
from safeplan.crisis.services.notes import draft_for
from safeplan.lib.errors import Conflict, InvalidInput
from safeplan.plans.services import set_review_due
from safeplan.risk.selectors import current_risk_level
from safeplan.risk.services import set_risk_level

LEVEL_RANK = {level: rank for rank, level in enumerate(types.RISK_LEVELS)}


def _choice(value: Any, table: dict[str, str], name: str) -> str:
    if value in (None, ""):
        raise InvalidInput("is required", field=name)
    if not isinstance(value, str) or value not in table:
        raise InvalidInput(f"must be one of {', '.join(table)}", field=name)
    return str(value)


def _hours(value: Any, organisation: Any) -> int:
    if value in (None, ""):
        value = common.setting(organisation, "crisis.follow_up_hours")
        if not common.FOLLOW_UP_MIN_HOURS <= value <= common.FOLLOW_UP_MAX_HOURS:
            # A misconfigured organisation value must never stop a crisis from closing.
            value = common.DEFAULTS["crisis.follow_up_hours"]
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput("must be a whole number of hours", field="follow_up_hours")
    if not common.FOLLOW_UP_MIN_HOURS <= value <= common.FOLLOW_UP_MAX_HOURS:
        raise InvalidInput(
            f"must be between {common.FOLLOW_UP_MIN_HOURS} and {common.FOLLOW_UP_MAX_HOURS} hours",
            field="follow_up_hours",
        )
    return value


def needs_follow_up(event: CrisisEvent, outcome: str) -> bool:
    """Every crisis gets a follow-up contact, except a lost connection that came back for a client who was
    not at risk (nothing clinical happened; §9 step 3: log it)."""
    if event.crisis_type != types.LOST_CONNECTION or outcome != "reconnected":
        return True
    protocol = getattr(event, "disconnection", None)
    return bool(protocol and protocol.at_risk)


def _raise_risk(event: CrisisEvent, actor: Any, level: str) -> None:

    current = current_risk_level(event.client)
    if LEVEL_RANK.get(level, 0) > LEVEL_RANK.get(current, 0):
        common.guarded(
            event.client,
            actor,
            "risk_level",
            lambda: set_risk_level(
                actor=actor,
                client=event.client,
                level=level,
                reason=f"Crisis {event.pk} closed with risk level {level}.",
            ),
        )


def _schedule_follow_up(event: CrisisEvent, actor: Any, due: dt.datetime) -> CrisisFollowUp:
    follow_up = CrisisFollowUp.objects.create(
        event=event,
        client=event.client,
        organisation_id=event.organisation_id,
        assigned_to=actor,
        due_at=due,
    )

    day = facts.date_of(event.client, due)
    common.guarded(
        event.client,
        actor,
        "plan_review",
        lambda: set_review_due(
            client=event.client,
            due=day,
            actor=actor,
            reason=f"Crisis on {facts.date_of(event.client, event.opened_at):%d %b %Y}: review the "
            "safety plan with the client at the follow-up contact.",
        ),
    )
    return follow_up


def close_locked(
    event: CrisisEvent,
    *,
    actor: Any,
    outcome: str,
    disposition: str,
    risk_level: str | None = None,
    follow_up_hours: int | None = None,
    note: str = "",
    follow_up_skip_reason: str = "",
) -> CrisisEvent:
    """Close an event whose row the caller has locked (``close_crisis``; a reconnect ends a protocol)."""
    common.require_clinical(actor, event.client)
    common.require_open(event)
    outcome = _choice(outcome, types.OUTCOMES, "outcome")
    disposition = _choice(disposition, types.DISPOSITIONS, "disposition")
    if risk_level in (None, ""):
        current = current_risk_level(event.client)
        risk_level = current if current in ("low", "moderate", "high") else ""
    elif risk_level not in ("low", "moderate", "high"):
        raise InvalidInput("must be low, moderate or high", field="risk_level")
    hours = _hours(follow_up_hours, event.organisation)
    note = entry_rules.clean_text(note or "", "note", entry_rules.NOTE_MAX, multiline=True)
    prompts = presenters.pending_prompts(event)
    if prompts:
        raise Conflict(
            f"record the emergency disclosure for {len(prompts)} timeline "
            f"{'entry' if len(prompts) == 1 else 'entries'} first (45 CFR 164.512(j))",
            field="disclosures",
        )
    now = timezone.now()
    follow = needs_follow_up(event, outcome) and not follow_up_skip_reason
    due = now + dt.timedelta(hours=hours) if follow else None
    common.append(
        event,
        kind="closed",
        payload={
            "outcome": outcome,
            "disposition": disposition,
            "risk_level": risk_level,
            "follow_up_hours": hours if follow else None,
            **({"note": note} if note else {}),
            **({"follow_up_skipped": follow_up_skip_reason} if follow_up_skip_reason else {}),
        },
        actor=actor,
        at=now,
    )
    event.status = CrisisStatus.CLOSED
    event.closed_by, event.closed_at = actor, now
    event.outcome, event.disposition = outcome, disposition
    event.risk_level_at_close = risk_level
    event.follow_up_due_at = due
    event.save()

    # Closing stops the lost-connection protocol's clock (the caller holds the event lock).
    DisconnectionProtocol.objects.filter(event_id=event.pk).update(next_deadline_at=None)
    if risk_level:
        _raise_risk(event, actor, risk_level)
    if due is not None:
        _schedule_follow_up(event, actor, due)
    draft_for(event, actor=actor, follow_up_hours=hours if follow else None)
    audit.record(
        actor=actor,
        action="crisis.closed",
        client=event.client,
        target=event,
        details={
            "outcome": outcome,
            "disposition": disposition,
            "risk_level": risk_level or None,
            "follow_up_hours": hours if follow else None,
        },
    )
    common.notify(
        event=event,
        actor=actor,
        recipients=common.supervisors(event.client),
        kind="crisis.closed",
        title=f"Crisis closed: {event.client.record_number} ({types.OUTCOMES[outcome].lower()})"[
            :200
        ],
        key="closed",
        urgent=False,
    )
    return event


def safety_status(event: CrisisEvent) -> dict[str, str]:
    """``done``/``skipped`` per protocol step from the timeline (corrections and withdrawals applied)."""
    return presenters.step_status(event, presenters.timeline(event))


def missing_steps(event: CrisisEvent) -> list[close_checks.Requirement]:
    codes = [s["code"] for s in event.protocol]
    return close_checks.missing(codes, safety_status(event))


def _skip_steps(event: CrisisEvent, actor: Any, skipped: Any) -> None:
    """Record the skips given with the close (each needs its reason) as ``step_skipped`` entries."""
    if skipped in (None, {}):
        return
    if not isinstance(skipped, dict):
        raise InvalidInput("must map a step to the reason it is skipped", field="skipped")
    codes = {s["code"] for s in event.protocol}
    for step, reason in skipped.items():
        where = f"skipped.{step}"
        if step not in codes:
            raise InvalidInput("is not a step of this crisis's protocol", field=where)
        text = entry_rules.clean_text(reason or "", where, entry_rules.SHORT_MAX, multiline=True)
        if not text.strip():
            raise InvalidInput("say why this step is skipped", field=where)
        common.append(
            event, kind="step_skipped", payload={"step": step, "reason": text}, actor=actor
        )


@transaction.atomic
def close_crisis(
    *,
    actor: Any,
    event: CrisisEvent,
    outcome: str,
    disposition: str,
    risk_level: str | None = None,
    follow_up_hours: int | None = None,
    note: str = "",
    skipped: dict[str, str] | None = None,
    follow_up_skip_reason: str = "",
) -> CrisisEvent:
    """Close a crisis with its outcome and disposition; drafts the note and schedules the follow-up.

    Refused (409, ``field="steps"``) while a safety-critical step is neither done nor skipped with a
    reason; ``skipped`` ({step: reason}) records skips with the close, in the same transaction.
    ``follow_up_skip_reason``: no follow-up contact is scheduled, and why (recorded on the timeline).
    """
    event = common.lock_event(event)
    common.require_clinical(actor, event.client)
    common.require_open(event)
    _choice(outcome, types.OUTCOMES, "outcome")
    _choice(disposition, types.DISPOSITIONS, "disposition")
    _hours(follow_up_hours, event.organisation)
    _skip_steps(event, actor, skipped)
    lacking = missing_steps(event)
    if lacking:
        raise Conflict(close_checks.refusal_message(lacking), field="steps")
    skip_follow_up = entry_rules.clean_text(
        follow_up_skip_reason or "", "follow_up_skip_reason", entry_rules.SHORT_MAX, multiline=True
    ).strip()
    return close_locked(
        event,
        actor=actor,
        outcome=outcome,
        disposition=disposition,
        risk_level=risk_level,
        follow_up_hours=follow_up_hours,
        note=note,
        follow_up_skip_reason=skip_follow_up,
    )


@transaction.atomic
def complete_follow_up(
    *, actor: Any, follow_up: CrisisFollowUp, outcome: str, note: str = ""
) -> CrisisFollowUp:
    """Record the follow-up contact's outcome (SPiER outreach outcomes, clinical-rules.md §7.2)."""

    follow_up = (
        CrisisFollowUp.objects.select_for_update().select_related("client").get(pk=follow_up.pk)
    )
    common.require_clinical(actor, follow_up.client)
    if follow_up.status != FollowUpStatus.PENDING:
        raise Conflict("this follow-up contact is already recorded", field="follow_up")
    outcome = _choice(outcome, dict(FollowUpOutcome.choices), "outcome")
    follow_up.note = entry_rules.clean_text(
        note or "", "note", entry_rules.NOTE_MAX, multiline=True
    )
    follow_up.status, follow_up.outcome = FollowUpStatus.DONE, outcome
    follow_up.done_by, follow_up.done_at = actor, timezone.now()
    follow_up.save()
    audit.record(
        actor=actor,
        action="crisis.follow_up_done",
        client=follow_up.client,
        target=follow_up,
        details={"event": follow_up.event_id, "outcome": outcome},
    )
    return follow_up
