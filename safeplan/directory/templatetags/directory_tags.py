"""Showing directory numbers on staff pages.

Staff pages show every number as text; a ``tel:`` link is offered only for full (10-digit / E.164)
numbers, never for short emergency codes such as 911, 112 or 999: a call from the clinician's phone
reaches the clinician's own emergency centre, not the client's (PRODUCT.md; clinical-rules.md §10.5).
"""

from __future__ import annotations

import re

import phonenumbers
from django import template

register = template.Library()

SERVICE_LABELS = {
    "general": "All emergencies",
    "police": "Police",
    "ambulance": "Ambulance",
    "fire": "Fire",
    "hazards": "Hazards",
    "traffic": "Traffic",
    "emergency_short_code": "Also an emergency number",
}


def _parsed(number: str) -> phonenumbers.PhoneNumber | None:
    if not number.startswith("+"):
        return None
    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return None
    return parsed if phonenumbers.is_valid_number(parsed) else None


@register.filter
def phone_text(number: str | None, country: str = "") -> str:
    """A number as people read it: national format within its own country, else international."""
    number = (number or "").strip()
    parsed = _parsed(number)
    if parsed is None:
        return number
    region = phonenumbers.region_code_for_number(parsed)
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if country and region == country.upper()
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(parsed, fmt)


def dialable(number: str | None) -> bool:
    """True for full numbers (E.164, at least 8 digits); false for short codes like 911 or 116 123."""
    number = (number or "").strip()
    return _parsed(number) is not None and len(re.sub(r"\D", "", number)) >= 8


@register.filter
def tel_href(number: str | None) -> str:
    """``tel:+1…`` for a full number; "" for short codes, which staff pages show as text only."""
    return f"tel:{number.strip()}" if number and dialable(number) else ""


@register.filter
def service_label(service: str) -> str:
    return SERVICE_LABELS.get(service, service.replace("_", " ").capitalize())


@register.filter
def km_mi(km: float) -> str:
    """ "1.5 km (0.9 mi)"."""
    return f"{km:.1f} km ({km / 1.609344:.1f} mi)"


@register.inclusion_tag("directory/_source.html")
def source_badge(source: object) -> dict[str, object]:
    return {"source": source}


@register.inclusion_tag("directory/_number.html")
def number(value: str | None, country: str = "") -> dict[str, object]:
    """A phone number as text, with a tel: link only when it is a full number."""
    return {"text": phone_text(value, country), "href": tel_href(value)}
