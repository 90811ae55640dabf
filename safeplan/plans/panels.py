"""The plan's card on the clinician's client page: version, signatures, review date, warnings."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from safeplan.clients import facts
from safeplan.clients.panels import Panel
from safeplan.plans import labels, selectors


def client_panels(request: HttpRequest, client: Any) -> list[Panel]:
    user: Any = request.user
    if not getattr(user, "is_clinical", False):
        return []
    version = selectors.current_plan(client)
    codes = selectors.warnings_for(client, version, facts.today(client))
    selectors.record_read(
        user, client, "plan.summary_viewed", number=version.number if version else None
    )
    context = {
        "client_id": client.pk,
        "version": version,
        "signed_number": selectors.signed_number(client) if version else None,
        "review_due": selectors.plan_review_due(client),
        "overdue": "review_overdue" in codes,
        "warnings": [labels.WARNINGS[c] for c in codes if c not in ("no_plan", "review_overdue")],
        "pending": len(selectors.pending_proposals(client)) if version else 0,
    }
    return [Panel(template="plans/panel.html", context=context, title="Safety plan")]
