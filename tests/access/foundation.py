"""Access cases for the foundation: auth, clients, portal, audit, health."""

from __future__ import annotations

from tests.access import Case, staff_api, staff_page
from tests.factories import PASSWORD, World

EVERYONE_200 = dict.fromkeys(
    ["anonymous", "admin", "supervisor", "clinician", "clinician_off", "client", "other_admin"], 200
)
AUTHED_200 = {**EVERYONE_200, "anonymous": 401}

NEW_CLIENT = {
    "first_name": "Nia",
    "last_name": "Example",
    "date_of_birth": "1991-02-03",
    "country": "US",
    "region": "MA",
    "time_zone": "America/New_York",
    "preferred_language": "en",
}


def _token_body(world: World) -> dict[str, str]:
    return {"username": "alice-admin", "password": PASSWORD, "totp": ""}


CASES = [
    Case("GET", "/healthz", EVERYONE_200, kind="page"),
    Case("GET", "/livez", EVERYONE_200, kind="page"),
    Case(
        "POST",
        "/api/v1/auth/token",
        dict.fromkeys(EVERYONE_200, (401, 429)),
        body=lambda w: {"username": "nobody", "password": "x"},
        note="wrong credentials: 401 for everyone",
    ),
    Case("GET", "/api/v1/me", AUTHED_200),
    Case("DELETE", "/api/v1/auth/token", {**dict.fromkeys(AUTHED_200, 204), "anonymous": 401}),
    Case("GET", "/api/v1/clients", AUTHED_200, note="list is scoped: may be empty"),
    Case(
        "POST",
        "/api/v1/clients",
        staff_api(
            supervisor=201, clinician=201, clinician_off=201, admin=403, client=403, other_admin=403
        ),
        body=NEW_CLIENT,
    ),
    Case("GET", "/api/v1/clients/{client_id}", staff_api()),
    Case("PATCH", "/api/v1/clients/{client_id}", staff_api(), body={"pronouns": "she/her"}),
    Case("POST", "/api/v1/clients/{client_id}/archive", staff_api()),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/care-team",
        staff_api(),
        body=lambda w: {"clinician_id": w.users["clinician_off"].pk},
    ),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/portal-invitation",
        staff_api(supervisor=201, clinician=201),
    ),
    Case(
        "DELETE",
        "/api/v1/clients/{client_id}/portal-access",
        staff_api(supervisor=204, clinician=204),
    ),
    Case(
        "GET",
        "/api/v1/audit-events",
        {**staff_api(admin=200, supervisor=200, clinician=404, other_admin=200)},
        note="own organisation only",
    ),
    # Pages
    Case(
        "GET",
        "/",
        {**staff_page(admin=302, client=302, clinician_off=200, other_admin=302)},
        kind="page",
        note="admins go to the audit log; clients to the portal",
    ),
    Case("GET", "/clients/new/", staff_page(clinician_off=200), kind="page"),
    Case(
        "POST",
        "/clients/new/",
        staff_page(supervisor=302, clinician=302, clinician_off=302),
        kind="page",
        body=NEW_CLIENT,
    ),
    Case("GET", "/clients/{client_id}/", staff_page(), kind="page"),
    Case("GET", "/clients/{client_id}/edit/", staff_page(), kind="page"),
    Case(
        "POST",
        "/clients/{client_id}/edit/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        body={**NEW_CLIENT, "preferred_language": "en"},
    ),
    Case("POST", "/clients/{client_id}/invite/", staff_page(), kind="page"),
    Case(
        "POST",
        "/clients/{client_id}/revoke-portal/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
    ),
    Case(
        "POST",
        "/clients/{client_id}/archive/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
    ),
    Case(
        "GET",
        "/audit/",
        staff_page(admin=200, supervisor=200, clinician=404, other_admin=200),
        kind="page",
    ),
    Case(
        "GET",
        "/portal/",
        {**dict.fromkeys(EVERYONE_200, 404), "anonymous": 302, "client": 200},
        kind="page",
    ),
    Case("GET", "/portal/login/", EVERYONE_200, kind="page"),
    Case("POST", "/portal/logout/", dict.fromkeys(EVERYONE_200, 302), kind="page"),
    Case(
        "GET",
        "/portal/invite/{secret}/",
        dict.fromkeys(EVERYONE_200, 404),
        kind="page",
        setup=lambda w: {"secret": "not-a-real-invitation"},
    ),
]

STAFF_READ = staff_api(admin=200, supervisor=200, clinician=404, other_admin=200)
ADMIN_WRITE = staff_api(admin=200, supervisor=403, clinician=404, other_admin=404)
NEW_STAFF = {
    "username": "newclin",
    "password": "a-long-temporary-pass",
    "role": "clinician",
    "display_name": "New Clinician",
    "licensed_jurisdictions": ["US-MA"],
}

CASES += [
    Case("GET", "/api/v1/users", STAFF_READ),
    Case(
        "POST", "/api/v1/users", {**ADMIN_WRITE, "admin": 201, "other_admin": 201}, body=NEW_STAFF
    ),
    Case(
        "PATCH",
        "/api/v1/users/{user_id}",
        ADMIN_WRITE,
        body={"display_name": "Renamed"},
        setup=lambda w: {"user_id": w.users["clinician_off"].pk},
    ),
    Case(
        "POST",
        "/api/v1/users/{user_id}/reset-mfa",
        {**ADMIN_WRITE, "admin": 204},
        setup=lambda w: {"user_id": w.users["clinician_off"].pk},
    ),
    Case(
        "GET",
        "/people/",
        staff_page(admin=200, supervisor=200, clinician=404, other_admin=200),
        kind="page",
    ),
    Case(
        "GET",
        "/people/new/",
        staff_page(admin=200, supervisor=200, clinician=404, other_admin=200),
        kind="page",
    ),
    Case(
        "POST",
        "/people/new/",
        staff_page(admin=302, supervisor=403, clinician=404, other_admin=302),
        kind="page",
        body={**NEW_STAFF, "time_zone": "America/New_York", "licensed_jurisdictions": "US-MA"},
    ),
    Case(
        "GET",
        "/people/{user_id}/",
        staff_page(admin=200, supervisor=200, clinician=404, other_admin=404),
        kind="page",
        setup=lambda w: {"user_id": w.users["clinician_off"].pk},
    ),
    Case(
        "POST",
        "/people/{user_id}/",
        staff_page(admin=302, supervisor=403, clinician=404, other_admin=404),
        kind="page",
        body={"display_name": "Renamed", "role": "clinician", "time_zone": "America/New_York"},
        setup=lambda w: {"user_id": w.users["clinician_off"].pk},
    ),
    Case(
        "POST",
        "/people/{user_id}/active/",
        staff_page(admin=302, supervisor=403, clinician=404, other_admin=404),
        kind="page",
        setup=lambda w: {"user_id": w.users["clinician_off"].pk},
    ),
    Case(
        "POST",
        "/people/{user_id}/reset-mfa/",
        staff_page(admin=302, supervisor=403, clinician=404, other_admin=404),
        kind="page",
        setup=lambda w: {"user_id": w.users["clinician_off"].pk},
    ),
]

CASES += [
    Case(
        "POST",
        "/clients/{client_id}/care-team/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        body=lambda w: {"clinician_id": w.users["clinician_off"].pk},
    ),
    Case(
        "POST",
        "/clients/{client_id}/care-team/{clinician_id}/remove/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=lambda w: {"clinician_id": w.users["clinician"].pk},
    ),
]
