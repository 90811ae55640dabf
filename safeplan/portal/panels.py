"""Sections of the client's portal home, contributed by each app (same pattern as clients.panels).

Each app exposes ``portal_panels(request, client) -> list[Panel]`` in its ``portal.py``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.module_loading import import_string

from safeplan.clients.panels import Panel

PROVIDERS = [
    "safeplan.crisis.portal.portal_panels",
    "safeplan.risk.portal.portal_panels",
    "safeplan.plans.portal.portal_panels",
    "safeplan.followup.portal.portal_panels",
    "safeplan.telehealth.portal.portal_panels",
]


def portal_panels_for(request: HttpRequest, client: Any) -> list[Panel]:
    panels: list[Panel] = []
    for provider in providers():
        panels.extend(provider(request, client))
    return panels


def providers() -> list[Any]:
    """Every provider of ``PROVIDERS``: one that fails to import is an error, never a missing panel."""
    return [import_string(dotted) for dotted in PROVIDERS]
