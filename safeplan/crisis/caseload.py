"""The caseload's crisis column: an open crisis or lost-connection protocol, and overdue crisis follow-up
contacts (two queries for the page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from safeplan.crisis.models import CrisisEvent, CrisisFollowUp, CrisisStatus, FollowUpStatus
from safeplan.crisis.rules import types


def caseload_facts(client_ids: list[int], today: dt.date) -> dict[int, dict[str, Any]]:
    facts: dict[int, dict[str, Any]] = {}
    rows = (
        CrisisEvent.objects.filter(client_id__in=client_ids, status=CrisisStatus.OPEN)
        .order_by("client_id", "-opened_at")
        .values_list("client_id", "pk", "crisis_type")
    )
    for client_id, pk, crisis_type in rows:
        found = facts.setdefault(client_id, {})
        if "crisis" in found:
            found["crisis"]["more"] += 1
            continue
        found["crisis"] = {
            "id": pk,
            "label": "Lost connection protocol"
            if crisis_type == types.LOST_CONNECTION
            else f"Crisis: {types.CRISIS_TYPES.get(crisis_type, crisis_type)}",
            "lost_connection": crisis_type == types.LOST_CONNECTION,
            "more": 0,
        }
    late = (
        CrisisFollowUp.objects.filter(
            client_id__in=client_ids, status=FollowUpStatus.PENDING, due_at__lt=timezone.now()
        )
        .values_list("client_id", flat=True)
        .distinct()
    )
    for client_id in late:
        facts.setdefault(client_id, {}).setdefault("overdue", []).append("crisis follow-up contact")
    return facts
