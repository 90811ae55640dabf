"""Authentication and the caller's own account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from safeplan.accounts import services
from safeplan.audit import services as audit
from safeplan.lib import ratelimit

router = Router(tags=["auth"])

LOCKOUT_ATTEMPTS = 5
LOCKOUT_WINDOW = 15 * 60


class TokenIn(Schema):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=256)
    totp: str | None = Field(default=None, max_length=12, pattern=r"^[0-9 ]*$")


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"  # noqa: S105
    expires_at: str
    user: dict[str, Any]


class Detail(Schema):
    detail: Any


class MeOut(Schema):
    id: int
    username: str
    role: str
    name: str
    organisation: str | None
    mfa_enrolled: bool


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: Detail, 429: Detail},
    summary="Exchange username, password (and TOTP code where enrolled) for a bearer token",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Any:
    ip = request.META.get("REMOTE_ADDR", "")
    if ratelimit.too_many(
        "token-user", payload.username, limit=LOCKOUT_ATTEMPTS, window=LOCKOUT_WINDOW
    ) or ratelimit.too_many("token-ip", ip, limit=LOCKOUT_ATTEMPTS * 4, window=LOCKOUT_WINDOW):
        return Status(429, {"detail": "Too many failed attempts. Try again in 15 minutes."})
    user: Any = authenticate(request, username=payload.username, password=payload.password)
    if user is not None:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP

        totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if totp is not None:
            code = (payload.totp or "").replace(" ", "")
            if not code:
                return Status(
                    401, {"detail": [{"loc": ["body", "totp"], "msg": "a TOTP code is required"}]}
                )
            if not TOTP(totp).validate_code(code):
                user = None
    if user is None:
        ratelimit.count("token-user", payload.username, window=LOCKOUT_WINDOW)
        ratelimit.count("token-ip", ip, window=LOCKOUT_WINDOW)
        audit.record(actor=None, action="auth.token_failed", details={})
        return Status(401, {"detail": "Invalid credentials"})
    issued = services.issue_api_token(user=user, label="api")
    return Status(
        200,
        {
            "token": issued.secret,
            "expires_at": issued.token.expires_at.isoformat(),
            "user": {"id": user.pk, "username": user.username, "role": user.role},
        },
    )


@router.get("/me", response=MeOut, summary="The authenticated user")
def me(request: HttpRequest) -> Any:
    from safeplan.accounts.middleware import has_totp

    user: Any = request.user
    return {
        "id": user.pk,
        "username": user.username,
        "role": user.role,
        "name": user.label,
        "organisation": user.organisation.name if user.organisation else None,
        "mfa_enrolled": has_totp(user),
    }


@router.delete(
    "/auth/token", response={204: None}, summary="Revoke the bearer token used for this call"
)
def revoke_token(request: HttpRequest) -> Any:
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        from safeplan.accounts.models import ApiToken

        digest = services._digest(header[7:].strip())
        token = ApiToken.objects.filter(digest=digest).first()
        if token is not None:
            services.revoke_api_token(actor=token.user, token_id=token.pk)
    return Status(204, None)
