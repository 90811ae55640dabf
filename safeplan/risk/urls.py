"""Pages for risk."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "risk"
urlpatterns: list[URLPattern] = []
