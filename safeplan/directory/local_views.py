"""Pages for the organisation's local directory: list, add, view with history, correct, retire.

Every staff member of the organisation reads; admins and supervisors write (others get 403). Entries of
another organisation are 404. Writes go through ``directory.services`` (one transaction, audited).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.audit import services as audit
from safeplan.directory import selectors, services
from safeplan.directory.forms import CorrectionForm, LocalEntryForm, RetireForm
from safeplan.directory.models import EntryKind, LocalResourceEntry
from safeplan.directory.views import staff_user
from safeplan.lib.errors import DomainError


def _writer(request: HttpRequest) -> Any:
    user = staff_user(request)
    if not services.can_write(user):
        raise PermissionDenied("only clinic admins and supervisors change the local directory")
    return user


def _apply_error(form: Any, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    if exc.field == "verified_at":
        field = "verified_on"
    form.add_error(field, exc.message)


@login_required
def entry_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    include_history = request.GET.get("history") == "1"
    entries = list(selectors.entries_for(user, include_history=include_history))
    audit.record(actor=user, action="directory.entries_listed", details={"count": len(entries)})
    return render(
        request,
        "directory/local_list.html",
        {
            "entries": entries,
            "include_history": include_history,
            "can_write": services.can_write(user),
            "kinds": EntryKind,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest) -> HttpResponse:
    user = _writer(request)
    initial = {"country": getattr(user.organisation, "country", "US") or "US"}
    form = LocalEntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.add_local_entry(actor=user, data=form.service_data())
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, "Entry added.")
            return redirect(f"/directory/local/{entry.pk}/")
    return render(
        request,
        "directory/local_form.html",
        {"form": form, "entry": None, "title": "Add a local entry"},
        status=422 if form.errors else 200,
    )


@login_required
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    user = staff_user(request)
    entry = selectors.get_entry_for(user, entry_id)
    audit.record(actor=user, action="directory.entry_viewed", target=entry)
    history = selectors.history_of(entry)
    return render(
        request,
        "directory/local_detail.html",
        {
            "entry": entry,
            "record": selectors.as_record(entry),
            "history": history,
            "can_write": services.can_write(user),
            "retire_form": RetireForm(),
        },
    )


def _initial(entry: LocalResourceEntry) -> dict[str, Any]:
    return {
        "kind": entry.kind,
        "name": entry.name,
        "phone": entry.phone,
        "country": entry.country,
        "state": entry.state,
        "county": entry.county,
        "zips": " ".join(entry.zips or []),
        "address": entry.address,
        "notes": entry.notes,
    }


@login_required
@require_http_methods(["GET", "POST"])
def entry_correct(request: HttpRequest, entry_id: int) -> HttpResponse:
    user = staff_user(request)
    entry = selectors.get_entry_for(user, entry_id)
    _writer(request)
    form = CorrectionForm(request.POST or None, initial=_initial(entry))
    if request.method == "POST" and form.is_valid():
        try:
            new = services.correct_local_entry(
                actor=user,
                entry=entry,
                data=form.service_data(),
                reason=form.cleaned_data.get("reason", ""),
            )
        except DomainError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, "Correction saved; the previous version is kept.")
            return redirect(f"/directory/local/{new.pk}/")
    return render(
        request,
        "directory/local_form.html",
        {"form": form, "entry": entry, "title": f"Correct “{entry.name}”"},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def entry_retire(request: HttpRequest, entry_id: int) -> HttpResponse:
    user = staff_user(request)
    entry = selectors.get_entry_for(user, entry_id)
    _writer(request)
    form = RetireForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.retire_local_entry(actor=user, entry=entry, reason=form.cleaned_data["reason"])
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, "Entry retired; it stays in the history.")
            return redirect("/directory/local/")
    else:
        error = "Say why the entry is no longer in use."
    return render(
        request,
        "directory/local_detail.html",
        {
            "entry": entry,
            "record": selectors.as_record(entry),
            "history": selectors.history_of(entry),
            "can_write": True,
            "retire_form": form,
            "retire_error": error,
        },
        status=422,
    )
