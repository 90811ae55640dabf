"""Access cases for risk: assessments, the risk flag, requests, instrument text, risk pages and portal."""

from __future__ import annotations

from typing import Any

from tests.access import Case, staff_api, staff_page
from tests.factories import World

ASQ_NEG = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}
PHQ_ZERO = {f"item{i}": 0 for i in range(1, 10)}
STAFF_ONLY_200 = {
    "anonymous": 401,
    "admin": 200,
    "supervisor": 200,
    "clinician": 200,
    "clinician_off": 200,
    "client": 403,
    "other_admin": 200,
}


def _assessment(world: World) -> dict[str, Any]:
    from safeplan.risk.services import record_assessment

    a = record_assessment(
        actor=world.users["clinician"], client=world.client, instrument="asq", answers=ASQ_NEG
    )
    return {"assessment_id": a.pk}


def _acute(world: World) -> dict[str, Any]:
    from safeplan.risk.services import record_assessment

    answers = {"q1": "yes", "q2": "no", "q3": "yes", "q4": "no", "q5": "yes"}
    a = record_assessment(
        actor=world.users["clinician"], client=world.client, instrument="asq", answers=answers
    )
    return {"assessment_id": a.pk}


def _request(world: World) -> dict[str, Any]:
    from safeplan.risk.services import request_assessment

    r = request_assessment(actor=world.users["clinician"], client=world.client, instrument="phq9")
    return {"request_id": r.pk}


def _portal_assessment(world: World) -> dict[str, Any]:
    from safeplan.risk.services import record_assessment, request_assessment

    r = request_assessment(actor=world.users["clinician"], client=world.client, instrument="phq9")
    a = record_assessment(
        actor=world.users["client"],
        client=world.client,
        instrument="phq9",
        answers=PHQ_ZERO,
        request=r,
    )
    return {"assessment_id": a.pk}


def _task(world: World) -> dict[str, Any]:
    from safeplan.risk.models import FollowUpTask
    from safeplan.risk.services import record_assessment, request_assessment

    r = request_assessment(actor=world.users["clinician"], client=world.client, instrument="phq9")
    a = record_assessment(
        actor=world.users["client"],
        client=world.client,
        instrument="phq9",
        answers=PHQ_ZERO | {"item9": 1},
        request=r,
    )
    return {"task_id": FollowUpTask.objects.get(assessment=a).pk}


def _text_body(world: World) -> dict[str, Any]:
    return {
        "instrument": "cssrs_screener",
        "language": "en",
        "version": "Screen Version - Recent (test)",
        "items": {k: f"Official wording {k}" for k in ("1", "2", "3", "4", "5", "6", "6_recent")},
        "copyright_notice": "© The Research Foundation for Mental Hygiene, Inc.",
    }


PORTAL_ONLY = {
    "anonymous": 302,
    "admin": 404,
    "supervisor": 404,
    "clinician": 404,
    "clinician_off": 404,
    "client": 200,
    "other_admin": 404,
}

CASES = [
    Case(
        "POST",
        "/api/v1/clients/{client_id}/assessments",
        staff_api(supervisor=201, clinician=201),
        body={"instrument": "asq", "answers": ASQ_NEG},
    ),
    Case("GET", "/api/v1/clients/{client_id}/assessments", staff_api()),
    Case(
        "GET",
        "/api/v1/clients/{client_id}/assessments/{assessment_id}",
        staff_api(),
        setup=_assessment,
    ),
    Case(
        "GET",
        "/api/v1/clients/{client_id}/assessments/{assessment_id}/pathway",
        staff_api(),
        setup=_acute,
    ),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/assessments/{assessment_id}/pathway-actions",
        staff_api(supervisor=201, clinician=201),
        setup=_acute,
        body={"action": "keep_on_line", "outcome": "done"},
    ),
    Case("GET", "/api/v1/clients/{client_id}/risk-flag", staff_api()),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/risk-flag",
        staff_api(supervisor=201, clinician=201),
        body={"level": "high"},
    ),
    Case("GET", "/api/v1/clients/{client_id}/assessment-requests", staff_api()),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/assessment-requests",
        staff_api(supervisor=201, clinician=201),
        body={"instrument": "phq9"},
    ),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/assessment-requests/{request_id}/cancel",
        staff_api(),
        setup=_request,
    ),
    Case(
        "GET",
        "/api/v1/instruments/{instrument}",
        STAFF_ONLY_200,
        setup=lambda w: {"instrument": "phq9"},
    ),
    Case("GET", "/api/v1/clients/{client_id}/follow-up-tasks", staff_api()),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/follow-up-tasks/{task_id}/complete",
        staff_api(),
        setup=_task,
        body={"outcome": "contacted"},
    ),
    Case("GET", "/api/v1/instrument-texts", STAFF_ONLY_200),
    Case(
        "POST",
        "/api/v1/instrument-texts",
        {
            "anonymous": 401,
            "admin": 201,
            "supervisor": 403,
            "clinician": 403,
            "clinician_off": 403,
            "client": 403,
            "other_admin": 201,
        },
        body=_text_body,
        note="each admin loads text for their own organisation",
    ),
    # Pages
    Case("GET", "/clients/{client_id}/assessments/", staff_page(), kind="page"),
    Case(
        "GET",
        "/clients/{client_id}/assessments/new/{instrument}/",
        staff_page(),
        kind="page",
        setup=lambda w: {"instrument": "phq9"},
    ),
    Case(
        "POST",
        "/clients/{client_id}/assessments/new/{instrument}/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=lambda w: {"instrument": "asq"},
        body=ASQ_NEG,
    ),
    Case(
        "GET",
        "/clients/{client_id}/assessments/{assessment_id}/",
        staff_page(),
        kind="page",
        setup=_assessment,
    ),
    Case(
        "POST",
        "/clients/{client_id}/assessments/{assessment_id}/pathway/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=_acute,
        body={"action": "keep_on_line", "outcome": "done"},
    ),
    Case(
        "POST",
        "/clients/{client_id}/follow-up-tasks/{task_id}/complete/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=_task,
        body={"outcome": "seen"},
    ),
    Case("GET", "/clients/{client_id}/risk-flag/", staff_page(), kind="page"),
    Case(
        "POST",
        "/clients/{client_id}/risk-flag/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        body={"level": "moderate", "reason": ""},
    ),
    Case(
        "POST",
        "/clients/{client_id}/assessment-requests/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        body={"req-instrument": "gad7"},
    ),
    Case(
        "POST",
        "/clients/{client_id}/assessment-requests/{request_id}/cancel/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=_request,
    ),
    Case(
        "GET",
        "/risk/instrument-texts/",
        staff_page(admin=200, supervisor=404, clinician=404, other_admin=200),
        kind="page",
        note="clinic admins only",
    ),
    Case("GET", "/portal/assessments/{request_id}/", PORTAL_ONLY, kind="page", setup=_request),
    Case(
        "POST",
        "/portal/assessments/{request_id}/",
        {**PORTAL_ONLY, "client": 302},
        kind="page",
        setup=_request,
        body={k: str(v) for k, v in PHQ_ZERO.items()},
    ),
    Case(
        "GET",
        "/portal/assessments/done/{assessment_id}/",
        PORTAL_ONLY,
        kind="page",
        setup=_portal_assessment,
    ),
]
