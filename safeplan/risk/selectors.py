"""Reads of risk data for other apps and for the risk pages.

Cross-app contract (other apps call only these):

- ``current_risk_level(client) -> "none" | "low" | "moderate" | "high"``: the client's current risk flag,
  ``"none"`` when it was never set.
- ``current_risk_flag(client) -> RiskFlagChange | None``: the newest flag change (``level``, ``set_at``,
  ``set_by`` (None when raised by software on behalf of nobody), ``source`` ("assessment", "safet",
  "clinician"), ``assessment`` (the result that raised it), ``reason``), or None when never set.

- ``current_risk_summary(client) -> RiskSummary | None``: the newest flag change's ``level``, ``set_at``
  and ``set_by`` (the setter's label, "" when none) in one narrow query, for screens that show only those
  (the emergency card); None when never set.
- ``risk_level_subquery(outer_ref="pk")``: an expression to annotate a ``Client`` queryset with its
  current level in the same query (``None`` when never set), e.g.
  ``clients.annotate(risk=risk_level_subquery())`` for the caseload dashboard.
- ``flag_changes_after(position, *, settled_before, limit)``: the flag history after a cursor, ids only.
- ``flag_review_due(organisation, level, set_at) -> date | None``: when a flag is due for review
  (``risk.flag_review_days``: high 90 days as the VA does), without a query.
- ``risk_levels_by_client(client_ids) -> dict[int, str]``: current levels of many clients at once
  (clients never flagged are left out: treat them as "none").

These do not write an audit entry: the caller has already fetched the client through
``get_client_for`` and records its own read. Everything that returns assessment content is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import Http404

from safeplan.audit import services as audit
from safeplan.clients.models import Client
from safeplan.risk.models import Assessment, AssessmentRequest, RiskFlagChange
from safeplan.risk.rules import review
from safeplan.risk.rules.scoring import INSTRUMENTS, SUICIDE_SCREENS
from safeplan.risk.settings import setting


def current_risk_flag(client: Any) -> RiskFlagChange | None:
    return (
        RiskFlagChange.objects.filter(client_id=client.pk)
        .select_related("set_by", "assessment")
        .order_by("-set_at", "-id")
        .first()
    )


@dataclass(frozen=True)
class RiskSummary:
    level: str
    set_at: dt.datetime
    set_by: str


def current_risk_summary(client: Any) -> RiskSummary | None:
    row = (
        RiskFlagChange.objects.filter(client_id=client.pk)
        .order_by("-set_at", "-id")
        .values_list(
            "level",
            "set_at",
            "set_by_id",
            "set_by__display_name",
            "set_by__first_name",
            "set_by__last_name",
            "set_by__username",
        )[:1]
    )
    found = list(row)
    if not found:
        return None
    level, set_at, set_by_id, display_name, first_name, last_name, username = found[0]
    label = ""
    if set_by_id is not None:  # same rule as User.label
        label = display_name or f"{first_name} {last_name}".strip() or username
    return RiskSummary(level, set_at, label)


def risk_level_subquery(outer_ref: str = "pk") -> Subquery:
    newest = RiskFlagChange.objects.filter(client_id=OuterRef(outer_ref)).order_by("-set_at", "-id")
    return Subquery(newest.values("level")[:1])


def risk_levels_by_client(client_ids: Iterable[int]) -> dict[int, str]:
    ids = list(client_ids)
    if not ids:
        return {}
    rows = Client.objects.filter(pk__in=ids).annotate(level=risk_level_subquery())
    return {pk: level for pk, level in rows.values_list("pk", "level") if level}


def flag_changes_after(
    position: int, *, settled_before: dt.datetime, limit: int
) -> list[tuple[int, int]]:
    """(flag change id, client id) of the flag history after id ``position``, set no later than
    ``settled_before``, oldest first, at most ``limit``: for a follower's cursor (follow-up's risk watch)."""
    return list(
        RiskFlagChange.objects.filter(pk__gt=position, set_at__lte=settled_before)
        .order_by("pk")
        .values_list("pk", "client_id")[:limit]
    )


def flag_review_due(organisation: Any, level: str, set_at: dt.datetime) -> dt.date | None:
    """When a flag set at ``set_at`` at ``level`` is due for review (``risk.flag_review_days``; no query)."""
    return review.flag_review_due(
        set_at.date(), level, setting(organisation, "risk.flag_review_days")
    )


def current_risk_level(client: Any) -> str:
    flag = (
        RiskFlagChange.objects.filter(client_id=client.pk)
        .order_by("-set_at", "-id")
        .values_list("level", flat=True)
        .first()
    )
    return flag or "none"


# --- audited reads for the risk pages and API --------------------------------------------------------


def assessments_for(user: Any, client: Any, *, instrument: str | None = None) -> list[Assessment]:
    """The client's assessments, newest first (the caller got ``client`` through get_client_for)."""
    qs = Assessment.objects.filter(client_id=client.pk).select_related("administered_by")
    if instrument:
        qs = qs.filter(instrument=instrument)
    rows = list(qs.order_by("-completed_at", "-id"))
    audit.record(
        actor=user, action="assessment.listed", client=client, details={"count": len(rows)}
    )
    return rows


