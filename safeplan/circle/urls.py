from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "circle"
urlpatterns: list[URLPattern | URLResolver] = []
