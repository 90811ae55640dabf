"""The safety plan's shape and rules, as plain functions of plain data (no Django).

A plan's content is a dict with one list of entries per section, in the order of clinical-rules.md §2.1
(described in our own words; the Stanley-Brown form's wording is not reproduced, §2.3/§13):

1. ``warning_signs``  my warning signs
2. ``coping``         things I can do on my own to cope (own strategies and skills from the library)
3. ``distractions``   people and places that take my mind off things
4. ``help_people``    people I can ask for help
5. ``professionals``  professionals and crisis lines I can contact (clinician, after-hours numbers, the
                      country's crisis lines and the nearest emergency department from the directory)
6. ``environment``    making my environment safer: one entry per means (§7.1)
7. ``reasons``        my reasons for living

Every entry has a stable ``id`` (kept across versions, so diffs and merges follow an entry) and an
``author`` ("client" or "clinician"): who wrote it (PRODUCT.md capability 7).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from safeplan.lib import validation
from safeplan.lib.errors import InvalidInput

SECTIONS: tuple[str, ...] = (
    "warning_signs",
    "coping",
    "distractions",
    "help_people",
    "professionals",
    "environment",
    "reasons",
)
AUTHORS = ("client", "clinician")
TEXT_MAX = 500
NAME_MAX = 100
ENTRIES_MAX = 30

# §7.1 (SPiER lethal-means model): the means and the agreed action for each.
MEANS = ("firearm", "medication", "sharps", "ligature", "household_poison", "other")
ACTIONS = (
    "removed",
    "locked",
    "given_to_trusted_person",
    "disposed_of",
    "no_access_confirmed",
    "not_yet",
)
MEANS_STATUS = ("planned", "done")
DISTRACTION_KINDS = ("person", "place")
PROFESSIONAL_KINDS = (
    "clinician",
    "professional",
    "after_hours",
    "crisis_line",
    "emergency_department",
)
ORIGINS = ("plan", "directory")

# Which fields each section's entries carry (besides id, author). Text fields are single-line unless
# listed in MULTILINE.
FIELDS: dict[str, tuple[str, ...]] = {
    "warning_signs": ("text",),
    "coping": ("text", "skill"),
    "distractions": ("kind", "name", "phone", "text"),
    "help_people": ("name", "relationship", "phone", "text"),
    "professionals": ("kind", "name", "phone", "sms", "text", "origin", "ref", "source"),
    "environment": ("means", "action", "responsible", "status", "date", "text"),
    "reasons": ("text",),
}
MULTILINE = frozenset({"text"})
CHOICES: dict[str, tuple[str, ...]] = {
    "means": MEANS,
    "action": ACTIONS,
    "status": MEANS_STATUS,
    "origin": ORIGINS,
}
SECTION_KINDS = {"distractions": DISTRACTION_KINDS, "professionals": PROFESSIONAL_KINDS}
LIMITS = {
    "name": NAME_MAX,
    "relationship": NAME_MAX,
    "responsible": NAME_MAX,
    "phone": 32,
    "skill": 40,
    "ref": 64,
    "sms": 32,
    "source": 300,
}


def empty_content() -> dict[str, list[dict[str, Any]]]:
    return {section: [] for section in SECTIONS}


def new_entry_id() -> str:
    return "e" + secrets.token_hex(6)


PhoneParser = Callable[[str, str], str]


def _clean_text(value: Any, where: str, limit: int, multiline: bool) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput("must be text", field=where)
    return validation.clean_text(value, field=where, limit=limit, multiline=multiline)


def normalise_entry(
    section: str,
    raw: Any,
    index: int,
    *,
    country: str,
    parse_phone: PhoneParser,
    skills: Iterable[str],
) -> dict[str, Any]:
    """One entry checked and cleaned: known fields only, lengths, choices, phones in E.164."""
    where = f"{section}.{index}"
    if not isinstance(raw, dict):
        raise InvalidInput("must be an object", field=where)
    allowed = {"id", "author", *FIELDS[section]}
    unknown = sorted(set(raw) - allowed)
    if unknown:
        raise InvalidInput(f"unknown field {unknown[0]!r}", field=f"{where}.{unknown[0]}")
    entry: dict[str, Any] = {}
    entry_id = raw.get("id") or new_entry_id()
    if not isinstance(entry_id, str) or not entry_id.isalnum() or len(entry_id) > 24:
        raise InvalidInput("must be a short letters-and-digits id", field=f"{where}.id")
    entry["id"] = entry_id
    author = raw.get("author") or "clinician"
    if author not in AUTHORS:
        raise InvalidInput("must be client or clinician", field=f"{where}.author")
    entry["author"] = author
    for name in FIELDS[section]:
        value = raw.get(name)
        at = f"{where}.{name}"
        if name in CHOICES or name == "kind":
            options = CHOICES.get(name) or SECTION_KINDS[section]
            default = {"origin": "plan", "status": "planned", "action": "not_yet"}.get(name)
            value = value or default
            if value is None and name == "kind":
                value = options[0]
            if value not in options:
                raise InvalidInput(f"must be one of {', '.join(options)}", field=at)
            entry[name] = value
        elif name == "date":
            entry[name] = _clean_date(value, at)
        elif name in ("phone", "sms"):
            text = _clean_text(value, at, LIMITS[name], False)
            if text:
                try:
                    text = parse_phone(text, country)
                except ValueError as exc:
                    raise InvalidInput(f"{exc}", field=at) from exc
                if section != "professionals" and not text.startswith("+"):
                    # Short codes (988, 116 123) belong to services, never to a person.
                    raise InvalidInput(f"is not a full phone number for {country}", field=at)
            entry[name] = text
        elif name == "skill":
            code = _clean_text(value, at, LIMITS["skill"], False)
            if code and code not in set(skills):
                raise InvalidInput("is not a skill in the self-care library", field=at)
            entry[name] = code
        else:
            limit = LIMITS.get(name, TEXT_MAX)
            entry[name] = _clean_text(value, at, limit, name in MULTILINE)
    _check_entry_complete(section, entry, where)
    return entry


def _clean_date(value: Any, where: str) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise InvalidInput("must be a date (YYYY-MM-DD)", field=where)
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError as exc:
        raise InvalidInput("must be a date (YYYY-MM-DD)", field=where) from exc


def _check_entry_complete(section: str, entry: dict[str, Any], where: str) -> None:
    if section in ("warning_signs", "reasons") and not entry["text"]:
        raise InvalidInput("write something, or remove the entry", field=f"{where}.text")
    if section == "coping" and not (entry["text"] or entry["skill"]):
        raise InvalidInput("write a strategy or choose a skill", field=f"{where}.text")
    if section in ("distractions", "help_people", "professionals") and not entry["name"]:
        raise InvalidInput("a name is needed", field=f"{where}.name")
    if section == "environment" and entry["action"] == "not_yet" and entry["status"] == "done":
        raise InvalidInput("a step that is not agreed yet cannot be done", field=f"{where}.status")


def normalise_content(
    raw: Any,
    *,
    country: str,
    parse_phone: PhoneParser,
    skills: Iterable[str],
) -> dict[str, list[dict[str, Any]]]:
    """The whole plan checked: known sections, entry limits, unique ids, one entry per means (§7.1)."""
    if not isinstance(raw, dict):
        raise InvalidInput("the plan must be an object with one list per section", field="sections")
    unknown = sorted(set(raw) - set(SECTIONS))
    if unknown:
        raise InvalidInput(f"unknown section {unknown[0]!r}", field=unknown[0])
    skills = tuple(skills)
    content = empty_content()
    seen_ids: set[str] = set()
    for section in SECTIONS:
        entries = raw.get(section) or []
        if not isinstance(entries, list):
            raise InvalidInput("must be a list of entries", field=section)
        if len(entries) > ENTRIES_MAX:
            raise InvalidInput(f"holds at most {ENTRIES_MAX} entries", field=section)
        for index, item in enumerate(entries):
            entry = normalise_entry(
                section, item, index, country=country, parse_phone=parse_phone, skills=skills
            )
            if entry["id"] in seen_ids:
                raise InvalidInput("the same entry id appears twice", field=f"{section}.{index}.id")
            seen_ids.add(entry["id"])
            content[section].append(entry)
    means_seen: set[str] = set()
    for index, entry in enumerate(content["environment"]):
        if entry["means"] != "other" and entry["means"] in means_seen:
            raise InvalidInput(
                "this means already has an entry (one entry per means)",
                field=f"environment.{index}.means",
            )
        means_seen.add(entry["means"])
    return content


def entries_by_id(content: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    return {e["id"]: (s, e) for s in SECTIONS for e in content.get(s, [])}


def _words(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in ("id", "author")}


def assign_authors(
    base: dict[str, Any] | None, new: dict[str, Any], *, writer: str
) -> dict[str, Any]:
    """Who wrote each entry: unchanged entries keep their author; a client's new or changed words are
    the client's; a clinician may record words the client dictated as the client's (§2.1: own words)."""
    previous = entries_by_id(base or {})
    for section in SECTIONS:
        for entry in new.get(section, []):
            before = previous.get(entry["id"])
            if before is not None and before[0] == section and _words(before[1]) == _words(entry):
                entry["author"] = before[1]["author"]
            elif writer == "client":
                entry["author"] = "client"
    return new


def protected_entries(content: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Section-5 entries a client may not remove or change: the care team's professional contacts and the
    crisis lines and emergency department from the directory."""
    return {
        e["id"]: e
        for e in content.get("professionals", [])
        if e.get("origin") == "directory" or e.get("author") == "clinician"
    }


