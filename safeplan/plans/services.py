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

Also public (the plan's own pages and API, and the FHIR import use them):

- ``save_plan(*, client, actor, content, base_version, change_note="", review_due=None) -> SafetyPlanVersion``:
  the whole plan (a dict of section → entries, see ``plans.rules``) as a new version, by a clinician or
  supervisor. ``base_version`` is the version the edit started from (0 for a new plan): a stale base raises
  ``Conflict`` (409) naming the newer version and nothing is written. Bad entries raise ``InvalidInput``
  naming ``sections.<section>.<index>.<field>``.
- ``sign_version(*, client, number, actor, method, name="") -> PlanSignature``: sign the current version.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.policy import org_setting
from safeplan.audit import services as audit
from safeplan.clients import facts
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.lib.validation import no_control_chars_multiline, parse_phone
from safeplan.plans import library, resources, review, rules
from safeplan.plans.models import (
    PlanSignature,
    ReviewBasis,
    ReviewDueChange,
    SafetyPlan,
    SafetyPlanVersion,
    SignatureMethod,
    SignerRole,
    VersionOrigin,
    content_digest,
)

REASON_MAX = 1000


def review_policy(organisation: Any) -> review.ReviewPolicy:
    """The organisation's review intervals ([C], clinical-rules.md §2.4)."""
    return review.ReviewPolicy(
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
    due, basis = review.review_due_for(
        today=facts.today(client),
        risk_level=risk_level(client),
        policy=review_policy(client.organisation),
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


# --- the care team's writes: save a version, sign -------------------------------------------------------


def require_clinical(actor: Any) -> None:
    if not getattr(actor, "is_clinical", False):
        raise NotAllowed("only the client's clinicians change or sign the plan here")


def clean_content(client: Any, raw: Any) -> dict[str, Any]:
    """The submitted plan checked against the rules; directory entries are dropped (they are refreshed
    from the directory at every version)."""
    if isinstance(raw, dict) and isinstance(raw.get("professionals"), list):
        raw = {
            **raw,
            "professionals": [
                e
                for e in raw["professionals"]
                if not (isinstance(e, dict) and e.get("origin") == "directory")
            ],
        }
    try:
        return rules.normalise_content(
            raw, country=client.country, parse_phone=parse_phone, skills=library.CODES
        )
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=f"sections.{exc.field}") from exc


def check_base(plan: SafetyPlan, base_version: int | None) -> None:
    """Optimistic concurrency: the writer must have seen the current version (409 names the newer one)."""
    base = base_version or 0
    if base > plan.current_number or base < 0:
        raise InvalidInput(f"version {base} does not exist", field="base_version")
    if base != plan.current_number:
        newer = SafetyPlanVersion.objects.select_related("author").get(
            plan=plan, number=plan.current_number
        )
        who = newer.author.label if newer.author else "the system"
        raise Conflict(
            f"version {newer.number} was saved by {who} at "
            f"{newer.created_at.isoformat(timespec='minutes')} after version {base}; "
            "nothing was saved: reload the plan and apply your changes again",
            field="base_version",
        )


@transaction.atomic
def save_plan(
    *,
    client: Any,
    actor: Any,
    content: Any,
    base_version: int | None,
    change_note: str = "",
    review_due: dt.date | None = None,
    origin: str = VersionOrigin.EDIT,
    proposal: Any = None,
) -> SafetyPlanVersion:
    """Save the whole plan as a new version (the care team; a save is also a review, §2.4).

    Entries keep their author unless their words changed; the care team may record words the client
    dictated as the client's. The directory's crisis lines and emergency department are refreshed. The
    review date is the interval for the current risk level, or an earlier date the clinician chose.
    """
    require_clinical(actor)
    note = rules_text(change_note, "change_note")
    cleaned = clean_content(client, content)
    plan = plan_for_update(client)
    check_base(plan, base_version)
    latest = current_version(plan)
    cleaned = rules.assign_authors(latest.content if latest else None, cleaned, writer="clinician")
    cleaned = resources.with_directory_entries(cleaned, resources.directory_entries(client))
    due, basis = review.review_due_for(
        today=facts.today(client),
        risk_level=risk_level(client),
        policy=review_policy(client.organisation),
        requested=review_due,
    )
    if latest is not None and latest.content == cleaned and origin == VersionOrigin.EDIT:
        origin = VersionOrigin.REVIEW
    return write_version(
        plan=plan,
        content=cleaned,
        actor=actor,
        origin=origin,
        review_due=due,
        review_basis=basis,
        reason="Plan reviewed",
        keep_earlier_review=False,
        change_note=note,
        proposal=proposal,
    )


def rules_text(value: str, field: str, limit: int = 500) -> str:
    try:
        text = no_control_chars_multiline(value or "")
    except ValueError as exc:
        raise InvalidInput(str(exc), field=field) from exc
    if len(text) > limit:
        raise InvalidInput(f"is {len(text)} characters long; the limit is {limit}", field=field)
    return text


@transaction.atomic
def sign_version(
    *,
    client: Any,
    number: int,
    actor: Any,
    method: str,
    name: str = "",
) -> PlanSignature:
    """Sign the current version (§2.1 process rules; PRODUCT.md capability 7: both sign what they agreed).

    A clinician signs under their own login (``clinician_login``) or records the client's signature
    given aloud in a session or on paper (``verbal_in_session``, ``paper``: ``name`` is the client's name
    as they gave it). A client signs on their own portal login (``portal``; ``name`` as typed).
    """
    plan = plan_for_update(client)
    target = SafetyPlanVersion.objects.filter(plan=plan, number=number).first()
    if target is None:
        raise Http404("Not found")
    if number != plan.current_number:
        raise Conflict(
            f"version {number} is not the current version ({plan.current_number}); "
            "sign the current version",
            field="number",
        )
    name = rules_text(name, "name", 100).replace("\n", " ")
    if actor is not None and getattr(actor, "is_client", False):
        if method != SignatureMethod.PORTAL:
            raise InvalidInput("a client signs on the portal", field="method")
        role, signer = SignerRole.CLIENT, actor
        name = name or client.display_name
    else:
        require_clinical(actor)
        if method == SignatureMethod.CLINICIAN_LOGIN:
            role, signer, name = SignerRole.CLINICIAN, actor, actor.label
        elif method in (SignatureMethod.VERBAL_IN_SESSION, SignatureMethod.PAPER):
            if not name:
                raise InvalidInput("write the client's name as they gave it", field="name")
            role, signer = SignerRole.CLIENT, None
        else:
            raise InvalidInput(
                "must be clinician_login, verbal_in_session or paper", field="method"
            )
    if PlanSignature.objects.filter(version=target, role=role).exists():
        raise Conflict(f"version {number} is already signed by the {role}", field="method")
    signature = PlanSignature.objects.create(
        version=target, role=role, name=name, signer=signer, recorded_by=actor, method=method
    )
    if PlanSignature.objects.filter(version=target).count() == len(SignerRole.values):
        plan.signed_number = number
        plan.save(update_fields=["signed_number"])
    audit.record(
        actor=actor,
        action="plan.signed",
        client=client,
        target=signature,
        details={"number": number, "role": role, "method": method},
    )
    return signature
