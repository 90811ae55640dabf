from __future__ import annotations

from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "safeplan.fhir"
    label = "fhir"
    default_auto_field = "django.db.models.BigAutoField"
