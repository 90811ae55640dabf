"""The ``safeplan`` console script: Django's management commands under Safeplan's settings.

``safeplan serve``, ``safeplan demo``, ``safeplan worker``, ``safeplan audit verify``, ``safeplan createuser``,
``safeplan directory check``, ``safeplan backup PATH`` … and any Django command (``safeplan migrate``).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")
    from safeplan.lib.env import ConfigurationError

    args = list(sys.argv[1:] if argv is None else argv)
    if args[:2] == ["keys", "generate"]:
        # Needs no settings: it makes the key production settings refuse to start without.
        from cryptography.fernet import Fernet

        print(Fernet.generate_key().decode())
        return
    try:
        from django.core.management import execute_from_command_line

        execute_from_command_line(["safeplan", *args])
    except ConfigurationError as exc:
        print(f"safeplan: configuration error: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


if __name__ == "__main__":
    main()
