"""Which directory entries need re-checking: older than a given age, or not verified.

clinical-rules.md §11: ship reference numbers with ``source_url`` and ``last_verified`` and flag entries older
than N months — services change (988's press 3 was removed in 2025; NHS 111 "option 2" was renamed).
Pure functions over the loaded reference data and the organisation's entries; ``safeplan directory check``
prints the report.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from safeplan.directory import reference
from safeplan.directory.entities import HISTORICAL, VERIFIED, SourceInfo


@dataclass(frozen=True)
class Finding:
    scope: str  # "reference" or the organisation's slug
    kind: str  # emergency_number, crisis_line, emergency_department, psap, psap_candidate, …
    label: str
    source: SourceInfo
    reasons: tuple[str, ...]  # "stale", "unverified", "historical", "undated"


@dataclass
class Report:
    max_age_days: int
    today: dt.date
    findings: list[Finding] = field(default_factory=list)
    checked: Counter[tuple[str, str]] = field(default_factory=Counter)

    def counts(self) -> dict[tuple[str, str], Counter[str]]:
        out: dict[tuple[str, str], Counter[str]] = {}
        for f in self.findings:
            bucket = out.setdefault((f.scope, f.kind), Counter())
            bucket["total"] += 1
            for reason in f.reasons:
                bucket[reason] += 1
        return out


def reasons_for(source: SourceInfo, *, max_age_days: int, today: dt.date) -> tuple[str, ...]:
    reasons = []
    age = source.age_days(today)
    if age is None:
        reasons.append("undated")
    elif age > max_age_days:
        reasons.append("stale")
    if source.status == HISTORICAL:
        reasons.append("historical")
    elif source.status != VERIFIED:
        reasons.append("unverified")
    return tuple(reasons)


def _reference_items() -> list[tuple[str, str, SourceInfo]]:
    items: list[tuple[str, str, SourceInfo]] = []
    for country, numbers in sorted(reference.emergency_numbers().items()):
        items += [
            ("emergency_number", f"{country} {n.service} {n.number}", n.source) for n in numbers
        ]
    for country, lines in sorted(reference.crisis_lines().items()):
        items += [("crisis_line", f"{country} {line.name}", line.source) for line in lines]
    for row in reference.emergency_departments().rows:
        items.append(("emergency_department", f"{row['id']} {row['name']}", row["source"]))
    for state, psaps in sorted(reference.psaps_by_state().items()):
        for p in psaps:
            if p.status == "orphaned":
                continue
            items.append(("psap", f"{state} {p.id} {p.name}", p.source))
            if p.candidate_source is not None:
                items.append(("psap_candidate", f"{state} {p.id} {p.name}", p.candidate_source))
    for row in reference.police_agencies().rows:
        items.append(
            ("police_candidate", f"{row['state']} {row['id']} {row['name']}", row["source"])
        )
    return items


def check(
    *, max_age_days: int, today: dt.date, organisations: list[Any], include_reference: bool = True
) -> Report:
    """Every reference record and organisation entry that is stale, undated, unverified or historical."""
    from safeplan.directory.selectors import current_entries, entry_source

    report = Report(max_age_days=max_age_days, today=today)
    if include_reference:
        for kind, label, source in _reference_items():
            report.checked[("reference", kind)] += 1
            reasons = reasons_for(source, max_age_days=max_age_days, today=today)
            if reasons:
                report.findings.append(Finding("reference", kind, label, source, reasons))
    for org in organisations:
        for entry in current_entries(org).order_by("kind", "name", "id"):
            source = entry_source(entry)
            report.checked[(org.slug, entry.kind)] += 1
            reasons = reasons_for(source, max_age_days=max_age_days, today=today)
            label = f"#{entry.pk} {entry.name} ({entry.area_label})"
            if reasons:
                report.findings.append(Finding(org.slug, entry.kind, label, source, reasons))
    return report
