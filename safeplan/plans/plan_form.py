"""The plan editor's HTML form: rows of inputs per section, read back into the plan's content.

One form serves the care team's editor and the client's proposal page. Each section has its existing
entries plus a few blank rows (no JavaScript needed; ``plans.js`` only adds rows on demand). Inputs are named
``<section>-<row>-<field>``; a ticked ``<section>-<row>-remove`` drops the row. Errors from the rules
(``sections.help_people.0.phone``) are mapped back to the row the person typed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict

from safeplan.plans import labels, library, rules

EXTRA_ROWS = 2
MAX_ROWS = rules.ENTRIES_MAX + EXTRA_ROWS
# What a person types; skills come from the library checkboxes, directory fields from the directory.
EDITABLE_FIELDS = {
    s: tuple(f for f in rules.FIELDS[s] if f not in ("origin", "ref", "source", "skill"))
    for s in rules.SECTIONS
}


INPUT_TYPES = {"text": "textarea", "phone": "tel", "sms": "tel", "date": "date"}


def _choices(section: str, name: str) -> list[tuple[str, str]]:
    if name == "kind":
        return [(c, str(labels.KINDS[c])) for c in rules.SECTION_KINDS[section]]
    source = {"means": labels.MEANS, "action": labels.ACTIONS, "status": labels.MEANS_STATUS}
    if name in source:
        return [(c, str(source[name][c])) for c in rules.CHOICES[name]]
    return []


@dataclass
class Input:
    name: str
    id: str
    label: str
    value: str
    type: str
    choices: list[tuple[str, str]]
    error: str = ""
    maxlength: int = 0


@dataclass
class Row:
    index: int
    values: dict[str, str]
    locked: bool = False
    client_words: bool = False
    errors: dict[str, str] = field(default_factory=dict)
    inputs: list[Input] = field(default_factory=list)


@dataclass
class SectionForm:
    key: str
    number: int
    title: str
    hint: str
    fields: tuple[str, ...]
    rows: list[Row]
    locked: list[dict[str, Any]] = field(default_factory=list)


def _row_values(section: str, entry: dict[str, Any]) -> dict[str, str]:
    values = {"id": str(entry.get("id", ""))}
    for name in EDITABLE_FIELDS[section]:
        values[name] = str(entry.get(name) or "")
    return values


def build(
    content: dict[str, Any] | None,
    *,
    for_client: bool,
    errors: dict[str, str] | None = None,
    posted: QueryDict | None = None,
) -> list[SectionForm]:
    """The sections as form rows: from a version's content, or from what was posted (to show errors)."""
    content = content or rules.empty_content()
    protected = rules.protected_entries(content) if for_client else {}
    errors = errors or {}
    forms = []
    for number, section in enumerate(rules.SECTIONS, 1):
        rows: list[Row] = []
        locked = []
        entries = content.get(section, [])
        if section == "coping":
            entries = [e for e in entries if not e.get("skill")]
        if section == "professionals":
            locked = [e for e in entries if e.get("origin") == "directory" or e["id"] in protected]
            entries = [e for e in entries if e not in locked]
        if posted is not None:
            count = _row_count(posted, section)
            rows = [
                Row(
                    i,
                    {
                        n: posted.get(f"{section}-{i}-{n}", "")
                        for n in ("id", *EDITABLE_FIELDS[section])
                    },
                    client_words=bool(posted.get(f"{section}-{i}-client")),
                )
                for i in range(count)
            ]
        else:
            rows = [
                Row(i, _row_values(section, e), client_words=e.get("author") == "client")
                for i, e in enumerate(entries)
            ]
            start = len(rows)
            rows += [
                Row(start + i, dict.fromkeys(("id", *EDITABLE_FIELDS[section]), ""))
                for i in range(EXTRA_ROWS)
            ]
        for row in rows:
            for name in ("id", *EDITABLE_FIELDS[section]):
                message = errors.get(f"{section}-{row.index}-{name}")
                if message:
                    row.errors[name] = message
            row.inputs = [
                _input(section, row, name, for_client) for name in EDITABLE_FIELDS[section]
            ]
        forms.append(
            SectionForm(
                key=section,
                number=number,
                title=str(labels.SECTION_TITLES[section]),
                hint=str(labels.SECTION_HINTS[section]),
                fields=EDITABLE_FIELDS[section],
                rows=rows,
                locked=locked,
            )
        )
    return forms


