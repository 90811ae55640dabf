"""Pages for telehealth."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "telehealth"
urlpatterns: list[URLPattern] = []
