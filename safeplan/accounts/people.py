"""Clinic admins manage the people of their organisation: create, change role, deactivate, reset MFA."""

from __future__ import annotations

from typing import Any

from allauth.mfa.models import Authenticator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from safeplan.accounts import services
from safeplan.accounts.models import STAFF_ROLES, ApiToken, Role, User
from safeplan.audit import services as audit
from safeplan.lib.errors import InvalidInput, NotAllowed
from safeplan.lib.validation import check_time_zone

JURISDICTION_PATTERN = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"


def staff_visible_to(user: Any) -> QuerySet[User]:
    """Admins and supervisors list their organisation's staff; nobody else lists people."""
    if not getattr(user, "is_authenticated", False) or user.role not in (
        Role.ADMIN,
        Role.SUPERVISOR,
    ):
        raise Http404("Not found")
    return User.objects.filter(
        organisation_id=user.organisation_id, role__in=list(STAFF_ROLES)
    ).order_by("username")


def get_staff_for(actor: Any, user_id: int) -> User:
    user = staff_visible_to(actor).filter(pk=user_id).first()
    if user is None:
        raise Http404("Not found")
    return user


def _require_admin(actor: Any) -> None:
    if getattr(actor, "role", None) != Role.ADMIN:
        raise NotAllowed("only clinic admins manage people")


def create_staff(*, actor: Any, data: dict[str, Any]) -> User:
    _require_admin(actor)
    if data.get("role") not in {r.value for r in STAFF_ROLES}:
        raise InvalidInput("role must be admin, supervisor or clinician", field="role")
    assert actor.organisation is not None
    user = services.create_user(
        actor=actor,
        organisation=actor.organisation,
        username=data["username"],
        password=data["password"],
        role=data["role"],
        display_name=data.get("display_name", ""),
        email=data.get("email", ""),
    )
    if data.get("licensed_jurisdictions"):
        user.licensed_jurisdictions = sorted({j.upper() for j in data["licensed_jurisdictions"]})
        user.save(update_fields=["licensed_jurisdictions"])
    return user


@transaction.atomic
def update_staff(*, actor: Any, user: User, changes: dict[str, Any]) -> User:
    _require_admin(actor)
    changed: list[str] = []
    if "role" in changes and changes["role"] is not None:
        if changes["role"] not in {r.value for r in STAFF_ROLES}:
            raise InvalidInput("role must be admin, supervisor or clinician", field="role")
        if user.pk == actor.pk and changes["role"] != Role.ADMIN:
            raise InvalidInput("you cannot remove your own admin role", field="role")
        user.role = changes["role"]
        changed.append("role")
    if changes.get("is_active") is not None:
        if user.pk == actor.pk and not changes["is_active"]:
            raise InvalidInput("you cannot deactivate yourself", field="is_active")
        user.is_active = bool(changes["is_active"])
        changed.append("is_active")
        if not user.is_active:
            ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
                revoked_at=timezone.now()
            )
    for name in ("display_name", "email", "phone"):
        if changes.get(name) is not None:
            setattr(user, name, changes[name])
            changed.append(name)
    if changes.get("time_zone") is not None:
        try:
            user.time_zone = check_time_zone(changes["time_zone"])
        except ValueError as exc:
            raise InvalidInput(str(exc), field="time_zone") from exc
        changed.append("time_zone")
    if changes.get("licensed_jurisdictions") is not None:
        user.licensed_jurisdictions = sorted({j.upper() for j in changes["licensed_jurisdictions"]})
        changed.append("licensed_jurisdictions")
    if changed:
        user.save(update_fields=changed)
    audit.record(actor=actor, action="user.updated", target=user, details={"fields": changed})
    return user


@transaction.atomic
def reset_mfa(*, actor: Any, user: User) -> int:
    """Remove a person's authenticators (lost phone); they must enrol again at their next sign-in."""
    _require_admin(actor)
    removed, _ = Authenticator.objects.filter(user=user).delete()
    audit.record(actor=actor, action="user.mfa_reset", target=user, details={"removed": removed})
    return removed
