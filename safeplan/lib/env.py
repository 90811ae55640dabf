"""Settings from the environment that fail loudly.

Pattern from healthchecks' ``hc/settings.py``: every value has one place it is read, secrets may come from
``NAME_FILE`` (a path) instead of ``NAME`` so they never sit in a process listing or a unit file.
"""

from __future__ import annotations

import os
from pathlib import Path


class ConfigurationError(RuntimeError):
    """A setting is missing or malformed; Safeplan refuses to start rather than run unsafely."""


def env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    if value is not None and value != "":
        return value
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(
                f"{name}_FILE points at {file_path!r}, which cannot be read: {exc}"
            ) from exc
    return default


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = env(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    value = env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]
