"""The caseload's overdue column, from follow-up: missed check-ins (one query for the page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count

from safeplan.followup.models import OVERDUE_STATES, CheckIn


def caseload_facts(client_ids: list[int], today: dt.date) -> dict[int, dict[str, Any]]:
    rows = (
        CheckIn.objects.filter(client_id__in=client_ids, state__in=OVERDUE_STATES)
        .values("client_id")
        .annotate(n=Count("id"))
    )
    return {
        r["client_id"]: {"overdue": [f"{r['n']} missed check-in{'s' if r['n'] != 1 else ''}"]}
        for r in rows
    }
