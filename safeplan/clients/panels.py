"""Sections of the clinician's client page, contributed by each app.

Each app that shows something on the client page exposes ``client_panels(request, client) -> list[Panel]``
in its own ``panels.py``; the page renders them in the order of ``PROVIDERS``. This keeps the client page
template free of knowledge about plans, sessions or assessments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.utils.module_loading import import_string

PROVIDERS = [
    "safeplan.risk.panels.client_panels",
    "safeplan.crisis.panels.client_panels",
    "safeplan.telehealth.panels.client_panels",
    "safeplan.plans.panels.client_panels",
    "safeplan.followup.panels.client_panels",
    "safeplan.records.panels.client_panels",
]


@dataclass
class Panel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    title: str = ""


def panels_for(request: HttpRequest, client: Any) -> list[Panel]:
    panels: list[Panel] = []
    for provider in providers():
        panels.extend(provider(request, client))
    return panels


def providers() -> list[Any]:
    """Every provider of ``PROVIDERS``: one that fails to import is an error, never a missing panel."""
    return [import_string(dotted) for dotted in PROVIDERS]
