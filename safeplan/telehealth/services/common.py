"""Helpers shared by the telehealth services: who may write, field checks that name the field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from safeplan.lib.errors import InvalidInput, NotAllowed
from safeplan.lib.validation import no_control_chars, no_control_chars_multiline, parse_phone


class Problems(InvalidInput):
    """Several fields are wrong at once (e.g. every missing gate answer); each is named in the detail."""

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems = list(problems)
        message = "; ".join(f"{field}: {msg}" for field, msg in self.problems)
        super().__init__(message, field=self.problems[0][0] if self.problems else None)

    def as_detail(self) -> list[dict[str, object]] | str:
        return [
            {"loc": ["body", *field.split(".")], "msg": msg, "type": "value_error"}
            for field, msg in self.problems
        ]


def require_clinical(actor: Any) -> None:
    if not getattr(actor, "is_clinical", False):
        raise NotAllowed("only clinicians and supervisors change the emergency plan")


def text(value: Any, field: str, *, required: bool = False, limit: int = 200) -> str:
    """A single-line text value, stripped; raises naming ``field`` when required and empty."""
    raw = "" if value is None else str(value)
    try:
        cleaned = no_control_chars(raw)
    except ValueError as exc:
        raise InvalidInput(f"{field} {exc}", field=field) from exc
    if required and not cleaned:
        raise InvalidInput(f"{field} is required", field=field)
    if len(cleaned) > limit:
        raise InvalidInput(f"{field} must be at most {limit} characters", field=field)
    return cleaned


def long_text(value: Any, field: str, *, required: bool = False, limit: int = 2000) -> str:
    raw = "" if value is None else str(value)
    try:
        cleaned = no_control_chars_multiline(raw)
    except ValueError as exc:
        raise InvalidInput(f"{field} {exc}", field=field) from exc
    if required and not cleaned:
        raise InvalidInput(f"{field} is required", field=field)
    if len(cleaned) > limit:
        raise InvalidInput(f"{field} must be at most {limit} characters", field=field)
    return cleaned


def phone(value: Any, field: str, country: str, *, required: bool = True) -> str:
    """E.164 (or a local short code) for ``country``; raises naming ``field`` when it does not parse."""
    raw = "" if value is None else str(value).strip()
    if not raw:
        if required:
            raise InvalidInput(f"{field} is required", field=field)
        return ""
    try:
        return parse_phone(raw, country)
    except ValueError as exc:
        raise InvalidInput(f"{field} {exc}", field=field) from exc


def boolean(value: Any, field: str) -> bool | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return value
    lowered = str(value).strip().lower()
    if lowered in {"true", "yes", "1", "on"}:
        return True
    if lowered in {"false", "no", "0", "off"}:
        return False
    raise InvalidInput(f"{field} must be yes or no", field=field)