def check_client_keeps_protected(base: dict[str, Any], proposed: dict[str, Any]) -> None:
    kept = {e["id"]: e for e in proposed.get("professionals", [])}
    for entry_id, entry in protected_entries(base).items():
        mine = kept.get(entry_id)
        if mine is None:
            raise InvalidInput(
                "professional contacts and crisis lines added by your care team cannot be removed",
                field="professionals",
            )
        if _words(mine) != _words(entry):
            raise InvalidInput(
                "professional contacts and crisis lines added by your care team cannot be changed",
                field="professionals",
            )


# --- diff -------------------------------------------------------------------------------------------


@dataclass
class EntryChange:
    kind: str  # "added", "removed", "changed", "moved"
    section: str
    entry_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    fields: list[str] = field(default_factory=list)


def diff_contents(old: dict[str, Any] | None, new: dict[str, Any]) -> list[EntryChange]:
    """What changed from ``old`` to ``new``, entry by entry, in section order (a pure function)."""
    before = entries_by_id(old or {})
    after = entries_by_id(new)
    changes: list[EntryChange] = []
    for section in SECTIONS:
        for entry in new.get(section, []):
            prior = before.get(entry["id"])
            if prior is None:
                changes.append(EntryChange("added", section, entry["id"], None, entry))
            elif prior[0] != section:
                changes.append(EntryChange("moved", section, entry["id"], prior[1], entry))
            else:
                changed = sorted(
                    k
                    for k in set(prior[1]) | set(entry)
                    if k != "id" and prior[1].get(k) != entry.get(k)
                )
                if changed:
                    changes.append(
                        EntryChange("changed", section, entry["id"], prior[1], entry, changed)
                    )
        for entry in (old or {}).get(section, []):
            if entry["id"] not in after:
                changes.append(EntryChange("removed", section, entry["id"], entry, None))
    return changes


