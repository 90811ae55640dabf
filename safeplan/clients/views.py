"""Clinician pages: caseload, client page, create and edit a client, portal invitations."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.accounts import services as account_services
from safeplan.accounts.models import Role, User
from safeplan.accounts.reauth import require_recent_authentication
from safeplan.audit import services as audit
from safeplan.clients import selectors, services
from safeplan.clients.access import get_client_for
from safeplan.clients.caseload import facts_for
from safeplan.clients.forms import ClientForm
from safeplan.clients.panels import panels_for
from safeplan.lib.errors import DomainError, InvalidInput
from safeplan.lib.pages import domain_error_page

LEVEL_RANK = {"none": 0, "low": 1, "moderate": 2, "high": 3}


def _staff(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.is_staff_role:
        raise Http404("Not found")
    return user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.is_client:
        return redirect("/portal/")
    if not user.is_clinical:
        return redirect("/audit/")
    clients = list(selectors.caseload(user)[:500])
    facts = facts_for([c.pk for c in clients], timezone.localdate())
    rows = [{"client": c, **facts.get(c.pk, {"overdue": []})} for c in clients]
    # What needs attention first: an open crisis or protocol, then the highest risk level.
    rows.sort(
        key=lambda r: (0 if r.get("crisis") else 1, -LEVEL_RANK.get(r.get("risk_level", ""), 0))
    )
    audit.record(actor=user, action="client.listed", details={"count": len(clients)})
    return render(request, "clients/caseload.html", {"clients": clients, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def client_new(request: HttpRequest) -> HttpResponse:
    user = _staff(request)
    if not user.is_clinical:
        raise Http404("Not found")
    form = ClientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            client = services.create_client(actor=user, data=form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect(f"/clients/{client.pk}/")
    return render(
        request,
        "clients/client_form.html",
        {"form": form, "client": None},
        status=422 if form.errors else 200,
    )


@login_required
def client_page(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _staff(request)
    client = selectors.client_detail(user, client_id)
    details = selectors.client_as_dict(client)
    on_team = {m["clinician_id"] for m in details["care_team"]}
    candidates = [
        u
        for u in User.objects.filter(
            organisation_id=client.organisation_id,
            role__in=[Role.CLINICIAN, Role.SUPERVISOR],
            is_active=True,
        ).order_by("username")
        if u.pk not in on_team
    ]
    context = {
        "client": client,
        "details": details,
        "candidates": candidates,
        "panels": panels_for(request, client),
    }
    return render(request, "clients/client_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def client_edit(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _staff(request)
    client = get_client_for(user, client_id)
    initial = selectors.client_as_dict(client)
    form = ClientForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_client(actor=user, client=client, changes=form.cleaned_data)
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            return redirect(f"/clients/{client.pk}/")
    else:
        audit.record(actor=user, action="client.viewed", client=client, target=client)
    return render(
        request,
        "clients/client_form.html",
        {"form": form, "client": client},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def client_invite(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _staff(request)
    client = get_client_for(user, client_id)
    try:
        issued = account_services.invite_client_to_portal(actor=user, client=client)
    except DomainError as exc:
        return domain_error_page(request, exc, "Not allowed")
    link = request.build_absolute_uri(issued.path)
    return render(
        request,
        "clients/invitation.html",
        {"client": client, "link": link, "invitation": issued.invitation},
    )


@login_required
@require_POST
def client_revoke_portal(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _staff(request)
    client = get_client_for(user, client_id)
    require_recent_authentication(request)
    try:
        account_services.revoke_portal_access(actor=user, client=client)
    except DomainError as exc:
        return domain_error_page(request, exc, "Not allowed")
    return redirect(f"/clients/{client.pk}/")


@login_required
@require_POST
def client_archive(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _staff(request)
    client = get_client_for(user, client_id)
    require_recent_authentication(request)
    try:
        services.archive_client(actor=user, client=client)
    except DomainError as exc:
        return domain_error_page(request, exc, "Not allowed")
    return redirect("/")


@login_required
@require_POST
def care_team_add(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _staff(request)
    client = get_client_for(user, client_id)
    try:
        clinician_id = int(request.POST.get("clinician_id", ""))
    except ValueError:
        return domain_error_page(
            request, InvalidInput("Choose a clinician.", field="clinician_id"), "Not added"
        )
    try:
        services.add_care_team_member(actor=user, client=client, clinician_id=clinician_id)
    except DomainError as exc:
        return domain_error_page(request, exc, "Not added")
    return redirect(f"/clients/{client.pk}/")


@login_required
@require_POST
def care_team_remove(request: HttpRequest, client_id: int, clinician_id: int) -> HttpResponse:
    user = _staff(request)
    client = get_client_for(user, client_id)
    try:
        services.remove_care_team_member(actor=user, client=client, clinician_id=clinician_id)
    except DomainError as exc:
        return domain_error_page(request, exc, "Not removed")
    return redirect(
        f"/clients/{client.pk}/" if user.role == "supervisor" or clinician_id != user.pk else "/"
    )
