"""The plan PDF and the wallet card: text extraction shows non-ASCII names; the card is credit-card size."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from pypdf import PdfReader

from safeplan.plans import services
from tests.factories import World
from tests.plans.helpers import THU, ZOE, full_sections


@pytest.fixture
def plan(world: World) -> None:
    services.save_plan(
        client=world.client, actor=world.users["clinician"], content=full_sections(), base_version=0
    )


def _text(pdf: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_plan_pdf_shows_names_in_every_script(
    world: World, plan: None, api_as: Callable[[str], Any]
) -> None:
    response = api_as("clinician").get(f"/api/v1/clients/{world.client.pk}/safety-plan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="my-plan.pdf"' in response["Content-Disposition"]
    _, text = _text(response.content)
    for expected in (THU, ZOE, "My warning signs", "My reasons for living", "988", "911"):
        assert expected in text, expected
    assert "Breathe in gently through your nose" in text  # the library skill's steps


def test_wallet_card_is_credit_card_size(
    world: World, plan: None, page_as: Callable[[str], Any]
) -> None:
    response = page_as("client").get("/portal/plan/wallet-card.pdf")
    assert response.status_code == 200
    reader, text = _text(response.content)
    assert len(reader.pages) == 2
    for page in reader.pages:
        width_mm = float(page.mediabox.width) / 72 * 25.4
        height_mm = float(page.mediabox.height) / 72 * 25.4
        assert (round(width_mm, 1), round(height_mm, 1)) == (85.6, 54.0)
    flat = " ".join(text.split())
    assert THU in flat and ZOE in flat and "Sam" in flat
    assert "988" in flat and "call 911" in flat
    assert "Slow breathing" in flat and "Play guitar" in flat


def test_pdfs_in_spanish(world: World, plan: None, page_as: Callable[[str], Any]) -> None:
    world.client.preferred_language = "es"
    world.client.save()
    http = page_as("client")
    _, plan_text = _text(http.get("/portal/plan/plan.pdf").content)
    assert "Mi plan de seguridad" in plan_text and "Mis razones para vivir" in plan_text
    assert "Respiración lenta" in plan_text
    _, card = _text(http.get("/portal/plan/wallet-card.pdf").content)
    assert "Emergencia: llame al 911" in " ".join(card.split())
