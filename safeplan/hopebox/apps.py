from __future__ import annotations

from django.apps import AppConfig


class HopeboxConfig(AppConfig):
    name = "safeplan.hopebox"
    label = "hopebox"
    default_auto_field = "django.db.models.BigAutoField"
