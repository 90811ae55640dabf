"""People pages for clinic admins (supervisors may read the list)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.accounts import people
from safeplan.accounts.forms import NewStaffForm, StaffForm
from safeplan.accounts.middleware import has_totp
from safeplan.accounts.reauth import require_recent_authentication
from safeplan.lib.errors import DomainError
from safeplan.lib.pages import domain_error_page


@login_required
def people_list(request: HttpRequest) -> HttpResponse:
    staff = list(people.staff_visible_to(request.user))
    rows = [(u, has_totp(u)) for u in staff]
    user: Any = request.user
    return render(request, "accounts/people.html", {"rows": rows, "can_edit": user.role == "admin"})


@login_required
@require_http_methods(["GET", "POST"])
def person_new(request: HttpRequest) -> HttpResponse:
    people.staff_visible_to(request.user)
    form = NewStaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if request.user.role == "admin":  # type: ignore[union-attr]
            require_recent_authentication(request)
        try:
            people.create_staff(actor=request.user, data=form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            if exc.status == 403:
                return domain_error_page(request, exc)
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, "Account created. They will set up their authenticator at first sign-in."
            )
            return redirect("/people/")
    return render(
        request,
        "accounts/person_form.html",
        {"form": form, "title": "New staff account", "cancel_url": "/people/"},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, user_id: int) -> HttpResponse:
    person = people.get_staff_for(request.user, user_id)
    initial = {
        "display_name": person.display_name,
        "role": person.role,
        "email": person.email,
        "time_zone": person.time_zone,
        "licensed_jurisdictions": ", ".join(person.licensed_jurisdictions or []),
    }
    form = StaffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if request.user.role == "admin":  # type: ignore[union-attr]
            require_recent_authentication(request)
        try:
            people.update_staff(actor=request.user, user=person, changes=form.cleaned_data)  # type: ignore[arg-type]
        except DomainError as exc:
            if exc.status == 403:
                return domain_error_page(request, exc)
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect("/people/")
    return render(
        request,
        "accounts/person_form.html",
        {
            "form": form,
            "title": f"Edit {person.username}",
            "cancel_url": "/people/",
            "person": person,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def person_active(request: HttpRequest, user_id: int) -> HttpResponse:
    person = people.get_staff_for(request.user, user_id)
    if request.user.role == "admin":  # type: ignore[union-attr]
        require_recent_authentication(request)
    try:
        people.update_staff(
            actor=request.user, user=person, changes={"is_active": not person.is_active}
        )
    except DomainError as exc:
        return domain_error_page(request, exc, "Not allowed")
    return redirect("/people/")


@login_required
@require_POST
def person_reset_mfa(request: HttpRequest, user_id: int) -> HttpResponse:
    person = people.get_staff_for(request.user, user_id)
    if request.user.role == "admin":  # type: ignore[union-attr]
        require_recent_authentication(request)
    try:
        people.reset_mfa(actor=request.user, user=person)  # type: ignore[arg-type]
    except DomainError as exc:
        return domain_error_page(request, exc, "Not allowed")
    messages.success(
        request, "Authenticators removed; they will enrol again at their next sign-in."
    )
    return redirect("/people/")
