"""Pages for plans."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "plans"
urlpatterns: list[URLPattern] = []
