"""Settings pages: the organisation's caring-contact wording, and a clinician's calendar feed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from safeplan.accounts.models import Role
from safeplan.followup import rules
from safeplan.followup.caring_texts import default_text
from safeplan.followup.models import CalendarFeed, CaringMessageText
from safeplan.followup.services import calendar as calendar_services
from safeplan.followup.services import caring
from safeplan.lib.errors import DomainError

LANGUAGES = (("en", "English"), ("es", "Spanish"))


@login_required
@require_http_methods(["GET", "POST"])
def caring_texts(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.role not in (Role.ADMIN, Role.SUPERVISOR):
        raise Http404("Not found")
    errors: dict[str, str] = {}
    if request.method == "POST":
        for language, _label in LANGUAGES:
            for seq in range(1, len(rules.DEFAULT_CARING_SCHEDULE) + 1):
                name = f"{language}-{seq}"
                if name not in request.POST:
                    continue
                body = request.POST.get(name, "")
                if body.strip() == default_text(language, seq):
                    body = ""
                try:
                    caring.set_caring_text(actor=user, language=language, sequence=seq, body=body)
                except DomainError as exc:
                    errors[name] = exc.message
        if not errors:
            flash.success(request, "Caring-contact wording saved.")
            return redirect("/settings/caring-contacts/")
    custom = {
        (t.language, t.sequence): t.body
        for t in CaringMessageText.objects.filter(organisation_id=user.organisation_id)
    }
    steps = []
    for seq, (unit, amount) in enumerate(rules.DEFAULT_CARING_SCHEDULE, start=1):
        when = f"week {amount // 7}" if unit == "days" else f"month {amount}"
        texts = []
        for language, label in LANGUAGES:
            name = f"{language}-{seq}"
            value = request.POST.get(name) if errors else None
            texts.append(
                {
                    "name": name,
                    "label": label,
                    "value": value
                    if value is not None
                    else custom.get((language, seq)) or default_text(language, seq),
                    "custom": bool(custom.get((language, seq))),
                    "error": errors.get(name, ""),
                }
            )
        steps.append({"sequence": seq, "when": when, "texts": texts})
    return render(
        request, "followup/caring_texts.html", {"steps": steps}, status=422 if errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.is_clinical:
        raise Http404("Not found")
    new_url = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            calendar_services.revoke(actor=user)
            flash.success(request, "Calendar feed revoked: the old address no longer works.")
            return redirect("/settings/calendar/")
        new_url = calendar_services.create_or_rotate(actor=user)
    feed = CalendarFeed.objects.filter(user=user).first()
    return render(request, "followup/calendar_settings.html", {"feed": feed, "new_url": new_url})
