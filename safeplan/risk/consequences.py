"""What follows a risk result or a flag change (clinical-rules.md §12, issue 5 "Consequences").

Per-organisation settings (``org_setting``), with these defaults:

- ``risk.review_levels`` ["moderate", "high"]: a result implying, or a flag raised to, one of these levels
  sets the safety plan's review date to today (+ ``risk.review_due_in_days``, default 0) and asks the care
  team for a follow-up contact (in-app notification; ``risk.follow_up_levels``, same default).
- ``risk.notify_supervisor_levels`` ["high"] and ``risk.notify_supervisor_on_asq_acute`` true: the
  organisation's supervisors get an in-app alert when the flag is raised to one of these levels or an ASQ is
  acute positive.
- ``risk.banner_levels`` ["high"] and ``risk.banner_on_asq_acute`` true: the crisis banner on the
  clinician's client page (``selectors.crisis_banner``).
- ``risk.portal_crisis_resources`` true: a positive screen completed in the portal shows the client their
  crisis lines and emergency number at once (``portal_views``); the care team is alerted
  (``risk.notify_care_team_on_portal_positive``, true).
- ``risk.portal_same_day_follow_up`` true: a suicide-risk answer in the portal (PHQ-9 item 9 > 0, a positive
  ASQ or C-SSRS) is an urgent alert (in-app and e-mail) to the care team and a follow-up task due by the end
  of the client's day (``follow_up.py``; issue 12), instead of the plain portal-positive alert.
- A SAFE-T with access to firearms or lethal medications adds a pending entry to the plan's
  "making the environment safer" section (§6 step 5, §7.1).

Settings live in ``risk/settings.py``. The plan's part (review date, means entry) is published as an event
(``risk/events.py``; plans subscribes), notifications are sent through notifications' contract; each runs
inside this transaction in a savepoint: a refusal (a ``DomainError``) is recorded in the audit log and does
not lose the client's answers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction

from safeplan.accounts.models import User
from safeplan.audit import services as audit
from safeplan.clients import facts
from safeplan.clients.selectors import care_team_of, supervisors_of
from safeplan.lib import events
from safeplan.lib.errors import DomainError
from safeplan.risk import events as risk_events
from safeplan.risk import follow_up
from safeplan.risk.models import Assessment, Channel, RiskFlagChange
from safeplan.risk.rules.safet import means_found
from safeplan.risk.settings import setting

LABELS = {
    "asq": "ASQ",
    "phq9": "PHQ-9",
    "gad7": "GAD-7",
    "cssrs_screener": "C-SSRS screener",
    "safet": "SAFE-T",
    "bssa": "BSSA",
    "phqa": "PHQ-A",
}


def _guarded(client: Any, actor: Any, step: str, call: Callable[[], Any]) -> bool:
    """Run another app's contract in a savepoint; a refusal is audited, not fatal."""
    try:
        with transaction.atomic():
            call()
    except DomainError as exc:
        audit.record(
            actor=actor,
            action="risk.consequence_refused",
            client=client,
            details={"step": step, "field": (exc.field or "")[:60] or None},
        )
        return False
    return True


_supervisors = supervisors_of
_care_team = care_team_of


def _notify(
    *,
    client: Any,
    actor: Any,
    recipients: list[User],
    kind: str,
    title: str,
    dedupe_key: str,
    urgent: bool,
    email: bool = False,
) -> None:
    people = [u for u in recipients if u.pk != getattr(actor, "pk", None)]
    if not people:
        return
    from safeplan.notifications.services import notify

    _guarded(
        client,
        actor,
        kind,
        lambda: notify(
            recipients=people,
            kind=kind,
            client=client,
            title=title,
            link=f"/clients/{client.pk}/",
            dedupe_key=dedupe_key,
            urgent=urgent,
            email=email,
        ),
    )


def _review_and_follow_up(
    *, client: Any, actor: Any, level: str, why: str, key: str, today: dt.date
) -> None:
    org = client.organisation
    if level in setting(org, "risk.review_levels"):
        due = today + dt.timedelta(days=max(0, int(setting(org, "risk.review_due_in_days"))))
        _guarded(
            client,
            actor,
            "plan_review",
            lambda: events.publish(
                risk_events.REVIEW_DUE, client=client, due=due, reason=why, actor=actor
            ),
        )
    if level in setting(org, "risk.follow_up_levels"):
        _notify(
            client=client,
            actor=actor,
            recipients=_care_team(client),
            kind="risk.follow_up",
            title=f"Follow-up contact needed: {client.record_number} ({level} risk)",
            dedupe_key=f"risk.follow_up:{key}",
            urgent=level == "high",
        )


