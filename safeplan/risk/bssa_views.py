"""The BSSA page: offered after a positive ASQ at ``/clients/<id>/assessments/new/bssa/?follows=<asq id>``.

The page shows the ASQ answers it follows up (the guide: "Review the patient's responses from the asQ"),
the interview by section, and the disposition; the service checks the worksheet against the client's age
and that the ASQ was positive (``risk.eligibility``), and names the field at fault.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from safeplan.audit import services as audit
from safeplan.lib.errors import DomainError
from safeplan.risk import eligibility, services
from safeplan.risk.models import Assessment
from safeplan.risk.rules import bssa
from safeplan.risk.texts import instrument_form, item_labels


def bssa_from_post(data: QueryDict) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for key, (_section, _wording, kind) in bssa.ITEMS.items():
        if kind == "symptoms":
            chosen = [c for c in data.getlist(key) if c]
            if chosen:
                answers[key] = chosen
            continue
        raw = str(data.get(key) or "").strip()
        if not raw:
            continue
        answers[key] = int(raw) if kind == "intent" and raw.isdigit() else raw
    disposition = str(data.get("disposition") or "").strip()
    if disposition:
        answers["disposition"] = disposition
    return answers


def answer_text(key: str, value: Any) -> Any:
    """A stored BSSA answer as shown: symptom and disposition codes by their label."""
    if key == "symptoms" and isinstance(value, list):
        return ", ".join(bssa.SYMPTOMS.get(str(c), str(c)) for c in value)
    if key == "disposition" and value in bssa.DISPOSITIONS:
        return bssa.DISPOSITIONS[value][0]
    return value


def _assessment(client: Any, raw: str | None, instrument: str) -> Assessment | None:
    if not raw:
        return None
    if not raw.isdigit():
        raise Http404("Not found")
    found = Assessment.objects.filter(
        client_id=client.pk, pk=int(raw), instrument=instrument
    ).first()
    if found is None:
        raise Http404("Not found")
    return found


def _rows(answers: dict[str, Any], errors: dict[str, str]) -> list[dict[str, Any]]:
    form = instrument_form(None, "bssa")
    sections: dict[str, dict[str, Any]] = {}
    for item in form.items:
        section = bssa.ITEMS[item.key][0] if item.key in bssa.ITEMS else "disposition"
        given = answers.get(item.key)
        if isinstance(given, bool):
            given = "yes" if given else "no"
        chosen = given if isinstance(given, list) else [] if given is None else [str(given)]
        entry = sections.setdefault(
            section,
            {
                "key": section,
                "title": bssa.SECTIONS.get(section, "Determine disposition"),
                "items": [],
            },
        )
        entry["items"].append(
            {
                "key": item.key,
                "text": item.text,
                "kind": item.kind,
                "optional": item.optional,
                "value": "" if given is None or isinstance(given, list) else str(given),
                "error": errors.get(item.key, ""),
                "options": [
                    {"value": value, "label": label, "checked": value in chosen}
                    for value, label in item.options
                ],
            }
        )
    return list(sections.values())


def bssa_page(
    request: HttpRequest,
    user: Any,
    client: Any,
    field_errors: Any,
) -> HttpResponse:
    follows = _assessment(client, request.POST.get("follows") or request.GET.get("follows"), "asq")
    corrects = _assessment(
        client, request.POST.get("corrects") or request.GET.get("corrects"), "bssa"
    )
    if corrects is not None and follows is None:
        follows = corrects.follows
    default_variant = "youth" if eligibility.is_minor(client) else "adult"
    variant = request.POST.get("variant") or (
        corrects.version.rsplit("-", 1)[-1] if corrects else default_variant
    )
    errors: dict[str, str] = {}
    message = ""
    answers: dict[str, Any] = {}
    if request.method == "GET":
        if corrects is not None:
            answers = dict(corrects.answers)
        audit.record(
            actor=user,
            action="assessment.form_viewed",
            client=client,
            details={"instrument": "bssa", "follows": follows.pk if follows else None},
        )
    else:
        answers = bssa_from_post(request.POST)
        try:
            created = services.record_assessment(
                actor=user,
                client=client,
                instrument="bssa",
                answers=answers,
                variant=variant,
                follows=follows,
                corrects=corrects,
                correction_reason=request.POST.get("correction_reason", ""),
            )
        except DomainError as exc:
            errors, message = field_errors(exc)
            if exc.field in ("follows", "variant"):
                errors, message = {exc.field: exc.message}, ""
        else:
            return redirect(f"/clients/{client.pk}/assessments/{created.pk}/")
    asq_rows = []
    if follows is not None:
        labels = item_labels(client.organisation, "asq", follows.language)
        asq_rows = [(labels.get(k, k), v) for k, v in follows.answers.items()]
    context = {
        "client": client,
        "sections": _rows(answers, errors),
        "errors": errors,
        "message": message,
        "follows": follows,
        "asq_rows": asq_rows,
        "corrects": corrects,
        "variant": variant,
        "variants": [
            ("adult", "Adult worksheet (18 and over)"),
            ("youth", "Youth worksheet (under 18, or to 24 in the youth ASQ workflow)"),
        ],
        "praise": bssa.PRAISE,
        "interview_note": bssa.INTERVIEW_NOTE,
        "attribution": bssa.ATTRIBUTION,
        "correction_reason": request.POST.get("correction_reason", ""),
    }
    status = 422 if errors or message else 200
    return render(request, "risk/bssa_form.html", context, status=status)
