"""Spanish complete (issue 11): the portal in Spanish shows no English string from the catalogues (the
en msgids, reference data included); the Spanish catalogues use one register (usted). Stored words (the
client's and clinician's own text, messages already sent) are left as written and not checked."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import polib

from tests.e2e.conftest import Server, axe_violations, portal_login

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted((ROOT / "safeplan").glob("*/locale/es/LC_MESSAGES/django.po"))
# Second-person informal forms (tú) that must not appear in a client-facing Spanish string.
TU = re.compile(
    r"\b(tú|tu|tus|tienes|puedes|quieres|quieras|necesitas|estás|eres|te|ti|contigo|"
    r"esperes|acordaste|usaste|recibirás)\b",
    re.IGNORECASE,
)
PAGES = [
    "/portal/",
    "/portal/plan/",
    "/portal/check-in/",
    "/portal/messages/",
    "/portal/plan/print/",
]


def english_msgids() -> set[str]:
    found: set[str] = set()
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.msgstr and entry.msgstr != entry.msgid and "%(" not in entry.msgid:
                found.add(" ".join(entry.msgid.split()))
    return found


def test_catalogues_are_complete_and_use_usted() -> None:
    assert CATALOGUES
    problems = []
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            texts = [entry.msgstr, *entry.msgstr_plural.values()]
            if not any(texts) or "fuzzy" in entry.flags:
                problems.append(f"{path.parts[-5]}: untranslated {entry.msgid!r}")
            for text in texts:
                if TU.search(text):
                    problems.append(f"{path.parts[-5]}: tú in {text!r}")
    assert problems == []


def _visible_lines(page: Any) -> list[str]:
    text = page.evaluate(
        """() => {
          const main = document.querySelector("main").cloneNode(true);
          main.querySelectorAll(".msg .body, .entry-title, .detail, .plan-entries .steps")
            .forEach((n) => n.remove());
          return main.innerText + "\\n" + document.querySelector("header").innerText
            + "\\n" + (document.querySelector("footer") || {innerText: ""}).innerText;
        }"""
    )
    return [" ".join(line.split()) for line in str(text).split("\n") if line.strip()]


def test_spanish_portal_has_no_english_catalogue_string(
    phone_page: Any, e2e_server: Server
) -> None:
    english = english_msgids()
    page = phone_page
    portal_login(page, e2e_server)
    page.click("button[name=language][value=es]")
    page.wait_for_url(e2e_server.url + "/portal/")
    try:
        for url in PAGES:
            page.goto(e2e_server.url + url)
            assert page.locator("html").get_attribute("lang") == "es", url
            left = [line for line in _visible_lines(page) if line in english]
            assert left == [], url
        # The plan's reference data (crisis lines) is in Spanish, and signing comes after the plan.
        page.goto(e2e_server.url + "/portal/plan/")
        body = page.locator("main").inner_text()
        assert "Crisis Text Line (línea de crisis por mensaje de texto)" in body
        sections = page.locator("section.plan-section").first.bounding_box()
        sign = page.locator("section.plan-sign")
        if sign.count():
            assert sign.bounding_box()["y"] > sections["y"]
        page.goto(e2e_server.url + "/portal/")
        home = page.locator("main").inner_text()
        assert "Llamada telefónica" in home and "Espere junto al teléfono" in home
        assert "988 Línea de Prevención del Suicidio y Crisis" in home
        assert axe_violations(page) == []
    finally:
        page.click("button[name=language][value=en]")
