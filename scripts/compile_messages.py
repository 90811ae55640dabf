"""Compile every safeplan/**/locale/*/LC_MESSAGES/django.po to .mo with polib (no GNU gettext needed).

The .mo files are committed; tests/test_translations.py fails when one is older than its .po.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "safeplan"


def main() -> int:
    for po_path in sorted(ROOT.glob("**/locale/*/LC_MESSAGES/django.po")):
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"compiled {po_path.relative_to(ROOT.parent)} ({len(po.translated_entries())} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
