"""Authentication for the JSON API: bearer tokens (hashed server-side) or the browser session with CSRF."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from safeplan.accounts.middleware import has_totp, staff_mfa_required
from safeplan.accounts.services import user_for_token
from safeplan.lib import rls


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = user_for_token(token)
        if user is None:
            return None
        request.user = user
        if settings.ROW_LEVEL_SECURITY:
            rls.set_scope(connection, user.organisation_id)  # the token named the organisation
        return user


class BrowserSession(SessionAuth):
    """The logged-in page session (CSRF enforced); staff without required MFA are refused."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # No session user: answer 401 (not a CSRF 403) so clients know to authenticate.
        if not request.user.is_authenticated:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None:
            return None
        if user.is_staff_role and staff_mfa_required(user) and not has_totp(user):
            return None
        return user


API_AUTH = [BearerToken(), BrowserSession()]
