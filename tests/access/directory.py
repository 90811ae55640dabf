"""Access cases for the directory: reference lookups, local entries (API and pages).

Reference data: every staff user of any organisation (200); clients 404; anonymous 401 / login redirect.
Local entries: read by the organisation's staff; written by its admins and supervisors (clinicians 403);
another organisation's entry is 404.
"""

from __future__ import annotations

from typing import Any

from tests.access import Case
from tests.factories import World

STAFF_200_API = {
    "anonymous": 401,
    "admin": 200,
    "supervisor": 200,
    "clinician": 200,
    "clinician_off": 200,
    "client": 404,
    "other_admin": 200,
}
STAFF_200_PAGE = {**STAFF_200_API, "anonymous": 302}


def _writers(ok: int, *, other_admin: int, api: bool = True) -> dict[str, Any]:
    return {
        "anonymous": 401 if api else 302,
        "admin": ok,
        "supervisor": ok,
        "clinician": 403,
        "clinician_off": 403,
        "client": 404,
        "other_admin": other_admin,
    }


NEW_ENTRY = {
    "kind": "mobile_crisis",
    "country": "US",
    "state": "MA",
    "county": "Suffolk",
    "name": "Test mobile crisis team",
    "phone": "(617) 555-0131",
}


def _entry(world: World) -> dict[str, Any]:
    from safeplan.directory.services import add_local_entry

    entry = add_local_entry(actor=world.users["admin"], data=dict(NEW_ENTRY))
    return {"entry_id": entry.pk}


CASES = [
    Case("GET", "/api/v1/directory/emergency-numbers", STAFF_200_API, query="country=GB"),
    Case(
        "GET",
        "/api/v1/directory/crisis-lines",
        STAFF_200_API,
        query="country=US&language=es",
    ),
    Case(
        "GET",
        "/api/v1/directory/emergency-departments",
        STAFF_200_API,
        query="lat=42.3626&lon=-71.0693",
    ),
    Case("GET", "/api/v1/directory/psaps", STAFF_200_API, query="state=MA&county=Suffolk"),
    Case(
        "GET",
        "/api/v1/directory/local-resources",
        STAFF_200_API,
        query="country=US&zip=02114",
    ),
    Case("GET", "/api/v1/directory/local-entries", STAFF_200_API),
    Case(
        "POST",
        "/api/v1/directory/local-entries",
        _writers(201, other_admin=201),
        body=NEW_ENTRY,
        note="other_admin adds to their own organisation",
    ),
    Case(
        "GET",
        "/api/v1/directory/local-entries/{entry_id}",
        {**STAFF_200_API, "other_admin": 404},
        setup=_entry,
    ),
    Case(
        "POST",
        "/api/v1/directory/local-entries/{entry_id}/corrections",
        _writers(201, other_admin=404),
        setup=_entry,
        body={"phone": "(617) 555-0132", "reason": "number changed"},
    ),
    Case(
        "POST",
        "/api/v1/directory/local-entries/{entry_id}/retire",
        _writers(200, other_admin=404),
        setup=_entry,
        body={"reason": "team disbanded"},
    ),
    # Pages
    Case("GET", "/directory/", STAFF_200_PAGE, kind="page", query="country=US&zip=02114"),
    Case("GET", "/directory/local/", STAFF_200_PAGE, kind="page"),
    Case(
        "GET",
        "/directory/local/new/",
        _writers(200, other_admin=200, api=False),
        kind="page",
    ),
    Case(
        "POST",
        "/directory/local/new/",
        _writers(302, other_admin=302, api=False),
        kind="page",
        body=NEW_ENTRY,
    ),
    Case(
        "GET",
        "/directory/local/{entry_id}/",
        {**STAFF_200_PAGE, "other_admin": 404},
        kind="page",
        setup=_entry,
    ),
    Case(
        "GET",
        "/directory/local/{entry_id}/correct/",
        _writers(200, other_admin=404, api=False),
        kind="page",
        setup=_entry,
    ),
    Case(
        "POST",
        "/directory/local/{entry_id}/correct/",
        _writers(302, other_admin=404, api=False),
        kind="page",
        setup=_entry,
        body={**NEW_ENTRY, "phone": "(617) 555-0133", "reason": "number changed"},
    ),
    Case(
        "POST",
        "/directory/local/{entry_id}/retire/",
        _writers(302, other_admin=404, api=False),
        kind="page",
        setup=_entry,
        body={"reason": "team disbanded"},
    ),
]
