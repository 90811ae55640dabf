"""The plan as people read it: sections with their titles, entries with labels, numbers and links.

Used by the pages, the PDF and the API's readable diff. Labels come out in the active language (the client's
preferred language on client-facing pages). Links (``tel:``/``sms:``) are only offered where the caller asks
for them: on the client's own pages, because the call then comes from the client's phone (PRODUCT.md,
"No plain 'Call 911' on the clinician's screen").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from safeplan.lib.validation import display_phone
from safeplan.plans import labels, library, rules


@dataclass
class ShownEntry:
    id: str
    section: str
    author: str
    title: str
    details: list[str] = field(default_factory=list)
    steps: tuple[str, ...] = ()
    phone: str = ""
    phone_display: str = ""
    sms: str = ""
    sms_display: str = ""
    tel_href: str = ""
    sms_href: str = ""
    kind: str = ""
    kind_label: str = ""
    source: str = ""
    status: str = ""
    origin: str = "plan"


@dataclass
class ShownSection:
    key: str
    number: int
    title: str
    hint: str
    entries: list[ShownEntry]


def _language() -> str:
    return (get_language() or "en")[:2]


def _tel(number: str) -> str:
    return "tel:" + number if number else ""


def show_entry(section: str, entry: dict[str, Any], *, links: bool = False) -> ShownEntry:
    """One entry in words: its main line, its details, and its numbers."""
    shown = ShownEntry(
        id=entry["id"],
        section=section,
        author=entry.get("author", "clinician"),
        title="",
        origin=entry.get("origin", "plan"),
    )
    if section == "coping" and entry.get("skill"):
        skill = library.get(entry["skill"])
        if skill is not None:
            shown.title = skill.title_in(_language())
            shown.steps = skill.steps_in(_language())
        if entry.get("text"):
            shown.details.append(entry["text"])
    elif section == "environment":
        shown.title = str(labels.MEANS.get(entry["means"], entry["means"]))
        shown.status = entry.get("status", "planned")
        action = str(labels.ACTIONS.get(entry["action"], entry["action"]))
        status = str(labels.MEANS_STATUS.get(shown.status, shown.status))
        shown.details.append(
            f"{action} · {status}" + (f" · {entry['date']}" if entry.get("date") else "")
        )
        if entry.get("responsible"):
            shown.details.append(_("Responsible: %(name)s") % {"name": entry["responsible"]})
        if entry.get("text"):
            shown.details.append(entry["text"])
    elif section in ("distractions", "help_people", "professionals"):
        shown.title = entry.get("name", "")
        if entry.get("relationship"):
            shown.title += f" ({entry['relationship']})"
        if entry.get("text"):
            shown.details.append(entry["text"])
        shown.kind = entry.get("kind", "")
        shown.kind_label = str(labels.KINDS.get(shown.kind, "")) if shown.kind else ""
        shown.source = entry.get("source", "")
        shown.phone = entry.get("phone", "")
        shown.phone_display = display_phone(shown.phone) if shown.phone else ""
        shown.sms = entry.get("sms", "") or (shown.phone if section == "help_people" else "")
        shown.sms_display = display_phone(shown.sms) if shown.sms else ""
        if links:
            shown.tel_href = _tel(shown.phone)
            shown.sms_href = "sms:" + shown.sms if shown.sms else ""
    else:
        shown.title = entry.get("text", "")
    return shown


def show_sections(content: dict[str, Any], *, links: bool = False) -> list[ShownSection]:
    return [
        ShownSection(
            key=section,
            number=index,
            title=str(labels.SECTION_TITLES[section]),
            hint=str(labels.SECTION_HINTS[section]),
            entries=[show_entry(section, e, links=links) for e in content.get(section, [])],
        )
        for index, section in enumerate(rules.SECTIONS, 1)
    ]


def one_line(section: str, entry: dict[str, Any]) -> str:
    """An entry as a single readable line (diffs, summaries)."""
    shown = show_entry(section, entry)
    parts = [shown.title, *shown.details]
    if shown.phone_display:
        parts.append(shown.phone_display)
    elif shown.sms_display:
        parts.append(_("text %(number)s") % {"number": shown.sms_display})
    return " · ".join(p for p in parts if p)


@dataclass
class ShownChange:
    kind: str
    section: str
    section_title: str
    before: str
    after: str
    fields: list[str]
    author_before: str
    author_after: str


def show_diff(changes: list[rules.EntryChange]) -> list[ShownChange]:
    shown = []
    for change in changes:
        shown.append(
            ShownChange(
                kind=change.kind,
                section=change.section,
                section_title=str(labels.SECTION_TITLES[change.section]),
                before=one_line(change.section, change.before) if change.before else "",
                after=one_line(change.section, change.after) if change.after else "",
                fields=change.fields,
                author_before=(change.before or {}).get("author", ""),
                author_after=(change.after or {}).get("author", ""),
            )
        )
    return shown


def summary_line(change: ShownChange) -> str:
    """A change in one English sentence for the API and the history (staff)."""
    if change.kind == "added":
        return f"{change.section_title}: added “{change.after}”"
    if change.kind == "removed":
        return f"{change.section_title}: removed “{change.before}”"
    if change.kind == "moved":
        return f"{change.section_title}: moved here “{change.after}”"
    return f"{change.section_title}: “{change.before}” → “{change.after}”"
