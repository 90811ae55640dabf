"""Which of the directory's local services a clinician is offered for a place, and which are set aside
with the reason (issue 11; clinical-rules.md §1.1 item 2 "numbers that reach help *there*", §10.5).

Pure rules over plain values (no Django):
- **Emergency departments**: general acute-care hospitals with an emergency service (CMS hospital types
  "Acute Care Hospitals", "Critical Access Hospitals", "Rural Emergency Hospital") come first, nearest
  first. Specialty hospitals (eye and ear, orthopaedic, heart, surgical …), psychiatric, veterans' and
  military hospitals are offered only when no general one lies within ``NEAR_KM``: they cannot take every
  emergency, or not every patient. A children's hospital is general for a minor.
- **Police and 911 centres (PSAPs)**: the agency of the place's own city first; an agency of another city
  or county is set aside with the city it serves; a county sheriff is set aside when the city has its own
  police (the sheriff answers for unincorporated areas); a state-police 911 centre answers state highways,
  not the city's calls. Where the place's city is unknown or no agency matches it, nothing is set aside
  (the county's agencies are all that is known; each is still "unverified — confirm by phone").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

# Beyond this a general emergency department no longer counts as "near" (about 15 miles, 20-30 minutes
# by road in a city): only then is a specialty hospital offered.
NEAR_KM = 25.0

GENERAL_TYPES = frozenset({"acute", "critical_access", "rural_emergency"})
TYPE_LABELS = {
    "childrens": "Children's hospital",
    "psychiatric": "Psychiatric hospital",
    "veterans": "VA hospital (veterans only)",
    "military": "Military hospital",
    "specialty": "Specialty hospital",
}
_SPECIALTY_NAME = re.compile(
    r"\bEYE (AND|&) EAR\b|\bEAR INFIRMARY\b|\bEYE HOSPITAL\b|\bEYE INSTITUTE\b|ORTHOPA?EDIC|\bSPINE\b"
    r"|\bSURGICAL HOSPITAL\b|\bSURGERY SPECIALTY\b|(?<!SACRED )\bHEART HOSPITAL\b|\bHEART CENTER\b"
    r"|\bHEART (&|AND) VASCULAR\b|\bCANCER\b|\bSPECIALTY HOSPITAL\b|\bREHABILITATION\b"
)
# A name that also says it is a full medical centre stays general ("… MED CTR & ORTHOPAEDIC HOSPITAL").
_GENERAL_NAME = re.compile(r"\bMEDICAL CENTER\b|\bMED CTR\b|\bGENERAL HOSPITAL\b")


def hospital_category(hospital_type: str, name: str) -> str:
    """``general`` / ``childrens`` / ``psychiatric`` / ``veterans`` / ``military`` / ``specialty``.

    ``hospital_type`` is the CMS type code shipped in the directory data; ``name`` the CMS name. CMS files
    eye-and-ear, heart and surgical hospitals as acute care: their names tell them apart.
    """
    if hospital_type in GENERAL_TYPES:
        upper = (name or "").upper()
        if (
            hospital_type == "acute"
            and _SPECIALTY_NAME.search(upper)
            and not _GENERAL_NAME.search(upper)
        ):
            return "specialty"
        return "general"
    if hospital_type in TYPE_LABELS:
        return hospital_type
    return "specialty"


@dataclass(frozen=True)
class Chosen(Generic[T]):
    item: T
    category: str
    note: str  # "" for a general emergency department; why it is offered otherwise


def choose_emergency_departments(
    nearest: Sequence[T],
    *,
    category_of: Callable[[T], str],
    distance_of: Callable[[T], float],
    minor: bool = False,
    limit: int = 3,
    near_km: float = NEAR_KM,
) -> list[Chosen[T]]:
    """Up to ``limit`` emergency departments from ``nearest`` (sorted nearest first).

    General ones (children's too for a minor) first; when none of them is within ``near_km`` the nearest
    other hospital is added, with a note saying why it is offered.
    """
    usable = {"general", "childrens"} if minor else {"general"}
    general = [h for h in nearest if category_of(h) in usable][:limit]
    chosen = [
        Chosen(h, category_of(h), TYPE_LABELS["childrens"] if category_of(h) == "childrens" else "")
        for h in general
    ]
    if not general or distance_of(general[0]) > near_km:
        others = [h for h in nearest if category_of(h) not in usable]
        if others:
            h = others[0]
            label = TYPE_LABELS.get(category_of(h), TYPE_LABELS["specialty"])
            chosen.append(
                Chosen(
                    h,
                    category_of(h),
                    f"{label}: offered because no general emergency department is within "
                    f"{near_km:.0f} km",
                )
            )
            chosen.sort(key=lambda c: distance_of(c.item))
    return chosen[:limit] if general else chosen


# --- police and 911 centres ------------------------------------------------------------------------

_STATE_POLICE = re.compile(r"\bSTATE POLICE\b|\bHIGHWAY PATROL\b|\bSTATE PATROL\b", re.IGNORECASE)


def place_key(city: str) -> str:
    """A city name compared loosely: case, punctuation, "St."/"Saint" and "Township"/"City of" ignored."""
    value = re.sub(r"[^A-Z0-9 ]", " ", (city or "").upper())
    value = re.sub(r"\bST\b", "SAINT", value)
    value = re.sub(r"^CITY OF\b|\b(CITY|TOWN|TOWNSHIP|VILLAGE)$", "", value.strip())
    return " ".join(value.split())


@dataclass(frozen=True)
class Placed(Generic[T]):
    item: T
    in_area: bool
    reason: str  # why it is set aside; "" when in the area


def _title(city: str) -> str:
    return " ".join(word.capitalize() for word in (city or "").split())


def place_police(
    agencies: Iterable[T],
    *,
    cities: Iterable[str],
    county_fips: str,
    kind_of: Callable[[T], str],
    name_of: Callable[[T], str],
    city_of: Callable[[T], str],
    county_of: Callable[[T], str],
) -> list[Placed[T]]:
    """Police and sheriff agencies near a place, each in the area or set aside with the reason.

    ``cities`` are the place's city names (the address's and the ZIP code's); ``county_fips`` its county.
    """
    wanted = {place_key(c) for c in cities if c}
    items = list(agencies)
    if not wanted:
        return [Placed(a, True, "") for a in items]

    def own_police(a: T) -> bool:
        # HIFLD files a city's district stations under their neighbourhood ("SOUTH BOSTON"); the name
        # still says whose police they are ("BOSTON POLICE DEPARTMENT DISTRICT C-6").
        if kind_of(a) != "police":
            return False
        name = place_key(name_of(a))
        return place_key(city_of(a)) in wanted or any(
            re.match(rf"(CITY OF )?{re.escape(w)} POLICE\b", name) for w in wanted
        )

    city_police = any(own_police(a) for a in items)
    out: list[Placed[T]] = []
    for a in items:
        same_county = bool(county_fips) and county_of(a) == county_fips
        if own_police(a):
            out.append(Placed(a, True, ""))
        elif kind_of(a) == "sheriff" and same_county:
            out.append(
                Placed(a, False, "County sheriff: the city's own police answer for this address")
                if city_police
                else Placed(a, True, "")
            )
        elif kind_of(a) == "sheriff":
            out.append(Placed(a, False, "Sheriff of another county"))
        elif not city_police and same_county and not city_of(a):
            out.append(Placed(a, True, ""))
        else:
            out.append(Placed(a, False, f"Serves {_title(city_of(a)) or 'another area'}"))
    return out


def place_psaps(
    psaps: Iterable[T],
    *,
    cities: Iterable[str],
    name_of: Callable[[T], str],
    city_of: Callable[[T], str],
) -> list[Placed[T]]:
    """The county's 911 centres for a place: the city's own in the area, the others set aside.

    When none of them is in the place's city, all stay in the area (a county or regional centre).
    """
    wanted = {place_key(c) for c in cities if c}
    items = list(psaps)
    own = [
        p for p in items if place_key(city_of(p)) in wanted and not _STATE_POLICE.search(name_of(p))
    ]
    if not own:
        return [Placed(p, True, "") for p in items]
    out: list[Placed[T]] = []
    for p in items:
        if p in own:
            out.append(Placed(p, True, ""))
        elif _STATE_POLICE.search(name_of(p)):
            out.append(
                Placed(p, False, "State police: answers state highways, not the city's 911 calls")
            )
        else:
            out.append(Placed(p, False, f"911 centre of {_title(city_of(p)) or 'another area'}"))
    return out
