"""Validation shared by every edge: text without control characters, time zones, countries, phones.

Pydantic types for API schemas (``Text``, ``Name``, ``ShortText``, ``LongText``, ``TimeZone``, ``Country``)
and plain functions for forms and services. Errors are short sentences a person can act on.

Text that cannot be stored is refused at the edge, whatever the field: a lone UTF-16 surrogate
(``"\\ud800"`` in JSON decodes to a Python string that has no UTF-8 form) and NUL (PostgreSQL text cannot
hold it). ``unencodable_reason`` says why a string is refused; ``first_unencodable`` walks a decoded JSON body
and names the first offending field, which ``lib.middleware.RequestLimitsMiddleware`` answers with 422 for
every JSON request before any view or schema sees it. Every text type below checks it too.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache
from typing import Annotated

import phonenumbers
from pydantic import AfterValidator, StringConstraints

_UNENCODABLE = re.compile(r"[\ud800-\udfff\x00]")
UNENCODABLE_MESSAGE = "contains characters that cannot be stored (a lone surrogate or a NUL)"


def unencodable_reason(value: str) -> str | None:
    """Why ``value`` cannot be stored as text (UTF-8 in SQLite and PostgreSQL), or None when it can."""
    if _UNENCODABLE.search(value):
        return UNENCODABLE_MESSAGE
    return None


def first_unencodable(data: object, path: tuple[str, ...] = ()) -> tuple[str, ...] | None:
    """The location (keys and list positions) of the first string in ``data`` that cannot be stored."""
    if isinstance(data, str):
        return path if unencodable_reason(data) else None
    if isinstance(data, dict):
        for key, value in data.items():
            name = str(key)
            if isinstance(key, str) and unencodable_reason(key):
                return (*path, name.encode("utf-8", "replace").decode("ascii", "replace"))
            found = first_unencodable(value, (*path, name))
            if found is not None:
                return found
    elif isinstance(data, list):
        for position, value in enumerate(data):
            found = first_unencodable(value, (*path, str(position)))
            if found is not None:
                return found
    return None


def encodable(value: str) -> str:
    """Pydantic/form validator: refuse text that cannot be stored."""
    reason = unencodable_reason(value)
    if reason:
        raise ValueError(reason)
    return value


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")
_CONTROL_SINGLE_LINE = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def no_control_chars(value: str) -> str:
    encodable(value)
    if _CONTROL_SINGLE_LINE.search(value):
        raise ValueError("must not contain control characters or line breaks")
    return value.strip()


def no_control_chars_multiline(value: str) -> str:
    encodable(value)
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value.strip()


@lru_cache(maxsize=1)
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def check_time_zone(value: str) -> str:
    if value not in _time_zones():
        raise ValueError(
            f"{value!r} is not a known time zone (use an IANA name like America/Chicago)"
        )
    return value


def check_country(value: str) -> str:
    code = value.strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS and code != "XK":
        raise ValueError(f"{value!r} is not an ISO 3166 two-letter country code")
    return code


def check_language(value: str) -> str:
    code = value.strip().lower()
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})?", code):
        raise ValueError("must be a language code such as en or es")
    return code


def parse_phone(value: str, country: str) -> str:
    """E.164 form of ``value`` dialled from ``country``; short codes (988, 116 123) are kept as digits."""
    raw = value.strip()
    if not raw:
        raise ValueError("a phone number is required")
    if len(raw) > 32 or _CONTROL_SINGLE_LINE.search(raw):
        raise ValueError("is not a phone number")
    digits = re.sub(r"[\s\-().]", "", raw)
    if re.fullmatch(r"\d{3,6}", digits) and phonenumbers.is_valid_short_number_for_region(
        phonenumbers.parse(digits, country.upper()), country.upper()
    ):
        return digits
    try:
        number = phonenumbers.parse(raw, country.upper())
    except phonenumbers.NumberParseException as exc:
        raise ValueError(f"is not a phone number for {country.upper()}") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"is not a valid phone number for {country.upper()}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=8192)  # pure, and on every number of every emergency card
def display_phone(e164: str) -> str:
    if not e164.startswith("+"):
        return e164
    try:
        return phonenumbers.format_number(
            phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        return e164


# Any text from outside (the input type every other text type builds on): storable, nothing else assumed.
Text = Annotated[str, AfterValidator(encodable)]
Name = Annotated[
    str, StringConstraints(min_length=1, max_length=100), AfterValidator(no_control_chars)
]
ShortText = Annotated[str, StringConstraints(max_length=200), AfterValidator(no_control_chars)]
LongText = Annotated[
    str, StringConstraints(max_length=2000), AfterValidator(no_control_chars_multiline)
]
TimeZone = Annotated[str, StringConstraints(max_length=64), AfterValidator(check_time_zone)]
Country = Annotated[
    str, StringConstraints(min_length=2, max_length=2), AfterValidator(check_country)
]
Language = Annotated[
    str, StringConstraints(min_length=2, max_length=12), AfterValidator(check_language)
]


def clean_text(
    value: object, *, field: str, limit: int, multiline: bool = False, required: bool = False
) -> str:
    """Text from a request body, checked: a string, no control characters, at most ``limit`` characters.

    Raises ``InvalidInput`` naming ``field``; blank or missing gives "" unless ``required``.
    """
    from safeplan.lib.errors import InvalidInput

    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise InvalidInput("is required", field=field)
        return ""
    if not isinstance(value, str):
        raise InvalidInput("must be text", field=field)
    try:
        text = no_control_chars_multiline(value) if multiline else no_control_chars(value)
    except ValueError as exc:
        raise InvalidInput(str(exc), field=field) from exc
    if len(text) > limit:
        raise InvalidInput(f"is {len(text)} characters long; the limit is {limit}", field=field)
    return text
