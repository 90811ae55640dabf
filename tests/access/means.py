"""Access cases for lethal-means counselling: API and the clinician's page (care team and supervisors)."""

from __future__ import annotations

from typing import Any

from safeplan.plans import means_counselling
from tests.access import Case, staff_api, staff_page
from tests.factories import World

BODY = {
    "means": ["medication"],
    "counselled": ["client"],
    "agreements": [{"means": "medication", "action": "locked"}],
}


def _record(world: World) -> dict[str, Any]:
    record = means_counselling.record_counselling(
        actor=world.users["clinician"], client=world.client, data=BODY
    )
    return {"record_id": record.pk}


BASE = "/api/v1/clients/{client_id}/means-counselling"

CASES = [
    Case("GET", BASE, staff_api(), setup=_record),
    Case("POST", BASE, staff_api(supervisor=201, clinician=201), body=BODY),
    Case(
        "POST",
        BASE + "/{record_id}/check",
        staff_api(),
        setup=_record,
        body={"outcome": "confirmed"},
    ),
    Case("GET", "/clients/{client_id}/means-counselling/", staff_page(), kind="page"),
    Case(
        "POST",
        "/clients/{client_id}/means-counselling/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        body={"means": "medication", "action_medication": "locked", "counselled": "client"},
    ),
    Case(
        "POST",
        "/clients/{client_id}/means-counselling/{record_id}/check/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=_record,
        body={"outcome": "confirmed"},
    ),
]
