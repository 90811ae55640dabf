"""Plain dicts for the API and pages from risk models (no queries beyond what is passed in)."""

from __future__ import annotations

from typing import Any

from safeplan.risk.models import Assessment, AssessmentRequest, InstrumentText, RiskFlagChange


def person(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.label}


def assessment_dict(a: Assessment, *, corrected_by: list[int] | None = None) -> dict[str, Any]:
    return {
        "id": a.pk,
        "client_id": a.client_id,
        "instrument": a.instrument,
        "version": a.version,
        "language": a.language,
        "code": a.code,
        "total": a.total,
        "level": a.implied_level,
        "positive": a.positive,
        "flags": list(a.flags or []),
        "explanation": list(a.explanation or []),
        "suicide_screen_prompted": a.prompts_suicide_screen,
        "complete": a.complete,
        "missing": list(a.missing_items or []),
        "channel": a.channel,
        "administered_by": person(a.administered_by),
        "completed_at": a.completed_at,
        "request_id": a.request_id,
        "corrects": a.corrects_id,
        "follows": a.follows_id,
        "corrected_by": corrected_by if corrected_by is not None else [],
    }


def flag_dict(f: RiskFlagChange) -> dict[str, Any]:
    return {
        "id": f.pk,
        "level": f.level,
        "previous_level": f.previous_level,
        "lowered": f.lowered,
        "source": f.source,
        "assessment_id": f.assessment_id,
        "set_by": person(f.set_by),
        "set_at": f.set_at,
        "reason": f.reason,
    }


def request_dict(r: AssessmentRequest) -> dict[str, Any]:
    status = "open"
    if r.completed_at:
        status = "completed"
    elif r.cancelled_at:
        status = "cancelled"
    return {
        "id": r.pk,
        "client_id": r.client_id,
        "instrument": r.instrument,
        "requested_by": person(r.requested_by),
        "requested_at": r.requested_at,
        "due_on": r.due_on,
        "repeat_every_days": r.repeat_every_days,
        "status": status,
        "completed_at": r.completed_at,
        "cancelled_at": r.cancelled_at,
    }


def text_dict(t: InstrumentText) -> dict[str, Any]:
    return {
        "id": t.pk,
        "instrument": t.instrument,
        "language": t.language,
        "version": t.version,
        "items": t.items,
        "copyright_notice": t.copyright_notice,
        "loaded_by": person(t.loaded_by),
        "loaded_at": t.loaded_at,
    }


def task_dict(t: Any) -> dict[str, Any]:
    return {
        "id": t.pk,
        "client_id": t.client_id,
        "assessment_id": t.assessment_id,
        "reason": t.reason,
        "due_at": t.due_at,
        "created_at": t.created_at,
        "completed_at": t.completed_at,
        "outcome": t.outcome,
        "note": t.note,
    }
