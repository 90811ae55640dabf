"""The JSON API under /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs).

Each app contributes a router from its ``api.py``; this module only wires them and turns domain errors
into JSON ``{"detail": ...}`` responses with the right 4xx status.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

# The routers, imported once urls.py imports this module (after the apps are ready).
from safeplan.accounts.api import router as accounts_router
from safeplan.accounts.api_auth import API_AUTH
from safeplan.accounts.denials import record_denial
from safeplan.accounts.people_api import router as people_router
from safeplan.audit.api import router as audit_router
from safeplan.circle.api import router as circle_router
from safeplan.clients.api import router as clients_router
from safeplan.clinic.api import router as clinic_router
from safeplan.crisis.api import router as crisis_router
from safeplan.directory.api import router as directory_router
from safeplan.fhir.api import router as fhir_router
from safeplan.followup.api import router as followup_router
from safeplan.hopebox.api import router as hopebox_router
from safeplan.lib.errors import DomainError
from safeplan.measures.api import router as measures_router
from safeplan.onboarding.api import router as onboarding_router
from safeplan.plans.api import router as plans_router
from safeplan.plans.means_api import router as means_router
from safeplan.push.api import router as push_router
from safeplan.records.api import router as records_router
from safeplan.risk.api import router as risk_router
from safeplan.smart.api import router as smart_router
from safeplan.telehealth.api import router as telehealth_router

api = NinjaAPI(
    title="Safeplan API",
    version="1",
    urls_namespace="api-v1",
    auth=API_AUTH,
    docs_url="/docs",
    openapi_url="/openapi.json",
    description=(
        "Safety planning for telemental health. Authenticate with `POST /api/v1/auth/token` and send "
        '`Authorization: Bearer <token>`. Errors are `{"detail": ...}`.'
    ),
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    if exc.status == 403:
        record_denial(request, 403)
    return api.create_response(request, {"detail": exc.as_detail()}, status=exc.status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    record_denial(request, 404)  # audited: browsing for other clinicians' clients must be visible
    return api.create_response(request, {"detail": "Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    record_denial(request, 403)
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "Authentication required"}, status=401)


@api.exception_handler(DjangoValidationError)
def _django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.messages}, status=422)


def _mount() -> None:
    for router in (
        accounts_router,
        people_router,
        clients_router,
        audit_router,
        directory_router,
        telehealth_router,
        plans_router,
        means_router,
        risk_router,
        crisis_router,
        followup_router,
        records_router,
        fhir_router,
        smart_router,
        circle_router,
        hopebox_router,
        push_router,
        clinic_router,
        onboarding_router,
        measures_router,
    ):
        api.add_router("", router)


_mount()
