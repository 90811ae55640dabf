"""The lost-connection protocol, driven by the pure state machine in ``rules.disconnection`` (§9).

``start_disconnection`` opens a lost-connection crisis from a started session with the timers of the client's
technology backup plan (or the organisation's defaults) and whether the client was at risk this session (risk
flag moderate/high, a positive screen since the session started, or the clinician's flag). Every timeline entry
moves it on (``on_entry``); time moves it on through ``advance`` (the worker, and the lost-connection screen
when a countdown ends). Each deadline that passes and each escalation lands on the timeline; an escalation
alerts the supervisors at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.crisis import presenters
from safeplan.crisis.models import CrisisEvent, CrisisStatus, DisconnectionProtocol, TimelineEntry
from safeplan.crisis.rules import disconnection as machine
from safeplan.crisis.rules import types
from safeplan.crisis.services import common
from safeplan.crisis.services.closing import close_locked
from safeplan.crisis.services.opening import create_event, existing_open
from safeplan.lib.errors import Conflict, InvalidInput
from safeplan.risk.selectors import assessments_for, current_risk_level
from safeplan.telehealth.selectors import current_backup_plan
from safeplan.telehealth.services.agreements import timer_defaults

ESCALATION_TITLES = {
    "at_risk_unreached": "Lost connection: client {ref} at risk and not reached",
    "nobody_answered": "Lost connection: nobody answered for client {ref}; welfare check due",
    "unattended": "Lost connection: no step recorded for client {ref}",
}


def timers_for(client: Any) -> tuple[machine.Timers, bool]:
    """The client's backup-plan timers (or the organisation's defaults) and whether a plan was on record."""

    plan = current_backup_plan(client)
    values = (
        {
            "retry_video_seconds": plan.retry_video_seconds,
            "call_backup_within_seconds": plan.call_backup_within_seconds,
            "escalate_when_at_risk_after_seconds": plan.escalate_when_at_risk_after_seconds,
        }
        if plan is not None
        else timer_defaults(client.organisation)
    )
    window = int(common.setting(client.organisation, "crisis.support_person_window_seconds"))
    if not 0 < window <= machine.MAX_TIMER:
        window = machine.DEFAULT_SUPPORT_PERSON_WINDOW
    timers = machine.Timers(
        retry_video=values["retry_video_seconds"],
        call_backup=values["call_backup_within_seconds"],
        escalate_at_risk=values["escalate_when_at_risk_after_seconds"],
        support_person_window=window,
    )
    if machine.timer_problems(timers):
        # A plan whose timers cannot work must not stop the protocol: our defaults take over.
        return machine.Timers(support_person_window=window), False
    return timers, plan is not None


def _timers(p: DisconnectionProtocol) -> machine.Timers:
    return machine.Timers(
        retry_video=p.retry_video_seconds,
        call_backup=p.call_backup_seconds,
        escalate_at_risk=p.escalate_at_risk_seconds,
        support_person_window=p.support_person_window_seconds,
    )


def state_of(p: DisconnectionProtocol) -> machine.State:
    return machine.State(
        step=p.step,
        started_at=p.started_at,
        step_since=p.step_since,
        at_risk=p.at_risk,
        marks=frozenset(p.marks),
        escalated=p.escalated,
        outcome=p.outcome,
    )


def view(p: DisconnectionProtocol, now: dt.datetime) -> machine.Transition:
    """What the screen shows now (time applied, nothing written)."""
    return machine.transition(state_of(p), "tick", max(now, p.started_at), _timers(p))


def positive_screen_since(user: Any, client: Any, since: dt.datetime | None) -> bool:
    if since is None:
        return False

    return any(a.positive and a.completed_at >= since for a in assessments_for(user, client))


@transaction.atomic
def start_disconnection(
    *, actor: Any, session: Any, clinician_flag: bool = False
) -> tuple[CrisisEvent, bool]:
    """ "Connection lost" during a started session: the technology backup plan as a state machine.

    Returns (event, created); a second tap returns the protocol already running for the session.
    """
    client = session.client
    common.require_clinical(actor, client)
    if session.status != "started" or session.started_at is None:
        raise Conflict("the connection can only be lost during a started session", field="session")
    found = existing_open(client, types.LOST_CONNECTION, session)
    if found is not None:
        return found, False
    if not isinstance(clinician_flag, bool):
        raise InvalidInput("must be true or false", field="clinician_flag")

    level = current_risk_level(client)
    reasons = machine.at_risk_reasons(
        level,
        positive_screen_this_session=positive_screen_since(actor, client, session.started_at),
        clinician_flag=clinician_flag,
    )
    timers, from_plan = timers_for(client)
    event = create_event(
        actor=actor,
        client=client,
        crisis_type=types.LOST_CONNECTION,
        session=session,
        payload={"at_risk_reasons": list(reasons), "risk_level": level},
    )
    now = event.opened_at
    start = machine.start(now, timers, at_risk=bool(reasons))
    DisconnectionProtocol.objects.create(
        event=event,
        step=start.state.step,
        started_at=now,
        step_since=now,
        at_risk=start.state.at_risk,
        at_risk_reasons=list(reasons),
        retry_video_seconds=timers.retry_video,
        call_backup_seconds=timers.call_backup,
        escalate_at_risk_seconds=timers.escalate_at_risk,
        support_person_window_seconds=timers.support_person_window,
        timers_from_plan=from_plan,
        next_deadline_at=start.deadline,
        updated_at=now,
    )
    audit.record(
        actor=actor,
        action="crisis.disconnection_started",
        client=client,
        target=event,
        details={"at_risk": bool(reasons), "reasons": list(reasons), "timers_from_plan": from_plan},
    )
    recipients = list(common.care_team(client))
    if reasons or common.setting(
        client.organisation, "crisis.notify_supervisor_on_every_disconnection"
    ):
        recipients += common.supervisors(client)
    title = f"Connection lost with client {client.record_number}" + (
        " (at risk)" if reasons else ""
    )
    common.notify(
        event=event,
        actor=actor,
        recipients=recipients,
        kind="crisis.disconnection",
        title=title,
        key="opened",
        urgent=bool(reasons),
    )
    return event, True


def _persist(
    event: CrisisEvent,
    p: DisconnectionProtocol,
    result: machine.Transition,
    *,
    actor: Any,
    now: dt.datetime,
) -> None:
    """Store the new state; put passed deadlines and an escalation on the timeline; alert supervisors."""
    s = result.state
    for mark in result.due_marks:
        step = mark.split(":", 1)[1]
        common.append(
            event,
            kind="step_due",
            payload={"step": step, "overdue": mark.startswith("overdue:")},
            actor=None,
            at=now,
        )
    escalated_now = bool(s.escalated) and not p.escalated
    p.step, p.step_since, p.at_risk = s.step, s.step_since, s.at_risk
    p.marks, p.outcome = sorted(s.marks), s.outcome
    p.next_deadline_at = result.deadline if event.is_open else None
    p.version += 1
    p.updated_at = now
    if escalated_now:
        p.escalated, p.escalated_at = s.escalated, now
    p.save()
    if escalated_now:
        common.append(event, kind="escalated", payload={"reason": s.escalated}, actor=None, at=now)
        audit.record(
            actor=actor,
            action="crisis.escalated",
            client=event.client,
            target=event,
            details={"reason": s.escalated, "step": s.step},
        )
        common.notify(
            event=event,
            actor=None,
            recipients=common.supervisors(event.client),
            kind="crisis.escalated",
            title=ESCALATION_TITLES[s.escalated].format(ref=event.client.record_number),
            key=f"escalated:{s.escalated}",
            urgent=True,
        )


def on_entry(event: CrisisEvent, entry: TimelineEntry, *, actor: Any, now: dt.datetime) -> None:
    """Move the protocol with a new entry (the caller holds the event lock)."""
    p = DisconnectionProtocol.objects.select_for_update().get(event_id=event.pk)
    was = p.step
    result = machine.transition(
        state_of(p), entry.kind, max(now, p.started_at), _timers(p), entry.payload
    )
    _persist(event, p, result, actor=actor, now=now)
    if result.state.step == machine.RECONNECTED and was != machine.RECONNECTED:
        _end_on_reconnect(event, actor=actor)


def _end_on_reconnect(event: CrisisEvent, *, actor: Any) -> None:
    """ "Reconnected" ends the protocol: the crisis closes as reconnected, session resumed, unless a
    disclosure is still due (then the clinician records it and closes)."""
    if presenters.pending_prompts(event):
        return
    close_locked(event, actor=actor, outcome="reconnected", disposition="session_resumed")


def effective_entries(event: CrisisEvent) -> list[tuple[dt.datetime, str, dict[str, Any]]]:
    """The timeline as it stands after corrections: corrected entries replaced, withdrawn ones left out."""
    rows = list(TimelineEntry.objects.filter(event_id=event.pk).order_by("seq"))
    replaced = {r.corrects_id for r in rows if r.corrects_id}
    events = []
    for r in rows:
        if r.pk in replaced or r.payload.get("entered_in_error"):
            continue
        events.append((r.at, r.kind, r.payload))
    return events


def recompute(event: CrisisEvent, *, actor: Any, now: dt.datetime) -> None:
    """After a correction: replay the corrected timeline (an escalation already sent stays sent)."""
    p = DisconnectionProtocol.objects.select_for_update().get(event_id=event.pk)
    timers = _timers(p)
    replayed = machine.replay(
        p.started_at,
        timers,
        at_risk=bool(p.at_risk_reasons),
        events=effective_entries(event),
        now=now,
    )
    state = replayed.state
    if p.escalated and not state.escalated:
        state = replace(state, escalated=p.escalated)
    result = machine.Transition(
        state=state,
        deadline=machine.deadline(state, timers),
        overdue=machine.is_overdue(state, now, timers),
        escalate="",
        step_changed=state.step != p.step,
        actions=machine.actions_for(state),
    )
    _persist(event, p, result, actor=actor, now=now)


@transaction.atomic
def advance(*, event: CrisisEvent, now: dt.datetime | None = None, actor: Any = None) -> bool:
    """Apply the passing of time to one protocol (worker or screen). True when anything changed.

    Safe to run from several places at once: the event row is locked and the protocol row is written with
    a conditional UPDATE on its version, which must change exactly one row.
    """
    now = now or timezone.now()
    event = common.lock_event(event)
    p = DisconnectionProtocol.objects.filter(event_id=event.pk).first()
    if p is None or event.status != CrisisStatus.OPEN:
        return False
    if p.next_deadline_at is None or p.next_deadline_at > now:
        return False
    version = p.version
    result = machine.transition(state_of(p), "tick", max(now, p.started_at), _timers(p))
    claimed = DisconnectionProtocol.objects.filter(pk=p.pk, version=version).update(
        version=version + 1
    )
    if claimed != 1:
        return False
    p.version = version + 1
    changed = result.state != state_of(p) or result.deadline != p.next_deadline_at
    _persist(event, p, result, actor=actor, now=now)
    return changed
