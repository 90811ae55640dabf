"""Every write about people and access: users, API tokens, client portal invitations."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safeplan.accounts.models import (
    STAFF_ROLES,
    ApiToken,
    Organisation,
    PortalInvitation,
    Role,
    User,
)
from safeplan.audit import services as audit
from safeplan.lib.errors import InvalidInput, NotAllowed

TOKEN_PREFIX = "sp_"  # noqa: S105 - a public prefix, not a secret


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_user(
    *,
    actor: Any,
    organisation: Organisation,
    username: str,
    password: str,
    role: str,
    display_name: str = "",
    email: str = "",
) -> User:
    if role not in Role.values:
        raise InvalidInput(f"role must be one of {', '.join(Role.values)}", field="role")
    if User.objects.filter(username=username).exists():
        raise InvalidInput("that username is taken", field="username")
    user = User(
        username=username,
        organisation=organisation,
        role=role,
        display_name=display_name,
        email=email,
        time_zone=organisation.time_zone,
    )
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    audit.record(actor=actor, action="user.created", target=user, organisation_id=organisation.pk)
    return user


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str


@transaction.atomic
def issue_api_token(*, user: User, label: str = "api", days: int | None = None) -> IssuedToken:
    if not user.is_active:
        raise NotAllowed("this account is disabled")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        prefix=secret[:10],
        digest=_digest(secret),
        label=label[:100],
        expires_at=timezone.now() + dt.timedelta(days=days or settings.API_TOKEN_DAYS),
    )
    audit.record(actor=user, action="api_token.issued", target=token)
    return IssuedToken(token=token, secret=secret)


def user_for_token(secret: str) -> User | None:
    """The active user behind a bearer token, or None (expired, revoked, unknown, or user disabled)."""
    if not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    found = list(
        ApiToken.objects.select_related("user", "user__organisation").filter(
            digest=_digest(secret)
        )[:1]
    )
    token = found[0] if found else None
    now = timezone.now()
    if token is None or not token.is_active(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def revoke_api_token(*, actor: User, token_id: int) -> None:
    updated = ApiToken.objects.filter(pk=token_id, user=actor, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    if updated:
        audit.record(
            actor=actor, action="api_token.revoked", target_type="apitoken", target_id=token_id
        )


@dataclass(frozen=True)
class IssuedInvitation:
    invitation: PortalInvitation
    secret: str

    @property
    def path(self) -> str:
        return f"/portal/invite/{self.secret}/"


@transaction.atomic
def invite_client_to_portal(*, actor: User, client: Any) -> IssuedInvitation:
    """A single-use link (shown once) that lets the client choose a portal password."""
    if not actor.is_clinical:
        raise NotAllowed("only clinicians and supervisors invite clients")
    PortalInvitation.objects.filter(
        client=client, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    secret = secrets.token_urlsafe(24)
    invitation = PortalInvitation.objects.create(
        client=client,
        digest=_digest(secret),
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(hours=settings.PORTAL_INVITE_HOURS),
    )
    audit.record(actor=actor, action="portal.invited", client=client, target=invitation)
    return IssuedInvitation(invitation=invitation, secret=secret)


def find_invitation(secret: str) -> PortalInvitation | None:
    if len(secret) > 100:
        return None
    invitation = (
        PortalInvitation.objects.select_related("client", "client__organisation")
        .filter(digest=_digest(secret))
        .first()
    )
    if invitation is None or not invitation.is_usable():
        return None
    return invitation


@transaction.atomic
def accept_invitation(*, secret: str, username: str, password: str) -> User:
    invitation = find_invitation(secret)
    if invitation is None:
        raise InvalidInput(
            "this invitation link has expired or was already used", field="invitation"
        )
    client = invitation.client
    username = username.strip()
    if not username or len(username) > 150:
        raise InvalidInput("choose a user name of up to 150 characters", field="username")
    existing = client.portal_user
    taken = User.objects.filter(username=username)
    if existing is not None:
        taken = taken.exclude(pk=existing.pk)
    if taken.exists():
        raise InvalidInput("that user name is taken", field="username")
    user = existing or User(organisation=client.organisation, role=Role.CLIENT)
    user.username = username
    user.is_active = True
    user.time_zone = client.time_zone
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), field="password") from exc
    user.set_password(password)
    user.save()
    claimed = PortalInvitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if claimed != 1:
        raise InvalidInput("this invitation link was already used", field="invitation")
    client.portal_user = user
    client.save(update_fields=["portal_user"])
    audit.record(actor=user, action="portal.invitation_accepted", client=client, target=invitation)
    return user


@transaction.atomic
def revoke_portal_access(*, actor: User, client: Any) -> None:
    if not actor.is_clinical:
        raise NotAllowed("only clinicians and supervisors revoke portal access")
    PortalInvitation.objects.filter(
        client=client, used_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    user = client.portal_user
    if user is not None:
        user.is_active = False
        user.save(update_fields=["is_active"])
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
        _end_sessions(user)
    audit.record(actor=actor, action="portal.revoked", client=client)


def _end_sessions(user: User) -> None:
    """Log a user out everywhere (session revocation)."""
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


def is_staff(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES)
