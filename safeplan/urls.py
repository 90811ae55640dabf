from __future__ import annotations

from django.urls import include, path

from safeplan import views
from safeplan.api import api

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("livez", views.livez, name="livez"),
    path("api/v1/", api.urls),
    path("accounts/", include("allauth.urls")),
    path("", include("safeplan.clients.urls")),
    path("audit/", include("safeplan.audit.urls")),
    path("people/", include("safeplan.accounts.urls")),
    path("portal/", include("safeplan.portal.urls")),
    path("directory/", include("safeplan.directory.urls")),
    path("", include("safeplan.telehealth.urls")),
    path("", include("safeplan.plans.urls")),
    path("", include("safeplan.risk.urls")),
    path("", include("safeplan.crisis.urls")),
    path("", include("safeplan.followup.urls")),
    path("", include("safeplan.records.urls")),
    path("", include("safeplan.fhir.urls")),
    path("", include("safeplan.smart.urls")),
    path("", include("safeplan.circle.urls")),
    path("", include("safeplan.hopebox.urls")),
    path("", include("safeplan.push.urls")),
    path("", include("safeplan.clinic.urls")),
    path("", include("safeplan.onboarding.urls")),
    path("", include("safeplan.measures.urls")),
]

handler400 = "safeplan.views.bad_request"
handler403 = "safeplan.views.forbidden"
handler404 = "safeplan.views.not_found"
handler500 = "safeplan.views.server_error"
