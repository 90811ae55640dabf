"""Pages for records: emergency access, psychotherapy notes, legal holds."""

from __future__ import annotations

from django.urls import path

from safeplan.records import views

app_name = "records"
urlpatterns = [
    path("break-glass/", views.break_glass, name="break_glass"),
    path("break-glass/<int:grant_id>/end/", views.end_break_glass, name="end_break_glass"),
    path(
        "clients/<int:client_id>/psychotherapy-notes/",
        views.psychotherapy_notes,
        name="psychotherapy_notes",
    ),
    path("clients/<int:client_id>/legal-holds/", views.place_legal_hold, name="place_legal_hold"),
    path(
        "clients/<int:client_id>/legal-holds/<int:hold_id>/release/",
        views.release_legal_hold,
        name="release_legal_hold",
    ),
]
