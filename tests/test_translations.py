"""Compiled translations are current, and the portal speaks Spanish to Spanish-speaking clients."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent / "safeplan"
PO_FILES = sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po"))


def _key(entry: polib._BaseEntry) -> tuple[str, str, str]:
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def _value(entry: polib._BaseEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


@pytest.mark.parametrize("po_path", PO_FILES, ids=[str(p.relative_to(ROOT)) for p in PO_FILES])
def test_mo_matches_po(po_path: Path) -> None:
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"run scripts/compile_messages.py ({mo_path} missing)"
    compiled = {_key(e): _value(e) for e in polib.mofile(str(mo_path)) if _value(e)}
    source = {_key(e): _value(e) for e in polib.pofile(str(po_path)).translated_entries()}
    assert compiled == source, "the .mo is stale: run scripts/compile_messages.py"


def test_portal_strings_in_spanish() -> None:
    with translation.override("es"):
        assert translation.gettext("Quick exit") == "Salida rápida"
        assert translation.gettext("My plan") == "Mi plan"
