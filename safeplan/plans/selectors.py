"""Reads of safety plans.

Cross-app contract (other apps call only these; they do not write an audit entry, because the caller has
already fetched the client through ``get_client_for`` and records its own read):

- ``current_plan(client) -> SafetyPlanVersion | None``: the newest version of the client's plan (its
  ``content`` holds the seven sections, see ``plans.rules``; ``number``, ``created_at``, ``review_due``,
  ``plan.review_due``), or None when the client has no plan yet.
- ``plan_review_due(client) -> date | None``: the date by which the plan must next be reviewed (the
  earliest asked for; see ``services.set_review_due``), or None when nothing is scheduled.
- ``review_due_by_client(client_ids) -> dict[int, date]``: the same for many clients in one query
  (dashboards); clients without a date are left out.
- ``plans_past_review(organisation_id, today) -> QuerySet[SafetyPlan]``: plans whose review date has
  passed, oldest first (``client`` selected).

Everything else here is for the plan's own pages and API, and audits what it returns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from safeplan.accounts.models import User
from safeplan.audit import services as audit
from safeplan.plans.models import (
    PlanProposal,
    PlanSignature,
    ProposalStatus,
    SafetyPlan,
    SafetyPlanVersion,
)


def current_plan(client: Any) -> SafetyPlanVersion | None:
    return (
        SafetyPlanVersion.objects.filter(plan__client_id=client.pk)
        .select_related("plan", "author")
        .order_by("-number")
        .first()
    )


def plan_review_due(client: Any) -> dt.date | None:
    due: dt.date | None = (
        SafetyPlan.objects.filter(client_id=client.pk).values_list("review_due", flat=True).first()
    )
    return due


def review_due_by_client(client_ids: Iterable[int]) -> dict[int, dt.date]:
    rows = SafetyPlan.objects.filter(
        client_id__in=list(client_ids), review_due__isnull=False
    ).values_list("client_id", "review_due")
    return {client_id: due for client_id, due in rows if due is not None}


def plans_past_review(organisation_id: int, today: dt.date) -> QuerySet[SafetyPlan]:
    return (
        SafetyPlan.objects.filter(
            organisation_id=organisation_id,
            review_due__lt=today,
            client__archived_at__isnull=True,
        )
        .select_related("client")
        .order_by("review_due", "pk")
    )


# --- the plan's own reads (audited) ------------------------------------------------------------------


def _signatures() -> Prefetch[Any]:
    return Prefetch(
        "signatures",
        queryset=PlanSignature.objects.select_related("recorded_by").order_by("signed_at", "pk"),
    )


# What ``outputs.person`` reads of a user (``label``, ``role``).
_PERSON = ("display_name", "first_name", "last_name", "username", "role")


def version(client: Any, number: int) -> SafetyPlanVersion:
    found = (
        SafetyPlanVersion.objects.filter(plan__client_id=client.pk, number=number)
        .select_related("plan", "author")
        .prefetch_related(_signatures())
        .first()
    )
    if found is None:
        raise Http404("Not found")
    return found


def versions(client: Any) -> list[SafetyPlanVersion]:
    return list(
        SafetyPlanVersion.objects.filter(plan__client_id=client.pk)
        .select_related("author")
        .prefetch_related(_signatures())
        .order_by("-number")
    )


def current_with_signatures(client: Any) -> SafetyPlanVersion | None:
    """The current version as the plan screen shows it: the author's and signers' labels only."""
    signatures = Prefetch(
        "signatures",
        queryset=PlanSignature.objects.select_related("recorded_by")
        .only(
            "version_id",
            "role",
            "name",
            "method",
            "signed_at",
            "recorded_by",
            *(f"recorded_by__{f}" for f in _PERSON),
        )
        .order_by("signed_at", "pk"),
    )
    found = list(
        SafetyPlanVersion.objects.filter(plan__client_id=client.pk)
        .select_related("plan", "author")
        .defer(
            *(
                f"author__{f.name}"
                for f in User._meta.concrete_fields
                if f.name not in (*_PERSON, "id")
            )
        )
        .prefetch_related(signatures)
        .order_by("-number")[:1]
    )
    return found[0] if found else None


def signed_number(client: Any) -> int | None:
    """The newest version signed by both the client and a clinician (the plan both agreed on)."""
    number: int | None = (
        SafetyPlan.objects.filter(client_id=client.pk)
        .values_list("signed_number", flat=True)
        .first()
    )
    return number


def pending_proposals(client: Any) -> list[PlanProposal]:
    return list(
        PlanProposal.objects.filter(plan__client_id=client.pk, status=ProposalStatus.PENDING)
        .select_related("proposed_by")
        .order_by("-created_at")
    )


def proposals(client: Any) -> list[PlanProposal]:
    return list(
        PlanProposal.objects.filter(plan__client_id=client.pk)
        .select_related("proposed_by", "resolved_by")
        .prefetch_related("comments__author")
        .order_by("-created_at")
    )


def proposal(client: Any, proposal_id: int) -> PlanProposal:
    found = (
        PlanProposal.objects.filter(plan__client_id=client.pk, pk=proposal_id)
        .select_related("plan", "proposed_by", "resolved_by")
        .prefetch_related("comments__author")
        .first()
    )
    if found is None:
        raise Http404("Not found")
    return found


def record_read(user: Any, client: Any, action: str, **details: Any) -> None:
    """Write the audit entry for a read of the plan (ids and numbers only)."""
    audit.record(actor=user, action=action, client=client, details=details)


def warnings_for(client: Any, latest: SafetyPlanVersion | None, today: dt.date) -> list[str]:
    """Codes of what the clinician should look at (see ``review.plan_warnings``), plus a changed directory."""
    from safeplan.plans import resources, review

    found = resources.for_client(client)
    codes = review.plan_warnings(
        latest.content if latest else None,
        today=today,
        review_due=latest.plan.review_due if latest else plan_review_due(client),
        has_crisis_line=bool(found.crisis_lines),
    )
    if latest is not None and resources.directory_changed(
        latest.content, resources.directory_entries(client, found)
    ):
        codes.append("directory_changed")
    return codes
