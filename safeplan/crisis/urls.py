"""Pages for crisis."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "crisis"
urlpatterns: list[URLPattern] = []
