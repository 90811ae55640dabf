"""Automatic logoff after inactivity, and MFA enrolment enforced for staff outside demo organisations."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect

_MFA_EXEMPT = ("/accounts/", "/static/", "/healthz", "/api/", "/portal/", "/favicon")


class IdleLogoffMiddleware:
    """HIPAA 164.312(a)(2)(iii): end a browser session after N idle minutes (staff 15 by default)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            limit = settings.CLIENT_IDLE_SECONDS if user.is_client else settings.STAFF_IDLE_SECONDS
            now = int(time.time())
            last = request.session.get("last_activity")
            if last is not None and now - int(last) > limit:
                is_portal = user.is_client
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                target = "/portal/login/" if is_portal else settings.LOGIN_URL
                return HttpResponseRedirect(f"{target}?idle=1")
            # Write at most once a minute so reads stay reads.
            if last is None or now - int(last) > 60:
                request.session["last_activity"] = now
        return self.get_response(request)


class StaffMFAMiddleware:
    """Staff of a non-demo organisation must enrol TOTP before they can open any clinical page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user: Any = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and user.is_staff_role
            and not request.path.startswith(_MFA_EXEMPT)
            and staff_mfa_required(user)
            and not has_totp(user)
        ):
            return HttpResponseRedirect("/accounts/2fa/totp/activate")
        return self.get_response(request)


def staff_mfa_required(user: Any) -> bool:
    """MFA is waived only for a demo organisation while Safeplan itself runs in demo or dev mode."""
    org = getattr(user, "organisation", None)
    return not (settings.RELAXED and org is not None and org.demo)


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()
