"""Every write to a safety plan: one transaction, one audit entry, nothing written on bad input.

Cross-app contract (other apps call these from their own services, inside or outside a transaction):

- ``set_review_due(*, client, due: date, actor, reason: str) -> None``: ask for the plan to be reviewed
  by ``due`` (after a moderate/high risk result, a crisis, a discharge: clinical-rules.md §2.4). It only
  ever brings the review date earlier; a later date than the one already set changes nothing. ``reason``
  is a short sentence for the clinician (stored encrypted, never in the audit details). Works before the
  client has a plan: the date then says by when a plan is due. Audited (``plan.review_due_set``).
- ``add_pending_means_entry(*, client, means: str, actor, source: str) -> None``: record in section 6 that
  the client has access to ``means`` (one of ``rules.MEANS``: firearm, medication, sharps, ligature,
  household_poison, other) with the agreed action "not yet" (§7.1), as a new plan version. Idempotent:
  nothing happens when the plan already has an entry for that means. ``source`` is a short code of the
  caller ("risk.safet", "crisis.event"). It never moves the review date later. Audited
  (``plan.version_created``).

``actor`` may be a clinician, a supervisor, the client (a portal screening) or None (a worker job).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.accounts.policy import org_setting
from safeplan.audit import services as audit
from safeplan.lib.errors import InvalidInput
from safeplan.plans import rules
from safeplan.plans.models import (
    ReviewBasis,
    ReviewDueChange,
    SafetyPlan,
    SafetyPlanVersion,
    VersionOrigin,
    content_digest,
)

REASON_MAX = 300


def review_policy(organisation: Any) -> rules.ReviewPolicy:
    """The organisation's review intervals ([C], clinical-rules.md §2.4)."""
    return rules.ReviewPolicy(
        default_days=org_setting(organisation, "plans.review_days", 30),
        moderate_days=org_setting(organisation, "plans.review_days_moderate", 14),
        high_days=org_setting(organisation, "plans.review_days_high", 7),
    )


def risk_level(client: Any) -> str:
    from safeplan.risk.selectors import current_risk_level

    return current_risk_level(client)


def actor_role(actor: Any) -> str:
    return str(getattr(actor, "role", "") or "system") if actor is not None else "system"


def writer_of(actor: Any) -> str:
    """The entry author an actor writes as: the client, or the care team."""
    return "client" if actor is not None and getattr(actor, "is_client", False) else "clinician"


def plan_for_update(client: Any) -> SafetyPlan:
    """The client's plan row, locked for this transaction (created on first use)."""
    plan = SafetyPlan.objects.select_for_update().filter(client_id=client.pk).first()
    if plan is None:
        plan, _ = SafetyPlan.objects.get_or_create(
            client_id=client.pk, defaults={"organisation_id": client.organisation_id}
        )
        plan = SafetyPlan.objects.select_for_update().get(pk=plan.pk)
    return plan


def _move_review_due(
    plan: SafetyPlan, due: dt.date, *, actor: Any, reason: str, keep_earlier: bool
) -> bool:
    previous = plan.review_due
    if keep_earlier and previous is not None and previous <= due:
        return False
    if previous == due:
        return False
    ReviewDueChange.objects.create(
        plan=plan, due=due, previous_due=previous, reason=reason, actor=actor
    )
    plan.review_due = due
    plan.updated_at = timezone.now()
    plan.save(update_fields=["review_due", "updated_at"])
    return True


def current_version(plan: SafetyPlan) -> SafetyPlanVersion | None:
    if plan.current_number == 0:
        return None
    return SafetyPlanVersion.objects.get(plan=plan, number=plan.current_number)


def write_version(
    *,
    plan: SafetyPlan,
    content: dict[str, Any],
    actor: Any,
    origin: str,
    review_due: dt.date,
    review_basis: str,
    reason: str,
    keep_earlier_review: bool,
    change_note: str = "",
    source: str = "",
    proposal: Any = None,
) -> SafetyPlanVersion:
    """Append the next version of a locked plan and move the plan's pointer and review date."""
    number = plan.current_number + 1
    created = SafetyPlanVersion.objects.create(
        plan=plan,
        number=number,
        content=content,
        change_note=change_note,
        content_hash=content_digest(content, change_note),
        author=actor,
        author_role=actor_role(actor),
        origin=origin,
        source=source,
        based_on=plan.current_number or None,
        proposal=proposal,
        review_due=review_due,
        review_basis=review_basis,
    )
    plan.current_number = number
    plan.updated_at = timezone.now()
    plan.save(update_fields=["current_number", "updated_at"])
    _move_review_due(plan, review_due, actor=actor, reason=reason, keep_earlier=keep_earlier_review)
    audit.record(
        actor=actor,
        action="plan.version_created",
        client_id=plan.client_id,
        organisation_id=plan.organisation_id,
        target=created,
        details={
            "number": number,
            "origin": origin,
            "based_on": created.based_on,
            "source": source or None,
            "review_due": review_due.isoformat(),
        },
    )
    return created


@transaction.atomic
def set_review_due(*, client: Any, due: dt.date, actor: Any, reason: str) -> None:
    if not isinstance(due, dt.date) or isinstance(due, dt.datetime):
        raise InvalidInput("must be a date", field="due")
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("say why the review is needed", field="reason")
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"is longer than {REASON_MAX} characters", field="reason")
    plan = plan_for_update(client)
    previous = plan.review_due
    moved = _move_review_due(plan, due, actor=actor, reason=reason, keep_earlier=True)
    audit.record(
        actor=actor,
        action="plan.review_due_set",
        client=client,
        target=plan,
        details={
            "due": due.isoformat(),
            "previous_due": previous.isoformat() if previous else None,
            "moved": moved,
        },
    )


@transaction.atomic
def add_pending_means_entry(*, client: Any, means: str, actor: Any, source: str) -> None:
    if means not in rules.MEANS:
        raise InvalidInput(f"must be one of {', '.join(rules.MEANS)}", field="means")
    source = (source or "").strip()
    if not source or len(source) > 40 or " " in source:
        raise InvalidInput("must be a short code such as risk.safet", field="source")
    plan = plan_for_update(client)
    latest = current_version(plan)
    content = latest.content if latest else rules.empty_content()
    if any(e.get("means") == means for e in content.get("environment", [])):
        audit.record(
            actor=actor,
            action="plan.means_entry_present",
            client=client,
            target=plan,
            details={"means": means, "source": source},
        )
        return
    content = {s: list(content.get(s, [])) for s in rules.SECTIONS}
    content["environment"].append(
        {
            "id": rules.new_entry_id(),
            "author": writer_of(actor),
            "means": means,
            "action": "not_yet",
            "responsible": "",
            "status": "planned",
            "date": "",
            "text": "",
        }
    )
    today = timezone.localdate()
    due, basis = rules.review_due_for(
        today=today, risk_level=risk_level(client), policy=review_policy(client.organisation)
    )
    if plan.review_due is not None and plan.review_due < due:
        due, basis = plan.review_due, ReviewBasis.EARLIER_REQUEST
    write_version(
        plan=plan,
        content=content,
        actor=actor,
        origin=VersionOrigin.MEANS,
        review_due=due,
        review_basis=basis,
        reason="Means-safety step added to the plan",
        keep_earlier_review=True,
        source=source,
    )
