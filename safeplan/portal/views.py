"""The client portal: its own narrow login, invitation acceptance, and the client's home page.

Clients log in here, never on the staff login; staff cannot log in here. Pages are mobile-first and in the
client's preferred language.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.accounts import services as account_services
from safeplan.audit import services as audit
from safeplan.clients.access import portal_client_for
from safeplan.lib import ratelimit
from safeplan.lib.errors import DomainError
from safeplan.portal import services
from safeplan.portal.forms import AcceptInvitationForm, PortalLoginForm
from safeplan.portal.panels import portal_panels_for

WINDOW = 15 * 60
ATTEMPTS = 5
# Where quick exit lands: an everyday page that says nothing about the client.
NEUTRAL_PAGE = "https://www.bbc.com/weather"


def activate_client_language(client: Any) -> None:
    lang = (client.preferred_language or "en")[:2]
    translation.activate(lang if lang in ("en", "es") else "en")


@require_http_methods(["GET", "POST"])
def portal_login(request: HttpRequest) -> HttpResponse:
    form = PortalLoginForm(request.POST or None)
    error = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        ip = request.META.get("REMOTE_ADDR", "")
        if ratelimit.too_many(
            "portal-user", username, limit=ATTEMPTS, window=WINDOW
        ) or ratelimit.too_many("portal-ip", ip, limit=ATTEMPTS * 4, window=WINDOW):
            error, status = "Too many attempts. Please wait 15 minutes and try again.", 429
        else:
            user: Any = authenticate(
                request, username=username, password=form.cleaned_data["password"]
            )
            if user is not None and user.is_client:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                audit.record(actor=user, action="portal.login")
                return redirect("/portal/")
            ratelimit.count("portal-user", username, window=WINDOW)
            ratelimit.count("portal-ip", ip, window=WINDOW)
            error, status = "That user name and password do not match.", 401
    elif request.method == "POST":
        status = 422
    return render(
        request,
        "portal/login.html",
        {"form": form, "error": error, "idle": request.GET.get("idle") == "1"},
        status=status,
    )


@require_POST
def portal_logout(request: HttpRequest) -> HttpResponse:
    logout(request)
    response = redirect("/portal/login/?bye=1")
    # Tell the browser to drop the offline copy and any cached page of this origin's portal.
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@require_http_methods(["GET", "POST"])
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Leave at once: end the portal session on the server and go to a neutral page.

    A plain link (GET) so that it works without JavaScript and in one tap; the page's script replaces the
    history entry so Back does not return to the plan. The browser is told to drop its cached pages
    (not the offline copy of the plan, which the client may need later).
    """
    user: Any = request.user
    if user.is_authenticated and user.is_client:
        audit.record(actor=user, action="portal.quick_exit")
    logout(request)
    response = redirect(NEUTRAL_PAGE)
    response["Clear-Site-Data"] = '"cache"'
    response["Cache-Control"] = "no-store"
    return response


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The client switches the portal between English and Spanish; saved on their record."""
    user: Any = request.user
    if not user.is_authenticated:
        return redirect("/portal/login/")
    client = portal_client_for(user)
    try:
        services.set_own_language(
            actor=user, client=client, language=request.POST.get("language", "")
        )
    except DomainError as exc:
        activate_client_language(client)
        return render(
            request,
            "portal/language_refused.html",
            {"message": exc.message},
            status=exc.status,
        )
    back = request.POST.get("next", "")
    # Only a portal page of this site: never an address from elsewhere (open redirect).
    if not (back.startswith("/portal/") and "//" not in back and "\\" not in back):
        back = "/portal/"
    return redirect(back)


def portal_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.is_authenticated:
        return redirect("/portal/login/")
    client = portal_client_for(user)
    activate_client_language(client)
    audit.record(actor=user, action="portal.home_viewed", client=client)
    return render(
        request,
        "portal/home.html",
        {"client": client, "panels": portal_panels_for(request, client)},
    )


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, secret: str) -> HttpResponse:
    invitation = account_services.find_invitation(secret)
    if invitation is None:
        return render(request, "portal/invitation_invalid.html", status=404)
    activate_client_language(invitation.client)
    form = AcceptInvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = account_services.accept_invitation(
                secret=secret,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("/portal/")
    return render(
        request, "portal/accept_invitation.html", {"form": form}, status=422 if form.errors else 200
    )
