"""Reads of a user's own notifications (no client data beyond ids: titles carry record numbers only)."""

from __future__ import annotations

from typing import Any

from django.db.models import Case, IntegerField, Value, When

from safeplan.notifications.models import Notification


def for_user(user: Any, *, limit: int = 50) -> list[Notification]:
    """Open alerts first (newest first), then everything else, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    open_first = Case(
        When(urgent=True, acknowledged_at__isnull=True, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return list(
        Notification.objects.filter(recipient_id=user.pk)
        .select_related("acknowledged_by")
        .order_by(open_first, "-created_at", "-pk")[:limit]
    )


def open_alert_count(user: Any) -> int:
    return Notification.objects.filter(
        recipient_id=user.pk, urgent=True, acknowledged_at__isnull=True
    ).count()


def as_dict(n: Notification) -> dict[str, Any]:
    return {
        "id": n.pk,
        "kind": n.kind,
        "title": n.title,
        "link": n.link,
        "client_id": n.client_id,
        "urgent": n.urgent,
        "created_at": n.created_at.isoformat(),
        "read_at": n.read_at.isoformat() if n.read_at else None,
        "acknowledged_at": n.acknowledged_at.isoformat() if n.acknowledged_at else None,
        "acknowledged_by": n.acknowledged_by.label if n.acknowledged_by is not None else None,
    }
