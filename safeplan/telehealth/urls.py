"""Pages for the telehealth emergency plan (mounted at the site root)."""

from __future__ import annotations

from django.urls import path

from safeplan.telehealth import views_profile as vp
from safeplan.telehealth import views_sessions as vs

app_name = "telehealth"
P = "clients/<int:client_id>/emergency-profile/"


def _people(kind: str, slug: str, consent: bool) -> list:  # type: ignore[type-arg]
    routes = [
        path(f"{P}{slug}/new/", vp.record_form, {"kind": kind}, name=f"{kind}-new"),
        path(f"{P}{slug}/<int:pk>/", vp.record_form, {"kind": kind}, name=f"{kind}-edit"),
        path(
            f"{P}{slug}/<int:pk>/archive/",
            vp.record_archive,
            {"kind": kind},
            name=f"{kind}-archive",
        ),
    ]
    if consent:
        routes += [
            path(
                f"{P}{slug}/<int:pk>/consent/",
                vp.consent_new,
                {"kind": kind},
                name=f"{kind}-consent",
            ),
            path(
                f"{P}{slug}/<int:pk>/revoke/",
                vp.consent_revoke,
                {"kind": kind},
                name=f"{kind}-revoke",
            ),
        ]
    return routes


urlpatterns = [
    path(P, vp.profile, name="profile"),
    path(f"{P}locations/new/", vp.location_form, name="location-new"),
    path(f"{P}locations/<int:location_id>/", vp.location_form, name="location-edit"),
    path(f"{P}locations/<int:location_id>/archive/", vp.location_archive, name="location-archive"),
    path(f"{P}locations/<int:location_id>/resources/new/", vp.resource_new, name="resource-new"),
    path(f"{P}resources/<int:resource_id>/confirm/", vp.resource_confirm, name="resource-confirm"),
    path(f"{P}resources/<int:resource_id>/reject/", vp.resource_reject, name="resource-reject"),
    *_people("support-persons", "support-persons", consent=True),
    *_people("providers", "providers", consent=True),
    *_people("guardians", "guardians", consent=False),
    path(
        f"{P}excluded-persons/new/",
        vp.record_form,
        {"kind": "excluded-persons"},
        name="excluded-new",
    ),
    path(
        f"{P}excluded-persons/<int:pk>/archive/",
        vp.record_archive,
        {"kind": "excluded-persons"},
        name="excluded-archive",
    ),
    path(f"{P}no-support-person/", vp.no_support_reason, name="no-support-reason"),
    path(f"{P}backup-plan/", vp.backup_plan, name="backup-plan"),
    path(f"{P}boundaries/", vp.boundaries, name="boundaries"),
    path("clients/<int:client_id>/sessions/new/", vs.start_session, name="session-start"),
    path("clients/<int:client_id>/emergency-card/", vs.client_card, name="client-card"),
    path("sessions/<int:session_id>/", vs.session_card, name="session-card"),
    path("sessions/<int:session_id>/location/", vs.session_location, name="session-location"),
    path("sessions/<int:session_id>/end/", vs.session_end, name="session-end"),
]
