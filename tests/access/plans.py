"""Access cases for the safety plan: API, clinician pages and the client's portal pages."""

from __future__ import annotations

from typing import Any

from safeplan.plans import proposals, services
from tests.access import Case, staff_api, staff_page
from tests.factories import World
from tests.plans.helpers import full_sections, plan_body

PERSONAS = [
    "anonymous",
    "admin",
    "supervisor",
    "clinician",
    "clinician_off",
    "client",
    "other_admin",
]
AUTHED_200 = {**dict.fromkeys(PERSONAS, 200), "anonymous": 401}


def with_plan(world: World, versions: int = 1) -> dict[str, Any]:
    for number in range(versions):
        services.save_plan(
            client=world.client,
            actor=world.users["clinician"],
            content=full_sections(),
            base_version=number,
        )
    return {"number": versions}


def with_proposal(world: World) -> dict[str, Any]:
    with_plan(world)
    sections = services.current_version(world.client.safety_plan).content
    changed = {**sections, "reasons": [*sections["reasons"], {"text": "Seeing the sea again"}]}
    proposal = proposals.propose_changes(
        client=world.client,
        actor=world.users["client"],
        content=changed,
        base_version=1,
        message="I added a reason",
    )
    return {"proposal_id": proposal.pk, "number": 1}


PLAN = "/api/v1/clients/{client_id}/safety-plan"

CASES = [
    Case("GET", PLAN, staff_api(), setup=with_plan),
    Case(
        "POST",
        PLAN,
        staff_api(supervisor=201, clinician=201),
        setup=with_plan,
        body=lambda w: plan_body(1),
    ),
    Case("GET", PLAN + "/versions", staff_api(), setup=with_plan),
    Case("GET", PLAN + "/versions/{number}", staff_api(), setup=with_plan),
    Case(
        "GET",
        PLAN + "/diff",
        staff_api(),
        setup=lambda w: with_plan(w, 2),
        query="from=1&to={number}",
    ),
    Case(
        "POST",
        PLAN + "/versions/{number}/sign",
        staff_api(supervisor=201, clinician=201),
        setup=with_plan,
        body={"method": "clinician_login"},
    ),
    Case("GET", PLAN + ".pdf", staff_api(), setup=with_plan),
    Case("GET", PLAN + "/wallet-card.pdf", staff_api(), setup=with_plan),
    Case("GET", PLAN + "/proposals", staff_api(), setup=with_proposal),
    Case("GET", PLAN + "/proposals/{proposal_id}", staff_api(), setup=with_proposal),
    Case(
        "POST",
        PLAN + "/proposals/{proposal_id}/accept",
        staff_api(supervisor=201, clinician=201),
        setup=with_proposal,
        body={"base_version": 1},
    ),
    Case(
        "POST",
        PLAN + "/proposals/{proposal_id}/decline",
        staff_api(),
        setup=with_proposal,
        body={"reply": "Let us talk about this on Thursday."},
    ),
    Case(
        "POST",
        PLAN + "/proposals/{proposal_id}/comments",
        staff_api(supervisor=201, clinician=201),
        setup=with_proposal,
        body={"text": "Thank you, we will go through it together."},
    ),
    Case("GET", "/api/v1/self-care-skills", AUTHED_200),
]

EVERYONE_200 = dict.fromkeys(PERSONAS, 200)
CLIENT_ONLY = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "client": 200}
CLIENT_POSTS = {**CLIENT_ONLY, "client": 302}
PAGE = "/clients/{client_id}/plan/"

CASES += [
    Case("GET", PAGE, staff_page(), kind="page", setup=with_plan),
    Case("GET", PAGE + "edit/", staff_page(), kind="page"),
    Case(
        "POST",
        PAGE + "edit/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=with_plan,
        body={"base_version": "1", "reasons-rows": "1", "reasons-0-text": "My garden"},
    ),
    Case(
        "POST",
        PAGE + "sign/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=with_plan,
        body={"number": "1", "method": "clinician_login"},
    ),
    Case("GET", PAGE + "history/", staff_page(), kind="page", setup=with_plan),
    Case("GET", PAGE + "versions/{number}/", staff_page(), kind="page", setup=with_plan),
    Case(
        "GET",
        PAGE + "diff/",
        staff_page(),
        kind="page",
        setup=lambda w: with_plan(w, 2),
        query="from=1&to=2",
    ),
    Case("GET", PAGE + "proposals/{proposal_id}/", staff_page(), kind="page", setup=with_proposal),
    Case(
        "POST",
        PAGE + "proposals/{proposal_id}/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=with_proposal,
        body={"action": "comment", "text": "Let us look at it on Thursday."},
    ),
    Case("GET", "/portal/plan/", CLIENT_ONLY, kind="page", setup=with_plan),
    Case("GET", "/portal/plan/print/", CLIENT_ONLY, kind="page", setup=with_plan),
    Case("GET", "/portal/plan/plan.pdf", CLIENT_ONLY, kind="page", setup=with_plan),
    Case("GET", "/portal/plan/wallet-card.pdf", CLIENT_ONLY, kind="page", setup=with_plan),
    Case("GET", "/portal/plan/propose/", CLIENT_ONLY, kind="page", setup=with_plan),
    Case(
        "POST",
        "/portal/plan/propose/",
        CLIENT_POSTS,
        kind="page",
        setup=with_plan,
        body={
            "base_version": "1",
            "reasons-rows": "1",
            "reasons-0-text": "My garden",
            "message": "Another reason",
        },
        note="the proposal keeps the care team's contacts and crisis lines itself",
    ),
    Case(
        "POST",
        "/portal/plan/sign/",
        CLIENT_POSTS,
        kind="page",
        setup=with_plan,
        body={"number": "1", "name": "Cleo"},
    ),
    Case(
        "POST",
        "/portal/plan/proposals/{proposal_id}/",
        CLIENT_POSTS,
        kind="page",
        setup=with_proposal,
        body={"action": "comment", "text": "Thank you"},
    ),
    Case("GET", "/portal/sw.js", EVERYONE_200, kind="page", note="no client data in the worker"),
    Case("GET", "/portal/manifest.webmanifest", EVERYONE_200, kind="page"),
    Case("GET", "/portal/offline/", EVERYONE_200, kind="page"),
]
