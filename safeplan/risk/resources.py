"""The crisis lines and emergency number shown to a client after a positive screen.

Read from the directory contract (``safeplan.directory.lookups``) for the client's country and preferred
language. This is the client's own screen: a ``tel:`` link dials from where the client is (PRODUCT.md).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class CrisisResources:
    country: str
    emergency_number: str | None
    lines: list[Any] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # "source, date (status)" of each number shown


def crisis_resources(client: Any) -> CrisisResources:
    from safeplan.directory import lookups

    country = (client.country or "").upper()
    language = (client.preferred_language or "en")[:2]
    try:
        lines = lookups.crisis_lines(country, language)
    except ValueError:
        lines = lookups.crisis_lines(country)
    shown = [line for line in lines if line.phone or line.sms][:4]
    return CrisisResources(
        country=country,
        emergency_number=lookups.primary_emergency_number(country),
        lines=shown,
        sources=list(dict.fromkeys(line.source.label for line in shown)),
    )
