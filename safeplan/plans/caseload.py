"""The caseload's overdue column, from plans: a safety plan past its review date (one query)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeplan.plans.selectors import review_due_by_client


def caseload_facts(client_ids: list[int], today: dt.date) -> dict[int, dict[str, Any]]:
    return {
        pk: {"overdue": ["plan review"]}
        for pk, due in review_due_by_client(client_ids).items()
        if due < today
    }
