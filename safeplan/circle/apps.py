from __future__ import annotations

from django.apps import AppConfig


class CircleConfig(AppConfig):
    name = "safeplan.circle"
    label = "circle"
    default_auto_field = "django.db.models.BigAutoField"
