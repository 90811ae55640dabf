"""Re-authentication ("sudo mode") before sensitive page actions, via django-allauth.

Call ``require_recent_authentication(request)`` inside a view *after* the access and role checks, so
outsiders still get their 404/403 and only permitted users are asked for their password again. A sign-in
or a re-authentication within ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` seconds counts; otherwise allauth's
middleware turns the exception into a redirect to its re-authentication page and resumes the action after.
"""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import get_authentication_records
from allauth.core.exceptions import ReauthenticationRequired
from django.conf import settings
from django.http import HttpRequest


def recently_authenticated(request: HttpRequest) -> bool:
    if request.user.is_anonymous:
        return False
    records = get_authentication_records(request, request.user)  # type: ignore[arg-type]
    now = time.time()
    return any(
        now - float(r.get("at", 0)) < settings.ACCOUNT_REAUTHENTICATION_TIMEOUT for r in records
    )


def require_recent_authentication(request: HttpRequest) -> None:
    if not recently_authenticated(request):
        raise ReauthenticationRequired()
