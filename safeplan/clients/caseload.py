"""What the caseload shows beside each client, contributed by the apps that know it (issue 11 "Risk in view").

Like the client page's panels, each app exposes ``caseload_facts(client_ids, today) -> {client_id: facts}``
in its own ``caseload.py``; the caseload merges them. Each provider answers for the whole page in a fixed
number of queries (never one per client), so the page costs the same for 5 clients or 500.
Facts: ``risk_level`` (risk), ``crisis`` (the open crisis or lost-connection protocol: id, label, whether it
is a lost connection), ``overdue`` (a list of short labels: missed check-ins, a plan past its review date,
a crisis follow-up contact past due).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils.module_loading import import_string

PROVIDERS = [
    "safeplan.risk.caseload.caseload_facts",
    "safeplan.crisis.caseload.caseload_facts",
    "safeplan.followup.caseload.caseload_facts",
    "safeplan.plans.caseload.caseload_facts",
]


def facts_for(client_ids: Iterable[int], today: dt.date) -> dict[int, dict[str, Any]]:
    ids = list(client_ids)
    merged: dict[int, dict[str, Any]] = {pk: {"overdue": []} for pk in ids}
    if not ids:
        return merged
    for dotted in PROVIDERS:
        try:
            provider = import_string(dotted)
        except ImportError:
            continue  # the app does not contribute to the caseload
        for pk, facts in provider(ids, today).items():
            row = merged.setdefault(pk, {"overdue": []})
            row["overdue"] = row["overdue"] + list(facts.pop("overdue", []))
            row.update(facts)
    return merged
