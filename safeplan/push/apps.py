from __future__ import annotations

from django.apps import AppConfig


class PushConfig(AppConfig):
    name = "safeplan.push"
    label = "push"
    default_auto_field = "django.db.models.BigAutoField"