def _level_raised(*, client: Any, actor: Any, flag_change: RiskFlagChange) -> None:
    _guarded(
        client,
        actor,
        "level_raised",
        lambda: events.publish(
            risk_events.LEVEL_RAISED,
            client=client,
            level=flag_change.level,
            previous_level=flag_change.previous_level,
            flag_id=flag_change.pk,
            actor=actor,
        ),
    )


def after_assessment(
    *,
    client: Any,
    assessment: Assessment,
    flag_change: RiskFlagChange | None,
    actor: Any,
) -> None:
    org = client.organisation
    label = LABELS[assessment.instrument]
    level = assessment.implied_level
    if level != "none":
        _review_and_follow_up(
            client=client,
            actor=actor,
            level=level,
            why=f"{label} result implies {level} suicide risk.",
            key=f"a{assessment.pk}",
            today=facts.today(client),
        )
    # An acute ASQ, or a BSSA whose disposition is an emergency evaluation (NIMH: imminent risk).
    asq_acute = (assessment.instrument, assessment.code) in (
        ("asq", "acute_positive"),
        ("bssa", "emergency_evaluation"),
    )
    raised_to = flag_change.level if flag_change else None
    if flag_change is not None:
        _level_raised(client=client, actor=actor, flag_change=flag_change)
    if (raised_to in setting(org, "risk.notify_supervisor_levels")) or (
        asq_acute and setting(org, "risk.notify_supervisor_on_asq_acute")
    ):
        what = f"risk flag raised to {raised_to}"
        if asq_acute:
            what = (
                "ASQ acute positive"
                if assessment.instrument == "asq"
                else "BSSA: emergency evaluation"
            )
        _notify(
            client=client,
            actor=actor,
            recipients=_supervisors(client),
            kind="risk.high",
            title=f"{what}: {client.record_number}",
            dedupe_key=f"risk.supervisor:a{assessment.pk}",
            urgent=True,
        )
    same_day = (
        follow_up.needs_same_day_follow_up(assessment)
        if setting(org, "risk.portal_same_day_follow_up")
        else None
    )
    if same_day:
        # No clinician was in the room: an urgent alert and a task due today (issue 12, follow_up.py).
        follow_up.open_task(client=client, assessment=assessment, reason=same_day, actor=actor)
        _notify(
            client=client,
            actor=actor,
            recipients=_care_team(client),
            kind="risk.portal_same_day",
            title=f"Same-day follow-up: suicide-risk answer on a {label} in the portal: "
            f"{client.record_number}",
            dedupe_key=f"risk.portal_positive:a{assessment.pk}",
            urgent=True,
            email=True,
        )
    elif (
        assessment.channel == Channel.PORTAL
        and assessment.positive
        and setting(org, "risk.notify_care_team_on_portal_positive")
    ):
        _notify(
            client=client,
            actor=actor,
            recipients=_care_team(client),
            kind="risk.portal_positive",
            title=f"Positive {label} completed in the portal: {client.record_number}",
            dedupe_key=f"risk.portal_positive:a{assessment.pk}",
            urgent=level in ("moderate", "high"),
        )
    if assessment.instrument == "safet":
        source = f"safet:{assessment.pk}"
        for means in means_found(assessment.answers):

            def add(means: str = means) -> None:
                events.publish(
                    risk_events.MEANS_FOUND, client=client, means=means, source=source, actor=actor
                )

            _guarded(client, actor, f"means_{means}", add)


def after_flag_set(*, client: Any, flag_change: RiskFlagChange, actor: Any) -> None:
    """A clinician set the level: raising it to moderate/high has the same consequences as a result."""
    if flag_change.lowered or flag_change.level == flag_change.previous_level:
        return
    org = client.organisation
    _level_raised(client=client, actor=actor, flag_change=flag_change)
    _review_and_follow_up(
        client=client,
        actor=actor,
        level=flag_change.level,
        why=f"Risk level raised to {flag_change.level} by a clinician.",
        key=f"f{flag_change.pk}",
        today=facts.today(client),
    )
    if flag_change.level in setting(org, "risk.notify_supervisor_levels"):
        _notify(
            client=client,
            actor=actor,
            recipients=_supervisors(client),
            kind="risk.high",
            title=f"Risk flag raised to {flag_change.level}: {client.record_number}",
            dedupe_key=f"risk.supervisor:f{flag_change.pk}",
            urgent=True,
        )
