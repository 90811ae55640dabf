"""PDF responses for the plan and the wallet card, in the client's language, shared by the API and pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone, translation

from safeplan.clients import facts
from safeplan.directory import lookups
from safeplan.plans import pdf
from safeplan.plans.models import SafetyPlanVersion


def client_language(client: Any) -> str:
    lang = (client.preferred_language or "en")[:2]
    return lang if lang in ("en", "es") else "en"


def _response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    # A neutral file name: nothing identifying in downloads folders or browser history.
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def plan_pdf_response(client: Any, version: SafetyPlanVersion) -> HttpResponse:
    signatures = list(version.signatures.all())
    with translation.override(client_language(client)):
        body = pdf.plan_pdf(
            client=client,
            version=version,
            signatures=signatures,
            emergency_number=lookups.primary_emergency_number(client.country),
            printed_at=timezone.now(),
            zone=facts.zone(client),
        )
    return _response(body, "my-plan.pdf")


def wallet_card_response(client: Any, version: SafetyPlanVersion) -> HttpResponse:
    with translation.override(client_language(client)):
        body = pdf.wallet_card_for(
            version.content, lookups.primary_emergency_number(client.country)
        )
    return _response(body, "wallet-card.pdf")
