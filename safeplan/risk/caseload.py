"""The caseload's risk column: each client's current risk level (one query for the page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safeplan.risk.selectors import risk_levels_by_client


def caseload_facts(client_ids: list[int], today: dt.date) -> dict[int, dict[str, Any]]:
    levels = risk_levels_by_client(client_ids)
    return {pk: {"risk_level": levels.get(pk, "none")} for pk in client_ids}
