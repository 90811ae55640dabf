"""Denied access is audited, and a pattern of it reaches the organisation's admins.

Every 404 or 403 answered to a signed-in user (API or page) writes one ``access.denied`` audit entry: who
(actor id and role), which route (the URL name and method), which object ids the path named (numbers only;
tokens and secrets in paths are never stored) and the status. No client words: nothing from the body or the
query string is read. A clinician browsing for clients outside their care team is therefore visible in the
audit log, even though each answer is a plain "Not found".

When one user collects ``security.denials_alert_count`` denials within ``security.denials_alert_minutes``, or
``security.break_glass_alert_count`` emergency-access grants within ``security.break_glass_alert_hours``,
the organisation's admins get one notification per window ([C] settings per organisation, defaults below:
``DENIALS_ALERT``, ``BREAK_GLASS_ALERT``).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.utils import timezone

from safeplan.accounts.models import Role, User
from safeplan.accounts.policy import org_setting
from safeplan.audit import services as audit
from safeplan.audit.models import AuditEvent
from safeplan.notifications.services import notify

logger = logging.getLogger("safeplan.security")

ACTION = "access.denied"
BREAK_GLASS_ACTION = "records.break_glass_granted"
# (count, window): defaults of the [C] settings.
DENIALS_ALERT = (10, 15)  # denials within minutes
BREAK_GLASS_ALERT = (3, 24)  # emergency-access grants within hours
_SECRET_KWARGS = frozenset({"token", "secret", "key"})


def _route(request: HttpRequest) -> tuple[str, dict[str, int]]:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "unmatched", {}
    ids: dict[str, int] = {}
    for name, value in (match.kwargs or {}).items():
        text = str(value)
        if name not in _SECRET_KWARGS and text.isdigit() and len(text) <= 18:
            ids[name] = int(text)
    return (match.view_name or "unnamed")[:64], ids


def record_denial(request: HttpRequest, status: int) -> None:
    """Audit a 404/403 answered to a signed-in user; never lets a failure change the answer."""
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return
    route, ids = _route(request)
    target_type, target_id = "", ""
    if ids:
        name = "client_id" if "client_id" in ids else next(iter(ids))
        value = ids[name]
        target_type, target_id = name.removesuffix("_id")[:40], str(value)
    details: dict[str, Any] = {"status": status, "method": request.method or "", "route": route}
    details.update({f"path_{k}": v for k, v in ids.items()})
    try:
        with transaction.atomic():
            audit.record(
                actor=user,
                action=ACTION,
                target_type=target_type,
                target_id=target_id,
                details=details,
            )
            _maybe_alert_denials(user)
    except DatabaseError:
        # The denial is still answered; a broken transaction (e.g. the view's own error) is logged, not shown.
        logger.warning("denied access by user %s could not be audited", user.pk)


def _admins_of(user: User) -> list[User]:
    return list(
        User.objects.filter(organisation=user.organisation, role=Role.ADMIN, is_active=True)
    )


def _count_since(user: User, action: str, since: dt.datetime) -> int:
    # organisation_id first: the (organisation_id, at) index bounds the scan to the window.
    return AuditEvent.objects.filter(
        organisation_id=user.organisation_id, at__gte=since, actor_id=user.pk, action=action
    ).count()


def _maybe_alert_denials(user: User) -> None:
    if user.organisation_id is None:
        return
    count = org_setting(user.organisation, "security.denials_alert_count", DENIALS_ALERT[0])
    minutes = org_setting(user.organisation, "security.denials_alert_minutes", DENIALS_ALERT[1])
    now = timezone.now()
    if count <= 0 or _count_since(user, ACTION, now - dt.timedelta(minutes=minutes)) < count:
        return
    window = int(now.timestamp() // (minutes * 60))
    _alert(
        user,
        kind="access_denials",
        title=f"{user.label} was refused access {count} or more times within {minutes} minutes",
        dedupe_key=f"denials:{user.pk}:{minutes}m:{window}",
    )


def after_break_glass(user: User) -> None:
    """Call after an emergency-access grant is recorded (same transaction): alert on a burst of them."""
    if user.organisation_id is None:
        return
    count = org_setting(user.organisation, "security.break_glass_alert_count", BREAK_GLASS_ALERT[0])
    hours = org_setting(user.organisation, "security.break_glass_alert_hours", BREAK_GLASS_ALERT[1])
    now = timezone.now()
    if (
        count <= 0
        or _count_since(user, BREAK_GLASS_ACTION, now - dt.timedelta(hours=hours)) < count
    ):
        return
    window = int(now.timestamp() // (hours * 3600))
    _alert(
        user,
        kind="break_glass_burst",
        title=f"{user.label} used emergency access {count} or more times within {hours} hours",
        dedupe_key=f"break-glass-burst:{user.pk}:{hours}h:{window}",
    )


def _alert(user: User, *, kind: str, title: str, dedupe_key: str) -> None:
    written = notify(
        recipients=_admins_of(user),
        kind=kind,
        title=title[:200],
        link="/audit/",
        dedupe_key=dedupe_key,
        email=True,
        urgent=True,
    )
    if written:
        audit.record(
            actor=None,
            action=f"security.{kind}_alerted",
            organisation_id=user.organisation_id,
            details={"user_id": user.pk},
        )
