"""Clinician pages for risk: run an instrument, a SAFE-T, see a result, the flag and its history,
request an instrument from the client; the admin page that loads official instrument text."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.audit import services as audit
from safeplan.clients.access import get_client_for
from safeplan.lib.errors import DomainError
from safeplan.lib.pages import domain_error_page
from safeplan.risk import bssa_views, eligibility, follow_up, selectors, services
from safeplan.risk.forms import (
    PROTECTIVE_FACTOR_CHOICES,
    RISK_FACTOR_CHOICES,
    InstrumentTextForm,
    RequestForm,
    RiskFlagForm,
    answers_from_post,
    form_rows,
    safet_from_post,
)
from safeplan.risk.models import Assessment, InstrumentText
from safeplan.risk.pathway_pages import pathway_context, session_id_from
from safeplan.risk.pathway_records import record_pathway_action
from safeplan.risk.rules.cssrs import VARIANTS
from safeplan.risk.rules.safet import ATTRIBUTION as SAFET_ATTRIBUTION
from safeplan.risk.rules.safet import INQUIRY, TEXT_FIELDS
from safeplan.risk.texts import TITLES, instrument_form, item_labels
from safeplan.risk.trends import trends_for

FORM_INSTRUMENTS = ("phq9", "gad7", "asq", "cssrs_screener", "phqa")


def _clinical(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.is_clinical:
        raise Http404("Not found")
    return user


def _field_errors(exc: DomainError) -> tuple[dict[str, str], str]:
    """Errors keyed by the item they concern (``answers.item9`` → ``item9``), or a page-level message."""
    field = exc.field or ""
    if field.startswith("answers."):
        return {field.split(".", 1)[1]: exc.message}, ""
    if field in ("correction_reason", "variant"):
        return {field: exc.message}, ""
    return {}, exc.message


def _corrects(client: Any, raw: str | None, instrument: str) -> Assessment | None:
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


@login_required
@require_http_methods(["GET", "POST"])
def assessment_new(request: HttpRequest, client_id: int, instrument: str) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    if instrument == "safet":
        return _safet(request, user, client)
    if instrument == "bssa":
        return bssa_views.bssa_page(request, user, client, _field_errors)
    if instrument not in FORM_INSTRUMENTS:
        raise Http404("Not found")
    form = instrument_form(client.organisation, instrument, "en")
    corrects = _corrects(
        client, request.POST.get("corrects") or request.GET.get("corrects"), instrument
    )
    errors: dict[str, str] = {}
    message = ""
    answers: dict[str, Any] = {}
    if request.method == "GET":
        if corrects is not None:
            answers = dict(corrects.answers)
            audit.record(actor=user, action="assessment.viewed", client=client, target=corrects)
        else:
            audit.record(
                actor=user,
                action="assessment.form_viewed",
                client=client,
                details={"instrument": instrument},
            )
    if request.method == "POST":
        answers = answers_from_post(form, request.POST)
        variant = request.POST.get("variant") or None if instrument == "cssrs_screener" else None
        try:
            created = services.record_assessment(
                actor=user,
                client=client,
                instrument=instrument,
                answers=answers,
                variant=variant,
                corrects=corrects,
                correction_reason=request.POST.get("correction_reason", ""),
            )
        except DomainError as exc:
            errors, message = _field_errors(exc)
        else:
            session = session_id_from(request)
            keep = f"?session={session}" if session else ""
            return redirect(f"/clients/{client.pk}/assessments/{created.pk}/{keep}")
    context = {
        "client": client,
        "form": form,
        "rows": form_rows(form, answers, errors),
        "answers": answers,
        "errors": errors,
        "message": message,
        "corrects": corrects,
        "variants": VARIANTS,
        "variant": request.POST.get("variant", "lifetime_recent"),
        "correction_reason": request.POST.get("correction_reason", ""),
        "asq_guidance": eligibility.asq_guidance(client) if instrument == "asq" else None,
    }
    status = 422 if errors or message else 200
    return render(request, "risk/assessment_form.html", context, status=status)


def _inquiry_rows(answers: dict[str, Any], errors: dict[str, str]) -> list[dict[str, Any]]:
    given = answers.get("inquiry") or {}
    rows = []
    for part, label in INQUIRY.items():
        entry = given.get(part) or {}
        rows.append(
            {
                "part": part,
                "label": label,
                "present": entry.get("present"),
                "notes": entry.get("notes", ""),
                "error": errors.get(f"inquiry.{part}", ""),
            }
        )
    return rows


def _safet(request: HttpRequest, user: Any, client: Any) -> HttpResponse:
    errors: dict[str, str] = {}
    message = ""
    answers: dict[str, Any] = {}
    confirm_needed = ""
    status = 200
    if request.method == "POST":
        answers = safet_from_post(request.POST)
        try:
            created = services.record_assessment(
                actor=user,
                client=client,
                instrument="safet",
                answers=answers,
                confirm=request.POST.get("confirm") == "on",
                confirm_reason=request.POST.get("confirm_reason", ""),
            )
        except DomainError as exc:
            if exc.field in ("confirm", "confirm_reason"):
                # The confirmation step: a "low" its findings contradict (safet_check.py).
                confirm_needed = exc.message if exc.field == "confirm" else ""
                errors = {exc.field: exc.message}
            else:
                errors, message = _field_errors(exc)
            status = exc.status
        else:
            return redirect(f"/clients/{client.pk}/assessments/{created.pk}/")
    context = {
        "client": client,
        "answers": answers,
        "errors": errors,
        "message": message,
        "risk_factors": RISK_FACTOR_CHOICES,
        "protective_factors": PROTECTIVE_FACTOR_CHOICES,
        "inquiry_rows": _inquiry_rows(answers, errors),
        "levels": [("low", "Low"), ("moderate", "Moderate"), ("high", "High")],
        "attribution": SAFET_ATTRIBUTION,
        "latest": selectors.latest_by_instrument(client),
        "text_fields": TEXT_FIELDS,
        "confirm_step": bool(confirm_needed) or "confirm_reason" in errors,
        "confirm_reason": request.POST.get("confirm_reason", ""),
    }
    if request.method == "GET":
        audit.record(actor=user, action="assessment.form_viewed", client=client)
    return render(request, "risk/safet_form.html", context, status=status)


def _detail_context(
    request: HttpRequest, user: Any, client: Any, assessment: Assessment
) -> dict[str, Any]:
    labels = item_labels(client.organisation, assessment.instrument, assessment.language)
    rows = []
    if assessment.instrument != "safet":
        rows = [(key, labels.get(key, key), value) for key, value in assessment.answers.items()]
        if assessment.instrument == "bssa":
            rows = [(k, q, bssa_views.answer_text(k, v)) for k, q, v in rows]
        order = list(labels)
        rows.sort(key=lambda r: order.index(r[0]) if r[0] in order else len(order))
    corrections = list(assessment.corrections.order_by("completed_at", "id"))
    return {
        "client": client,
        "a": assessment,
        "title": TITLES[assessment.instrument],
        "rows": rows,
        "corrections": corrections,
        "risk_factor_labels": dict(RISK_FACTOR_CHOICES),
        "protective_factor_labels": dict(PROTECTIVE_FACTOR_CHOICES),
        "inquiry_labels": dict(INQUIRY),
        "form": None
        if assessment.instrument == "safet"
        else instrument_form(client.organisation, assessment.instrument, assessment.language),
        "flag_change": assessment.flag_changes.order_by("id").first(),
        # A corrected entry's pathway is the correction's: follow the newest entry.
        "pw": None
        if corrections
        else pathway_context(assessment, session=session_id_from(request)),
        "tz": getattr(user, "time_zone", "") or client.organisation.time_zone,
        "follow_ups": list(assessment.follow_ups.order_by("completed_at", "id")),
    }


@login_required
def assessment_detail(request: HttpRequest, client_id: int, assessment_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    assessment = selectors.assessment_for(user, client, assessment_id)
    return render(
        request, "risk/assessment_detail.html", _detail_context(request, user, client, assessment)
    )


@login_required
@require_POST
def pathway_action(request: HttpRequest, client_id: int, assessment_id: int) -> HttpResponse:
    """Record one next action of the result's pathway as done or declined (with the reason)."""
    user = _clinical(request)
    client = get_client_for(user, client_id)
    assessment = selectors.assessment_for(user, client, assessment_id)
    action = request.POST.get("action", "")
    try:
        record_pathway_action(
            actor=user,
            assessment=assessment,
            action=action,
            outcome=request.POST.get("outcome", ""),
            reason=request.POST.get("reason", ""),
        )
    except DomainError as exc:
        context = _detail_context(request, user, client, assessment)
        if context["pw"] is None:
            return domain_error_page(request, exc, "Not recorded")
        context["pw"]["error"] = f"{exc.field}: {exc.message}" if exc.field else exc.message
        context["pw"]["error_action"] = action
        return render(request, "risk/assessment_detail.html", context, status=exc.status)
    if request.POST.get("next") == "client":
        return redirect(f"/clients/{client.pk}/#risk")
    session = session_id_from(request)
    keep = f"?session={session}" if session else ""
    return redirect(f"/clients/{client.pk}/assessments/{assessment.pk}/{keep}#pathway")


