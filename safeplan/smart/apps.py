from __future__ import annotations

from django.apps import AppConfig


class SmartConfig(AppConfig):
    name = "safeplan.smart"
    label = "smart"
    default_auto_field = "django.db.models.BigAutoField"