def assessment_for(user: Any, client: Any, assessment_id: int) -> Assessment:
    found = (
        Assessment.objects.filter(client_id=client.pk, pk=assessment_id)
        .select_related("administered_by", "corrects")
        .first()
    )
    if found is None:
        raise Http404("Not found")
    audit.record(actor=user, action="assessment.viewed", client=client, target=found)
    return found


def flag_history(user: Any, client: Any) -> list[RiskFlagChange]:
    rows = list(
        RiskFlagChange.objects.filter(client_id=client.pk)
        .select_related("set_by", "assessment")
        .order_by("-set_at", "-id")
    )
    audit.record(actor=user, action="risk_flag.viewed", client=client, details={"count": len(rows)})
    return rows


def requests_for(client: Any, *, open_only: bool = True) -> list[AssessmentRequest]:
    qs = AssessmentRequest.objects.filter(client_id=client.pk).select_related("requested_by")
    if open_only:
        qs = qs.filter(completed_at__isnull=True, cancelled_at__isnull=True)
    return list(qs.order_by("due_on", "id"))


def request_for(client: Any, request_id: int) -> AssessmentRequest:
    found = AssessmentRequest.objects.filter(client_id=client.pk, pk=request_id).first()
    if found is None:
        raise Http404("Not found")
    return found


def due_requests(client: Any, today: dt.date) -> list[AssessmentRequest]:
    """Open requests the client should see now (due today or earlier)."""
    return [r for r in requests_for(client) if r.due_on <= today]


# --- display helpers (no audit: the page that calls them records its own read) ----------------------


def latest_by_instrument(client: Any) -> dict[str, Assessment]:
    """The newest assessment of each instrument (one indexed query each; only these rows are decrypted)."""
    latest: dict[str, Assessment] = {}
    for instrument in INSTRUMENTS:
        row = (
            Assessment.objects.filter(client_id=client.pk, instrument=instrument)
            .select_related("administered_by")
            .order_by("-completed_at", "-id")
            .first()
        )
        if row is not None:
            latest[instrument] = row
    return latest


def prompted_suicide_screen(client: Any) -> Assessment | None:
    """The newest PHQ-9 with item 9 > 0 that no ASQ or C-SSRS screener has followed yet (§5.1)."""
    phq = (
        Assessment.objects.filter(client_id=client.pk, prompts_suicide_screen=True)
        .order_by("-completed_at", "-id")
        .first()
    )
    if phq is None:
        return None
    followed = Assessment.objects.filter(
        client_id=client.pk,
        instrument__in=SUICIDE_SCREENS,
        completed_at__gte=phq.completed_at,
    ).exists()
    return None if followed else phq


def crisis_banner(client: Any) -> dict[str, Any] | None:
    """Why the crisis banner shows on the clinician's client page, or None (``risk.banner_*`` settings)."""

    org = client.organisation
    flag = current_risk_flag(client)
    if flag is not None and flag.level in setting(org, "risk.banner_levels"):
        return {"reason": "flag", "level": flag.level, "since": flag.set_at}
    if setting(org, "risk.banner_on_asq_acute"):
        asq = (
            Assessment.objects.filter(client_id=client.pk, instrument="asq")
            .only("code", "completed_at")
            .order_by("-completed_at", "-id")
            .first()
        )
        cleared_after = (
            flag is not None
            and flag.source == "clinician"
            and asq is not None
            and (flag.set_at > asq.completed_at)
        )
        if asq is not None and asq.code == "acute_positive" and not cleared_after:
            return {"reason": "asq_acute", "level": "high", "since": asq.completed_at}
    return None


def assessment_exists(client: Any, assessment_id: int) -> bool:
    """Whether ``assessment_id`` is one of the client's results (crisis mode opened from a pathway)."""
    return Assessment.objects.filter(client_id=client.pk, pk=assessment_id).exists()