@login_required
def assessment_list(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    rows = selectors.assessments_for(user, client)
    context = {"client": client, "rows": rows, "titles": TITLES, "trends": trends_for(client)}
    return render(request, "risk/assessment_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def risk_flag(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    # From a crisis closed at a lower level (``?suggest=``): the level is only suggested; lowering still
    # needs the clinician's reason (RiskFlagForm, services.set_risk_level).
    suggest = request.GET.get("suggest", "")
    level = suggest if suggest in ("none", "low", "moderate", "high") else None
    form = RiskFlagForm(
        request.POST or None,
        initial={"level": level or selectors.current_risk_level(client)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_risk_level(
                actor=user,
                client=client,
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect(f"/clients/{client.pk}/")
    history = selectors.flag_history(user, client)
    context = {"client": client, "form": form, "history": history}
    return render(request, "risk/flag.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def request_create(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    form = RequestForm(request.POST, prefix="req")
    error = ""
    if form.is_valid():
        try:
            services.request_assessment(
                actor=user,
                client=client,
                instrument=form.cleaned_data["instrument"],
                due_on=form.cleaned_data["due_on"],
                repeat_every_days=form.cleaned_data["repeat_every_days"],
            )
        except DomainError as exc:
            error = exc.message
        else:
            return redirect(f"/clients/{client.pk}/#risk")
    else:
        error = "; ".join(f"{k}: {' '.join(str(e) for e in v)}" for k, v in form.errors.items())
    return render(
        request,
        "error.html",
        {"status": 422, "title": "The request was not sent", "message": error},
        status=422,
    )


@login_required
@require_POST
def request_cancel(request: HttpRequest, client_id: int, request_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    found = selectors.request_for(client, request_id)
    try:
        services.cancel_request(actor=user, request=found)
    except DomainError as exc:
        return domain_error_page(request, exc, "Not changed")
    return redirect(f"/clients/{client.pk}/#risk")


@login_required
@require_http_methods(["GET", "POST"])
def instrument_texts(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role != "admin":
        raise Http404("Not found")
    form = InstrumentTextForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.load_instrument_text(actor=user, **form.cleaned_data)
        except DomainError as exc:
            field = (exc.field or "").split(".")[0]
            form.add_error(field if field in form.fields else None, exc.message)
        else:
            return redirect("/risk/instrument-texts/")
    texts = (
        InstrumentText.objects.filter(organisation_id=user.organisation_id)
        .select_related("loaded_by")
        .order_by("-loaded_at", "-id")
    )
    return render(
        request,
        "risk/instrument_texts.html",
        {"form": form, "texts": texts, "titles": TITLES},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def follow_up_done(request: HttpRequest, client_id: int, task_id: int) -> HttpResponse:
    """The clinician records how a same-day follow-up was done (risk/follow_up.py)."""
    user = _clinical(request)
    client = get_client_for(user, client_id)
    try:
        follow_up.complete_task(
            actor=user,
            client=client,
            task_id=task_id,
            outcome=request.POST.get("outcome", ""),
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        return domain_error_page(request, exc, "Follow-up not recorded")
    return redirect(f"/clients/{client.pk}/#risk")
