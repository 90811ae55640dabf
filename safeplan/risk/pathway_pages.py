"""The pathway as buttons on the result page and the client page: where each next action's button goes.

Crisis mode opens with its type preselected and the result it came from (``?type=…&assessment=…``); from a
session (``?session=<id>``) every link keeps the session, so crisis mode and the emergency card are the
session's (issue 11). The crisis page checks the session id itself; here it is only carried along.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from safeplan.risk.models import Assessment
from safeplan.risk.pathway_records import PathwayView, pathway_view
from safeplan.risk.rules import pathways

URGENCY_LABEL = {"stop": "Stop", "now": "In this session", "today": "Today"}
URGENCY_STYLE = {"stop": "danger", "now": "warn", "today": ""}


def session_id_from(request: Any) -> int | None:
    raw = request.GET.get("session") or request.POST.get("session") or ""
    return int(raw) if raw.isdigit() and len(raw) < 12 else None


def step_href(
    client_id: int, assessment_id: int, action: pathways.Action, session: int | None
) -> str:
    keep = {"session": session} if session else {}
    if action.kind == pathways.LINK_ASSESSMENT:
        if action.target == "bssa":  # the BSSA page records which ASQ it follows up
            keep = {"follows": assessment_id, **keep}
        query = f"?{urlencode(keep)}" if keep else ""
        return f"/clients/{client_id}/assessments/new/{action.target}/{query}"
    if action.kind == pathways.LINK_CRISIS:
        query = urlencode({"type": action.target, "assessment": assessment_id, **keep})
        return f"/clients/{client_id}/crisis/new/?{query}"
    if action.kind == pathways.LINK_CARD:
        return f"/sessions/{session}/" if session else f"/clients/{client_id}/emergency-card/"
    return ""


def pathway_context(
    assessment: Assessment, *, session: int | None, view: PathwayView | None = None
) -> dict[str, Any] | None:
    """What ``risk/_pathway.html`` renders, or ``None`` when the result has no pathway."""
    view = view or pathway_view(assessment)
    if view is None:
        return None
    steps = [
        {
            "step": s,
            "href": step_href(assessment.client_id, assessment.pk, s.action, session),
            "primary": s.number == 1 or s.action.kind == pathways.LINK_CRISIS,
        }
        for s in view.steps
    ]
    p = view.pathway
    return {
        "view": view,
        "pathway": p,
        "steps": steps,
        "urgency_label": URGENCY_LABEL[p.urgency],
        "urgency_style": URGENCY_STYLE[p.urgency],
        "assessment": assessment,
        "session": session,
        "action_url": f"/clients/{assessment.client_id}/assessments/{assessment.pk}/pathway/",
    }
