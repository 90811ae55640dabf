"""Plain dicts of versions, diffs and proposals, shaped for ``plans.schemas`` (API) and the pages."""

from __future__ import annotations

from typing import Any

from safeplan.plans import display, labels, rules
from safeplan.plans.models import PlanProposal, PlanSignature, SafetyPlanVersion


def person(user: Any) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.label, "role": user.role}


def signature(sig: PlanSignature) -> dict[str, Any]:
    return {
        "role": sig.role,
        "name": sig.name,
        "method": sig.method,
        "signed_at": sig.signed_at,
        "recorded_by": person(sig.recorded_by),
    }


def version(
    v: SafetyPlanVersion,
    *,
    current_number: int,
    signed_number: int | None,
    warnings: list[str],
) -> dict[str, Any]:
    return {
        "client_id": v.plan.client_id,
        "number": v.number,
        "current_number": current_number,
        "is_current": v.number == current_number,
        "signed_number": signed_number,
        "created_at": v.created_at,
        "author": person(v.author),
        "origin": v.origin,
        "based_on": v.based_on,
        "change_note": v.change_note,
        "review_due": v.review_due,
        "review_basis": v.review_basis,
        "plan_review_due": v.plan.review_due,
        "content_hash": v.content_hash,
        "signatures": [signature(s) for s in v.signatures.all()],
        "sections": {s: v.content.get(s, []) for s in rules.SECTIONS},
        "warnings": [{"code": c, "message": labels.WARNINGS[c]} for c in warnings],
    }


def version_summary(v: SafetyPlanVersion, previous: SafetyPlanVersion | None) -> dict[str, Any]:
    return {
        "number": v.number,
        "created_at": v.created_at,
        "author": person(v.author),
        "origin": v.origin,
        "based_on": v.based_on,
        "change_note": v.change_note,
        "review_due": v.review_due,
        "signatures": [signature(s) for s in v.signatures.all()],
        "changes": len(rules.diff_contents(previous.content if previous else None, v.content)),
    }


def changes(old: dict[str, Any] | None, new: dict[str, Any]) -> list[dict[str, Any]]:
    raw = rules.diff_contents(old, new)
    shown = display.show_diff(raw)
    return [
        {
            "kind": c.kind,
            "section": c.section,
            "entry_id": c.entry_id,
            "fields": c.fields,
            "before": c.before,
            "after": c.after,
            "summary": display.summary_line(s),
        }
        for c, s in zip(raw, shown, strict=True)
    ]


def proposal(p: PlanProposal, *, base: dict[str, Any], conflicts: list[str]) -> dict[str, Any]:
    return {
        "id": p.pk,
        "base_number": p.base_number,
        "status": p.status,
        "message": p.message,
        "created_at": p.created_at,
        "proposed_by": person(p.proposed_by),
        "resolved_by": person(p.resolved_by),
        "resolved_at": p.resolved_at,
        "resulting_number": p.resulting_number,
        "changes": changes(base, p.content),
        "conflicts": conflicts,
        "comments": [
            {"author": person(c.author), "text": c.text, "created_at": c.created_at}
            for c in p.comments.all()
        ],
    }
