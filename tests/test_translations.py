"""Compiled translations are current, and the portal speaks Spanish to Spanish-speaking clients."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent / "safeplan"
PO_FILES = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))


@pytest.mark.parametrize("po_path", PO_FILES, ids=[str(p.relative_to(ROOT)) for p in PO_FILES])
def test_mo_matches_po(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"run scripts/compile_messages.py ({mo_path} missing)"
    compiled = {e.msgid: e.msgstr for e in polib.mofile(str(mo_path)) if e.msgstr}
    source = {e.msgid: e.msgstr for e in polib.pofile(str(po_path)).translated_entries()}
    assert compiled == source, "the .mo is stale: run scripts/compile_messages.py"


def test_portal_strings_in_spanish() -> None:
    with translation.override("es"):
        assert translation.gettext("Quick exit") == "Salida rápida"
        assert translation.gettext("My plan") == "Mi plan"
