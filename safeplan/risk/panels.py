"""The risk section of the clinician's client page: crisis banner, risk flag, the prompted suicide-risk
screen after PHQ-9 item 9 > 0, latest results with their explanations, trends, requests to the client."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from safeplan.audit import services as audit
from safeplan.clients.panels import Panel
from safeplan.risk import eligibility, follow_up, selectors
from safeplan.risk.forms import RequestForm
from safeplan.risk.models import FollowUpOutcome
from safeplan.risk.pathway_pages import pathway_context, session_id_from
from safeplan.risk.pathway_records import pathway_of
from safeplan.risk.texts import TITLES
from safeplan.risk.trends import trends_for

ORDER = ("phq9", "phqa", "gad7", "asq", "bssa", "cssrs_screener", "safet")


def client_panels(request: HttpRequest, client: Any) -> list[Panel]:
    user: Any = request.user
    if not getattr(user, "is_clinical", False):
        return []
    latest = selectors.latest_by_instrument(client)
    results = [{"a": latest[k], "title": TITLES[k]} for k in ORDER if k in latest]
    audit.record(
        actor=user, action="risk.summary_viewed", client=client, details={"results": len(results)}
    )
    context = {
        "client": client,
        "banner": selectors.crisis_banner(client),
        "flag": selectors.current_risk_flag(client),
        "prompted": selectors.prompted_suicide_screen(client),
        "results": results,
        "trends": trends_for(client),
        "requests": selectors.requests_for(client),
        "tasks": follow_up.open_tasks(client),
        "outcomes": FollowUpOutcome.choices,
        "titles": TITLES,
        "request_form": RequestForm(prefix="req"),
        "pathway": open_pathway(request, list(latest.values())),
        "tz": getattr(user, "time_zone", "") or client.organisation.time_zone,
        "is_minor": eligibility.is_minor(client),
    }
    return [Panel("risk/panel.html", context, title="Risk assessment")]


def open_pathway(request: HttpRequest, latest: list[Any]) -> dict[str, Any] | None:
    """The pathway of the newest result that still has a step not recorded as done or declined."""
    newest_first = sorted(latest, key=lambda a: (a.completed_at, a.pk), reverse=True)
    for assessment in newest_first:
        if pathway_of(assessment) is None:
            continue
        context = pathway_context(assessment, session=session_id_from(request))
        if context is not None and context["view"].open_steps:
            return context
    return None
