"""Pages for the directory (included at /directory/)."""

from __future__ import annotations

from django.urls import path

from safeplan.directory import local_views, views

app_name = "directory"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("local/", local_views.entry_list, name="local_list"),
    path("local/new/", local_views.entry_new, name="local_new"),
    path("local/<int:entry_id>/", local_views.entry_detail, name="local_detail"),
    path("local/<int:entry_id>/correct/", local_views.entry_correct, name="local_correct"),
    path("local/<int:entry_id>/retire/", local_views.entry_retire, name="local_retire"),
]
