"""Reads of risk data for other apps and for the risk pages.

Cross-app contract (other apps call only these):

- ``current_risk_level(client) -> "none" | "low" | "moderate" | "high"``: the client's current risk flag,
  ``"none"`` when it was never set.
- ``current_risk_flag(client) -> RiskFlagChange | None``: the newest flag change (``level``, ``set_at``,
  ``set_by`` (None when raised by software on behalf of nobody), ``source`` ("assessment", "safet",
  "clinician"), ``assessment`` (the result that raised it), ``reason``), or None when never set.

These two do not write an audit entry: the caller has already fetched the client through
``get_client_for`` and records its own read. Everything that returns assessment content is audited.
"""

from __future__ import annotations

from typing import Any

from safeplan.risk.models import RiskFlagChange


def current_risk_flag(client: Any) -> RiskFlagChange | None:
    return (
        RiskFlagChange.objects.filter(client_id=client.pk)
        .select_related("set_by", "assessment")
        .order_by("-set_at", "-id")
        .first()
    )


def current_risk_level(client: Any) -> str:
    flag = (
        RiskFlagChange.objects.filter(client_id=client.pk)
        .order_by("-set_at", "-id")
        .values_list("level", flat=True)
        .first()
    )
    return flag or "none"
