from __future__ import annotations

from django.urls import path

from safeplan.clients import views

app_name = "clients"
urlpatterns = [
    path("", views.home, name="home"),
    path("clients/new/", views.client_new, name="new"),
    path("clients/<int:client_id>/", views.client_page, name="detail"),
    path("clients/<int:client_id>/edit/", views.client_edit, name="edit"),
    path("clients/<int:client_id>/invite/", views.client_invite, name="invite"),
    path(
        "clients/<int:client_id>/revoke-portal/", views.client_revoke_portal, name="revoke_portal"
    ),
    path("clients/<int:client_id>/archive/", views.client_archive, name="archive"),
    path("clients/<int:client_id>/care-team/", views.care_team_add, name="care_team_add"),
    path(
        "clients/<int:client_id>/care-team/<int:clinician_id>/remove/",
        views.care_team_remove,
        name="care_team_remove",
    ),
]
