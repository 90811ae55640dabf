"""The lethal-means counselling page: /clients/<id>/means-counselling/ (records in force, their storage
checks, the form to record counselling) and the check's outcome (…/<record>/check/). Same services as
the API; errors are shown next to the field, nothing is saved."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.audit import services as audit
from safeplan.clients.access import get_client_for
from safeplan.lib.errors import DomainError
from safeplan.plans import means_counselling as means
from safeplan.plans.means_models import MeansCheck, MeansCheckOutcome
from safeplan.plans.means_rules import ACTION_LABELS, ACTIONS, CHECK_HOURS_DEFAULT, MEANS

MEANS_LABELS = {"firearm": "Firearms", "medication": "Medications", "other": "Other means"}
COUNSELLED_LABELS = {"client": "The client", "support_person": "A support person"}


def _clinical(request: HttpRequest, client_id: int) -> tuple[Any, Any]:
    user: Any = request.user
    if not getattr(user, "is_clinical", False):
        raise Http404("Not found")
    return user, get_client_for(user, client_id)


def data_from_post(data: QueryDict) -> dict[str, Any]:
    chosen = [m for m in data.getlist("means") if m]
    agreements = []
    for m in MEANS:
        if m in chosen:
            agreements.append(
                {
                    "means": m,
                    "action": data.get(f"action_{m}", ""),
                    "with_person": data.get(f"with_person_{m}", ""),
                    "details": data.get(f"details_{m}", ""),
                }
            )
    raw_hours = str(data.get("check_in_hours") or "").strip()
    return {
        "means": chosen,
        "counselled": [c for c in data.getlist("counselled") if c],
        "support_person_name": data.get("support_person_name", ""),
        "other_means": data.get("other_means", ""),
        "agreements": agreements,
        "notes": data.get("notes", ""),
        "check_in_hours": int(raw_hours) if raw_hours.isdigit() else (raw_hours or None),
    }


def _error_key(field: str, posted: dict[str, Any]) -> str:
    """``agreements.1.with_person`` → ``with_person_medication`` (the form's field for that means)."""
    parts = field.split(".")
    if len(parts) == 3 and parts[0] == "agreements" and parts[1].isdigit():
        agreements = posted.get("agreements") or []
        index = int(parts[1])
        if index < len(agreements):
            return f"{parts[2]}_{agreements[index]['means']}"
    return field or "form"


@login_required
@require_http_methods(["GET", "POST"])
def counselling_page(request: HttpRequest, client_id: int) -> HttpResponse:
    user, client = _clinical(request, client_id)
    errors: dict[str, str] = {}
    posted: dict[str, Any] = {}
    if request.method == "POST":
        posted = data_from_post(request.POST)
        try:
            means.record_counselling(actor=user, client=client, data=posted)
        except DomainError as exc:
            errors[_error_key(exc.field or "", posted)] = exc.message
        else:
            return redirect(f"/clients/{client.pk}/means-counselling/")
    records = means.current_counselling(client)
    audit.record(
        actor=user,
        action="means_counselling.listed",
        client=client,
        details={"count": len(records)},
    )
    by_means = {a["means"]: a for a in posted.get("agreements", [])}
    context = {
        "client": client,
        "records": records,
        "errors": errors,
        "posted": posted,
        "means_rows": [
            {
                "code": m,
                "label": MEANS_LABELS[m],
                "checked": m in posted.get("means", []),
                "agreement": by_means.get(m, {}),
                "actions": [
                    (code, ACTION_LABELS[code])
                    for code, applies in ACTIONS.items()
                    if applies is None or m in applies
                ],
            }
            for m in MEANS
        ],
        "counselled": [
            (code, label, code in posted.get("counselled", []))
            for code, label in COUNSELLED_LABELS.items()
        ],
        "default_hours": CHECK_HOURS_DEFAULT,
        "means_labels": MEANS_LABELS,
        "action_labels": ACTION_LABELS,
        "outcomes": MeansCheckOutcome.choices,
    }
    return render(request, "plans/means_counselling.html", context, status=422 if errors else 200)


@login_required
@require_POST
def check_outcome(request: HttpRequest, client_id: int, record_id: int) -> HttpResponse:
    user, client = _clinical(request, client_id)
    record = means.counselling_for(client, record_id)
    check = MeansCheck.objects.filter(counselling=record).first()
    if check is None:
        raise Http404("Not found")
    try:
        means.record_check(
            actor=user,
            check=check,
            outcome=request.POST.get("outcome", ""),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        return render(
            request,
            "error.html",
            {"status": 422, "title": "The check was not recorded", "message": exc.message},
            status=422,
        )
    return redirect(f"/clients/{client.pk}/means-counselling/#record-{record.pk}")
