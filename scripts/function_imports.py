#!/usr/bin/env python3
"""Ratchet on function-level `from safeplan...` imports (issue 17): the count may only go down.

An import of a safeplan module inside a function usually dodges an import cycle; the layers
(docs/dev-guide.md) are meant to make them unnecessary. `make lint` runs this script: it fails when
the count over safeplan/ (migrations excluded) is above the number stored in
scripts/function_imports.max. Lower that number when you remove some (`--update` writes it).

An import that has a reason to stay inside a function says so on its line:
    from safeplan.x import y  # function-level import: <why>
and is not counted.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAX_FILE = ROOT / "scripts" / "function_imports.max"
EXEMPT = "# function-level import:"


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _target(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not node.level:
        return [node.module or ""]
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level > 1:
        base = base[: len(base) - (node.level - 1)]
    return [".".join([*base, *([node.module] if node.module else [])])]


def function_imports(source: str, module: str, is_package: bool = False) -> list[int]:
    """Line numbers of imports of safeplan modules made inside a function of `source`."""
    lines = source.splitlines()
    found: list[int] = []

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom) and in_function:
                targets = _target(child, module, is_package)
                if any(t == "safeplan" or t.startswith("safeplan.") for t in targets):
                    text = "\n".join(lines[child.lineno - 1 : (child.end_lineno or child.lineno)])
                    if EXEMPT not in text:
                        found.append(child.lineno)
            walk(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    walk(ast.parse(source), False)
    return found


def count(root: Path = ROOT) -> Counter[str]:
    per_file: Counter[str] = Counter()
    for path in sorted((root / "safeplan").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        module = _module_name(path, root)
        hits = function_imports(path.read_text(encoding="utf-8"), module, path.name == "__init__.py")
        if hits:
            per_file[str(path.relative_to(root))] = len(hits)
    return per_file


def main(argv: list[str]) -> int:
    per_file = count()
    total = sum(per_file.values())
    allowed = int(MAX_FILE.read_text().strip())
    if "--update" in argv:
        MAX_FILE.write_text(f"{total}\n")
        print(f"function-level safeplan imports: {total} (stored)")
        return 0
    if total > allowed:
        print(f"function-level safeplan imports: {total}, more than the {allowed} allowed.")
        print("Import at module level (follow the layers in docs/dev-guide.md), or say why on the")
        print(f"import's line with '{EXEMPT} <why>'. Files with the most:")
        for path, n in per_file.most_common(15):
            print(f"  {n:3d}  {path}")
        return 1
    note = f"; lower {MAX_FILE.relative_to(ROOT)} to {total}" if total < allowed else ""
    print(f"function-level safeplan imports: {total} (allowed {allowed}{note})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
