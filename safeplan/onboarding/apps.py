from __future__ import annotations

from django.apps import AppConfig


class OnboardingConfig(AppConfig):
    name = "safeplan.onboarding"
    label = "onboarding"
    default_auto_field = "django.db.models.BigAutoField"