# --- three-way merge of a client's proposal -------------------------------------------------------------


@dataclass
class MergeResult:
    content: dict[str, list[dict[str, Any]]]
    conflicts: list[str]  # entry ids changed differently on both sides


def merge_proposal(
    base: dict[str, Any],
    current: dict[str, Any],
    proposed: dict[str, Any],
    *,
    protect: bool = True,
) -> MergeResult:
    """Apply the client's changes (base → proposed) onto the current version.

    Per entry: what the client did not touch follows the current version; what the client added, changed
    or removed follows the client, unless the care team changed the same entry differently since the base
    (a conflict: the current words are kept and the entry id reported). Protected section-5 entries (the
    care team's contacts and the directory's crisis lines) always follow the current version. Order
    follows the client's proposal, then what the care team added since. With ``protect=False`` (a
    clinician's edit merged onto a newer version) no entry is protected.
    """
    base_ids = entries_by_id(base)
    cur_ids = entries_by_id(current)
    prop_ids = entries_by_id(proposed)
    protected = set(protected_entries(current)) | set(protected_entries(base)) if protect else set()
    conflicts: list[str] = []
    resolved: dict[str, tuple[str, dict[str, Any]] | None] = {}
    for eid in dict.fromkeys([*base_ids, *cur_ids, *prop_ids]):
        b, c, p = base_ids.get(eid), cur_ids.get(eid), prop_ids.get(eid)
        if eid in protected or b == p:
            resolved[eid] = c
        elif b == c or c == p:
            resolved[eid] = p
        else:
            conflicts.append(eid)
            resolved[eid] = c
    result = empty_content()
    placed: set[str] = set()
    for section in SECTIONS:
        for entry in [*proposed.get(section, []), *current.get(section, [])]:
            eid = entry["id"]
            value = resolved.get(eid)
            if eid in placed or value is None or value[0] != section:
                continue
            result[section].append(value[1])
            placed.add(eid)
    return MergeResult(result, conflicts)
