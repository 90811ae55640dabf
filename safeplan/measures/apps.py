from __future__ import annotations

from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "safeplan.measures"
    label = "measures"
    default_auto_field = "django.db.models.BigAutoField"
