"""Pages: emergency access, psychotherapy notes, legal holds. The same services as the API."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.accounts.models import Role
from safeplan.audit import services as audit
from safeplan.clients.access import get_client_for
from safeplan.lib.errors import DomainError
from safeplan.lib.pages import domain_error_page
from safeplan.records import notes, services
from safeplan.records.forms import BreakGlassForm, LegalHoldForm, NoteForm, RecordNumberForm


def _clinical(request: HttpRequest) -> Any:
    user: Any = request.user
    if not getattr(user, "is_clinical", False):
        raise Http404("Not found")
    return user


def _zone(name: str) -> Any:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return dt.UTC


def _error_page(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return domain_error_page(request, exc, "Not allowed")


@login_required
@require_http_methods(["GET", "POST"])
def break_glass(request: HttpRequest) -> HttpResponse:
    """Find a client outside the care team by record number, then give a reason for emergency access."""
    user = _clinical(request)
    context: dict[str, Any] = {"can_break_glass": user.role == Role.CLINICIAN}
    lookup = RecordNumberForm(request.POST or None, prefix="find")
    grant_form = None
    status = 200
    if request.method == "POST" and user.role == Role.CLINICIAN:
        if "reason" in request.POST:
            grant_form = BreakGlassForm(request.POST)
            if grant_form.is_valid():
                try:
                    grant = services.break_the_glass(
                        actor=user,
                        record_number=grant_form.cleaned_data["record_number"],
                        reason=grant_form.cleaned_data["reason"],
                    )
                except DomainError as exc:
                    grant_form.add_error(
                        exc.field if exc.field in grant_form.fields else None, exc.message
                    )
                else:
                    until = timezone.localtime(grant.expires_at, _zone(user.time_zone))
                    messages.warning(
                        request,
                        f"Emergency access until {until:%H:%M} ({user.time_zone}). "
                        "The supervisors and the care team have been told.",
                    )
                    return redirect(f"/clients/{grant.client_id}/")
            status = 422
            lookup = RecordNumberForm(prefix="find")
        elif lookup.is_valid():
            try:
                exists = services.client_exists(
                    actor=user, record_number=lookup.cleaned_data["record_number"]
                )
            except DomainError as exc:
                lookup.add_error(exc.field if exc.field in lookup.fields else None, exc.message)
                status = exc.status
            else:
                context["searched"] = lookup.cleaned_data["record_number"]
                context["exists"] = exists
                if exists:
                    grant_form = BreakGlassForm(
                        initial={"record_number": lookup.cleaned_data["record_number"]}
                    )
        else:
            status = 422
    elif request.method == "POST":
        raise Http404("Not found")
    grants = list(services.grants_visible_to(user)[:50])
    audit.record(actor=user, action="records.break_glass_listed", details={"count": len(grants)})
    context.update({"lookup": lookup, "grant_form": grant_form, "grants": grants})
    return render(request, "records/break_glass.html", context, status=status)


@login_required
@require_POST
def end_break_glass(request: HttpRequest, grant_id: int) -> HttpResponse:
    user = _clinical(request)
    services.end_break_glass(actor=user, grant_id=grant_id)
    messages.info(request, "Emergency access ended.")
    return redirect("/break-glass/")


@login_required
@require_http_methods(["GET", "POST"])
def psychotherapy_notes(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    form = NoteForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                notes.write_note(actor=user, client=client, body=form.cleaned_data["body"])
            except DomainError as exc:
                if exc.status == 403:
                    return _error_page(request, exc)
                form.add_error("body" if exc.field == "body" else None, exc.message)
            else:
                messages.success(request, "Note saved. Only you can read it.")
                return redirect(f"/clients/{client.pk}/psychotherapy-notes/")
        status = 422
    try:
        own = notes.list_notes(actor=user, client=client)
    except DomainError as exc:
        return _error_page(request, exc)
    return render(
        request,
        "records/psychotherapy_notes.html",
        {"client": client, "notes": own, "form": form},
        status=status,
    )


@login_required
@require_POST
def place_legal_hold(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    form = LegalHoldForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Legal hold not placed: " + "; ".join(str(e) for e in form.errors["reason"])
        )
        return redirect(f"/clients/{client.pk}/")
    try:
        services.place_legal_hold(actor=user, client=client, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        return _error_page(request, exc)
    messages.success(request, "Legal hold placed: retention will not touch this record.")
    return redirect(f"/clients/{client.pk}/")


@login_required
@require_POST
def release_legal_hold(request: HttpRequest, client_id: int, hold_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    try:
        services.release_legal_hold(actor=user, client=client, hold_id=hold_id)
    except DomainError as exc:
        return _error_page(request, exc)
    messages.success(request, "Legal hold released.")
    return redirect(f"/clients/{client.pk}/")
