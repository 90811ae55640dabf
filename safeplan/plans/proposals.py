"""The client's proposals: changes written on the portal in their own words, accepted or discussed by the
clinician (clinical-rules.md §1.4 "Collaborative approach (client co-authors)"; PRODUCT.md capability 7).

A proposal is the whole plan as the client would have it, against the version they saw. The clinician sees
it as a diff; accepting applies the client's changes onto the current version (a three-way merge, so what
the care team saved in the meantime is kept) and creates a new version. A client can never remove or change
the care team's professional contacts or the directory's crisis lines (``rules.check_client_keeps_protected``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.plans import rules, services
from safeplan.plans.models import (
    PlanProposal,
    ProposalComment,
    ProposalStatus,
    SafetyPlanVersion,
    VersionOrigin,
)

MESSAGE_MAX = 1000
PENDING_MAX = 3


def _require_client(actor: Any, client: Any) -> None:
    if not getattr(actor, "is_client", False) or client.portal_user_id != actor.pk:
        raise NotAllowed("only the client proposes changes from the portal")


def _locked_proposal(client: Any, proposal_id: int) -> PlanProposal:
    found = (
        PlanProposal.objects.select_for_update()
        .filter(pk=proposal_id, plan__client_id=client.pk)
        .select_related("plan")
        .first()
    )
    if found is None:
        raise Http404("Not found")
    return found


@transaction.atomic
def propose_changes(
    *, client: Any, actor: Any, content: Any, base_version: int, message: str = ""
) -> PlanProposal:
    """Record the client's proposed plan. Their new and changed entries are theirs ("client")."""
    _require_client(actor, client)
    message = services.rules_text(message, "message", MESSAGE_MAX)
    cleaned = services.clean_content(client, content)
    plan = services.plan_for_update(client)
    if plan.current_number == 0:
        raise InvalidInput("there is no plan yet to propose changes to", field="base_version")
    services.check_base(plan, base_version)
    base = SafetyPlanVersion.objects.get(plan=plan, number=plan.current_number)
    # Directory entries are not part of what the client writes; keep them as they were.
    cleaned = {
        **cleaned,
        "professionals": cleaned["professionals"]
        + [e for e in base.content.get("professionals", []) if e.get("origin") == "directory"],
    }
    rules.check_client_keeps_protected(base.content, cleaned)
    cleaned = rules.assign_authors(base.content, cleaned, writer="client")
    if not rules.diff_contents(base.content, cleaned) and not message:
        raise InvalidInput("nothing was changed", field="sections")
    pending = PlanProposal.objects.filter(plan=plan, status=ProposalStatus.PENDING).count()
    if pending >= PENDING_MAX:
        raise Conflict(
            f"you already have {pending} suggestions waiting for your clinician", field="sections"
        )
    proposal = PlanProposal.objects.create(
        plan=plan,
        base_number=base.number,
        content=cleaned,
        message=message,
        proposed_by=actor,
    )
    audit.record(
        actor=actor,
        action="plan.proposal_created",
        client=client,
        target=proposal,
        details={
            "base": base.number,
            "changes": len(rules.diff_contents(base.content, cleaned)),
        },
    )
    return proposal


def merge_preview(proposal: PlanProposal) -> rules.MergeResult:
    """What accepting would save: the client's changes applied onto the current version."""
    plan = proposal.plan
    base = SafetyPlanVersion.objects.get(plan=plan, number=proposal.base_number)
    current = SafetyPlanVersion.objects.get(plan=plan, number=plan.current_number)
    return rules.merge_proposal(base.content, current.content, proposal.content)


def _resolve(proposal: PlanProposal, actor: Any, status: str, number: int | None = None) -> None:
    # A proposal's status is workflow state, not clinical content: the words it holds never change.
    PlanProposal.objects.filter(pk=proposal.pk, status=ProposalStatus.PENDING).update(
        status=status, resolved_by=actor, resolved_at=timezone.now(), resulting_number=number
    )
    proposal.refresh_from_db()


@transaction.atomic
def accept_proposal(
    *, client: Any, proposal_id: int, actor: Any, base_version: int | None = None
) -> SafetyPlanVersion:
    """Accept: the merged plan becomes a new version. Refused (409, nothing written) when the care team
    changed the same entries differently since the client's base, or when ``base_version`` (what the
    clinician reviewed) is no longer current."""
    services.require_clinical(actor)
    proposal = _locked_proposal(client, proposal_id)
    if proposal.status != ProposalStatus.PENDING:
        raise Conflict(f"this proposal is already {proposal.status}", field="status")
    plan = services.plan_for_update(client)
    if base_version is not None:
        services.check_base(plan, base_version)
    merged = merge_preview(proposal)
    if merged.conflicts:
        raise Conflict(
            f"{len(merged.conflicts)} entries were changed by the care team since the client's "
            f"version {proposal.base_number}; edit the plan by hand or discuss it with the client",
            field="sections",
        )
    version = services.save_plan(
        client=client,
        actor=actor,
        content=merged.content,
        base_version=plan.current_number,
        origin=VersionOrigin.PROPOSAL,
        proposal=proposal,
    )
    _resolve(proposal, actor, ProposalStatus.ACCEPTED, version.number)
    audit.record(
        actor=actor,
        action="plan.proposal_accepted",
        client=client,
        target=proposal,
        details={"number": version.number},
    )
    return version


@transaction.atomic
def comment_on_proposal(*, client: Any, proposal_id: int, actor: Any, text: str) -> ProposalComment:
    """A message in the discussion of a proposal, from the clinician or the client."""
    if getattr(actor, "is_client", False):
        _require_client(actor, client)
    else:
        services.require_clinical(actor)
    text = services.rules_text(text, "text", MESSAGE_MAX)
    if not text:
        raise InvalidInput("write a message", field="text")
    proposal = _locked_proposal(client, proposal_id)
    comment = ProposalComment.objects.create(
        proposal=proposal, author=actor, author_role=actor.role, text=text
    )
    audit.record(
        actor=actor,
        action="plan.proposal_commented",
        client=client,
        target=proposal,
        details={"comment_id": comment.pk},
    )
    return comment


@transaction.atomic
def decline_proposal(*, client: Any, proposal_id: int, actor: Any, reply: str) -> PlanProposal:
    """Decline, with a reply the client reads on the portal."""
    services.require_clinical(actor)
    reply = services.rules_text(reply, "reply", MESSAGE_MAX)
    if not reply:
        raise InvalidInput("tell the client why, in a sentence or two", field="reply")
    proposal = _locked_proposal(client, proposal_id)
    if proposal.status != ProposalStatus.PENDING:
        raise Conflict(f"this proposal is already {proposal.status}", field="status")
    ProposalComment.objects.create(
        proposal=proposal, author=actor, author_role=actor.role, text=reply
    )
    _resolve(proposal, actor, ProposalStatus.DECLINED)
    audit.record(actor=actor, action="plan.proposal_declined", client=client, target=proposal)
    return proposal


@transaction.atomic
def withdraw_proposal(*, client: Any, proposal_id: int, actor: Any) -> PlanProposal:
    _require_client(actor, client)
    proposal = _locked_proposal(client, proposal_id)
    if proposal.status != ProposalStatus.PENDING:
        raise Conflict(f"this proposal is already {proposal.status}", field="status")
    _resolve(proposal, actor, ProposalStatus.WITHDRAWN)
    audit.record(actor=actor, action="plan.proposal_withdrawn", client=client, target=proposal)
    return proposal
