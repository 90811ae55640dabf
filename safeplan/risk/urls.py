"""Pages for risk (included at the site root)."""

from __future__ import annotations

from django.urls import path

from safeplan.risk import portal_views, views

app_name = "risk"
urlpatterns = [
    path("clients/<int:client_id>/assessments/", views.assessment_list, name="list"),
    path(
        "clients/<int:client_id>/assessments/new/<str:instrument>/",
        views.assessment_new,
        name="new",
    ),
    path(
        "clients/<int:client_id>/assessments/<int:assessment_id>/",
        views.assessment_detail,
        name="detail",
    ),
    path(
        "clients/<int:client_id>/assessments/<int:assessment_id>/pathway/",
        views.pathway_action,
        name="pathway_action",
    ),
    path("clients/<int:client_id>/risk-flag/", views.risk_flag, name="flag"),
    path(
        "clients/<int:client_id>/assessment-requests/",
        views.request_create,
        name="request_create",
    ),
    path(
        "clients/<int:client_id>/assessment-requests/<int:request_id>/cancel/",
        views.request_cancel,
        name="request_cancel",
    ),
    path(
        "clients/<int:client_id>/follow-up-tasks/<int:task_id>/complete/",
        views.follow_up_done,
        name="follow_up_done",
    ),
    path("risk/instrument-texts/", views.instrument_texts, name="instrument_texts"),
    path("portal/assessments/<int:request_id>/", portal_views.complete_request, name="portal_form"),
    path(
        "portal/assessments/done/<int:assessment_id>/",
        portal_views.completed,
        name="portal_done",
    ),
]