def _input(section: str, row: Row, name: str, for_client: bool) -> Input:
    choices = _choices(section, name)
    label = str(labels.FIELD_LABELS[name])
    if name == "name" and section == "distractions":
        label = str(labels.PLACE_NAME)
    if not for_client:
        label = labels.STAFF_FIELD_LABELS[name]
        if name == "text" and section in labels.STAFF_NOTE_SECTIONS:
            label = "Notes"
        elif name == "name" and section == "distractions":
            label = "Name or place"
    return Input(
        name=f"{section}-{row.index}-{name}",
        id=f"f-{section}-{row.index}-{name}",
        label=label,
        value=row.values.get(name, ""),
        type="select" if choices else INPUT_TYPES.get(name, "text"),
        choices=choices,
        error=row.errors.get(name, ""),
        maxlength=rules.LIMITS.get(name, rules.TEXT_MAX),
    )


def _row_count(post: QueryDict, section: str) -> int:
    try:
        count = int(post.get(f"{section}-rows", "0"))
    except ValueError:
        return 0
    return max(0, min(count, MAX_ROWS))


@dataclass
class Parsed:
    content: dict[str, list[dict[str, Any]]]
    # (section, index in content) -> form row index, to put errors next to the right inputs
    rows: dict[tuple[str, int], int]


def parse(post: QueryDict, base: dict[str, Any] | None, *, for_client: bool) -> Parsed:
    """The posted rows as plan content (before the rules check it). Empty and removed rows are dropped.

    Skills from the library come from the ``skills`` checkboxes (care team only; a client keeps the
    skills their clinician added). Locked section-5 entries are carried over from ``base`` unchanged.
    """
    base = base or rules.empty_content()
    content: dict[str, list[dict[str, Any]]] = rules.empty_content()
    rows: dict[tuple[str, int], int] = {}
    for section in rules.SECTIONS:
        if section == "coping":
            content["coping"].extend(_skills(post, base, for_client=for_client))
        if section == "professionals":
            content["professionals"].extend(
                e
                for e in base.get("professionals", [])
                if e.get("origin") == "directory"
                or (for_client and e["id"] in rules.protected_entries(base))
            )
        for i in range(_row_count(post, section)):
            prefix = f"{section}-{i}-"
            if post.get(prefix + "remove"):
                continue
            entry: dict[str, Any] = {}
            for name in EDITABLE_FIELDS[section]:
                entry[name] = post.get(prefix + name, "")
            typed = {
                k: v for k, v in entry.items() if k not in ("kind", "action", "status", "means")
            }
            if not any(str(v).strip() for v in typed.values()) and not (
                section == "environment" and entry.get("means")
            ):
                continue
            entry_id = post.get(prefix + "id", "").strip()
            if entry_id:
                entry["id"] = entry_id
            entry["author"] = "client" if for_client or post.get(prefix + "client") else "clinician"
            rows[(section, len(content[section]))] = i
            content[section].append(entry)
    return Parsed(content, rows)


def _skills(post: QueryDict, base: dict[str, Any], *, for_client: bool) -> list[dict[str, Any]]:
    existing = {e["skill"]: e for e in base.get("coping", []) if e.get("skill")}
    if for_client:
        return list(existing.values())
    chosen = [code for code in post.getlist("skills") if code in library.BY_CODE]
    return [
        existing.get(code) or {"skill": code, "text": "", "author": "clinician"} for code in chosen
    ]


def error_map(field_path: str | None, parsed: Parsed) -> tuple[str, str | None]:
    """A rules error path ("sections.help_people.0.phone") → (input name or "", section key)."""
    parts = (field_path or "").split(".")
    if parts and parts[0] == "sections":
        parts = parts[1:]
    if len(parts) >= 3 and parts[0] in rules.SECTIONS and parts[1].isdigit():
        row = parsed.rows.get((parts[0], int(parts[1])))
        if row is not None:
            return f"{parts[0]}-{row}-{parts[2]}", parts[0]
    return "", parts[0] if parts and parts[0] in rules.SECTIONS else None
