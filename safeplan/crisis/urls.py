"""Pages for crisis response (mounted at the site root)."""

from __future__ import annotations

from django.urls import path

from safeplan.crisis import views, views_records

app_name = "crisis"
urlpatterns = [
    path("crisis/", views.live, name="live"),
    path("crisis/live/", views.live_partial, name="live-partial"),
    path("clients/<int:client_id>/crisis/new/", views.crisis_new, name="new"),
    path(
        "sessions/<int:session_id>/connection-lost/", views.connection_lost, name="connection-lost"
    ),
    path("crisis/<int:event_id>/", views.crisis_page, name="detail"),
    path("crisis/<int:event_id>/timeline/", views.timeline_partial, name="timeline"),
    path("crisis/<int:event_id>/entries/", views.entry_add, name="entry-add"),
    path(
        "crisis/<int:event_id>/entries/<int:entry_id>/correct/",
        views_records.entry_correct,
        name="entry-correct",
    ),
    path("crisis/<int:event_id>/join/", views.join, name="join"),
    path("crisis/<int:event_id>/advance/", views.advance, name="advance"),
    path(
        "crisis/<int:event_id>/disclosures/new/",
        views_records.disclosure_new,
        name="disclosure-new",
    ),
    path("crisis/<int:event_id>/close/", views_records.close, name="close"),
    path("crisis/notes/<int:note_id>/", views_records.note_page, name="note"),
    path("crisis/notes/<int:note_id>/amend/", views_records.note_amend, name="note-amend"),
    path(
        "crisis/follow-ups/<int:follow_up_id>/done/",
        views_records.follow_up_done,
        name="follow-up-done",
    ),
]
