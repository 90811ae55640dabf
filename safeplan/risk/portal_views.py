"""The client completes a requested instrument in the portal (mobile-first, English and Spanish UI).

Item text is the official wording: English as shipped, or an official translation the clinic loaded; we
never translate a validated instrument ourselves, so a Spanish-speaking client sees Spanish instructions
around the English items and is told the official Spanish version is not installed. A positive screen
shows the client their crisis lines and emergency number at once (issue 5; clinical-rules.md §4.2 "give
the resource list regardless of disposition").
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from safeplan.audit import services as audit
from safeplan.clients.access import portal_client_for
from safeplan.lib.errors import DomainError
from safeplan.portal.views import activate_client_language
from safeplan.risk import follow_up, selectors, services
from safeplan.risk.forms import answers_from_post, form_rows
from safeplan.risk.models import Assessment, Channel
from safeplan.risk.resources import crisis_resources
from safeplan.risk.settings import setting
from safeplan.risk.texts import instrument_form


def _portal_client(request: HttpRequest) -> Any:
    client = portal_client_for(request.user)
    activate_client_language(client)
    return client


def _portal_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The client's own words for a refusal ("I prefer not to answer"), in their language."""
    for row in rows:
        for option in row["options"]:
            if option["value"] == "refused":
                option["label"] = _("I prefer not to answer")
    return rows


@require_http_methods(["GET", "POST"])
def complete_request(request: HttpRequest, request_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("/portal/login/")
    client = _portal_client(request)
    req = selectors.request_for(client, request_id)
    if not req.is_open:
        return render(request, "risk/portal_closed.html", {"client": client})
    form = instrument_form(client.organisation, req.instrument, translation.get_language() or "en")
    errors: dict[str, str] = {}
    message = ""
    answers: dict[str, Any] = {}
    if request.method == "POST":
        answers = answers_from_post(form, request.POST)
        try:
            created = services.record_assessment(
                actor=request.user,
                client=client,
                instrument=req.instrument,
                answers=answers,
                request=req,
                language=form.language,
            )
        except DomainError as exc:
            # Missing answers are not an error (what was answered is stored as incomplete, issue 12);
            # what is left is an answer that cannot be read, shown next to its question.
            field = exc.field or ""
            if field.startswith("answers.") and field != "answers.refused":
                errors[field.split(".", 1)[1]] = _("Please check this answer.")
            elif field == "answers":
                message = _("Please answer at least one question, or go back.")
            else:
                message = _("This questionnaire could not be sent. Please try again.")
        else:
            return redirect(f"/portal/assessments/done/{created.pk}/")
    else:
        audit.record(actor=request.user, action="assessment.form_viewed", client=client, target=req)
    context = {
        "client": client,
        "form": form,
        "rows": _portal_rows(form_rows(form, answers, errors)),
        "answers": answers,
        "errors": errors,
        "message": message,
    }
    return render(
        request, "risk/portal_form.html", context, status=422 if errors or message else 200
    )


def completed(request: HttpRequest, assessment_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("/portal/login/")
    client = _portal_client(request)
    assessment = Assessment.objects.filter(
        client_id=client.pk, pk=assessment_id, channel=Channel.PORTAL
    ).first()
    if assessment is None:
        raise Http404("Not found")
    audit.record(actor=request.user, action="assessment.viewed", client=client, target=assessment)
    show = assessment.positive and setting(client.organisation, "risk.portal_crisis_resources")
    context = {
        "client": client,
        "assessment": assessment,
        "show_resources": show,
        "resources": crisis_resources(client) if show else None,
        "same_day": assessment.follow_up_tasks.exists(),
    }
    if show:
        # When the clinic will respond, next to the crisis resources (boundaries agreement; issue 12).
        response = follow_up.response_time(client)
        context["response"] = response
        if response is not None and response.next_available is not None:
            zone = follow_up.end_of_client_day(client, response.next_available).tzinfo
            context["next_available"] = response.next_available.astimezone(zone).replace(
                tzinfo=None
            )
    return render(request, "risk/portal_done.html", context)
