"""The layers are held by CI: the import contracts and the ratchet on function-level imports (issue 17)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _ratchet():
    spec = importlib.util.spec_from_file_location(
        "function_imports", ROOT / "scripts" / "function_imports.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


SOURCE = """
from safeplan.lib import errors
import os

def f():
    from safeplan.risk import selectors
    import safeplan.plans.services
    from . import rules
    from .. import lib
    import json
    from django.db import transaction

class C:
    def m(self):
        from safeplan.audit import services  # function-level import: breaks nothing, test only
        def inner():
            from safeplan.clients.models import (
                Client,
            )

async def g():
    from safeplan.crisis.services import closing
"""


def test_ratchet_counts_only_function_level_safeplan_imports():
    lines = _ratchet().function_imports(SOURCE, "safeplan.followup.checkins")
    # risk.selectors, plans.services, `.rules` (safeplan.followup.rules), `..lib`, clients.models, crisis.
    assert lines == [6, 7, 8, 9, 17, 22]


def test_relative_imports_resolve_from_a_package():
    ratchet = _ratchet()
    assert ratchet.function_imports(
        "def f():\n    from . import x\n", "safeplan", is_package=True
    ) == [2]
    assert ratchet.function_imports("def f():\n    from . import x\n", "tests.thing") == []


def test_function_level_imports_do_not_rise_above_the_stored_count():
    ratchet = _ratchet()
    allowed = int((ROOT / "scripts" / "function_imports.max").read_text())
    total = sum(ratchet.count(ROOT).values())
    assert total <= allowed


def test_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:]
