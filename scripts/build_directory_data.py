#!/usr/bin/env python3
"""Build the directory's shipped reference data from the shared source CSVs.

Reads ``/work/shared/data/*.csv`` (or ``--source DIR``) and writes small gzip'd CSV files plus a
``sources.json`` into ``safeplan/directory/data/``. Only the columns the product uses are kept; every
record points at a source entry (source, source_url, source_date, status). The rules applied here are
described in the "Derived files" section appended to ``safeplan/directory/data/PROVENANCE.md``.

Run: ``.venv/bin/python scripts/build_directory_data.py`` (deterministic: the same input gives the same
bytes, so a rebuild without source changes leaves git clean).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

import phonenumbers

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "safeplan" / "directory" / "data"
DEFAULT_SOURCE = Path("/work/shared/data")
COMPILED = "2026-11-27"  # the date the shared data set was compiled (PROVENANCE.md)

VERIFIED, UNVERIFIED, HISTORICAL = "verified", "unverified", "historical"


class Sources:
    """Interns (source, url, date, status) tuples; rows refer to them by a small integer."""

    def __init__(self) -> None:
        self.ids: dict[tuple[str, str, str, str], int] = {}

    def id(self, source: str, url: str, date: str, status: str) -> int:
        key = (source.strip(), url.strip(), date.strip(), status)
        if key not in self.ids:
            self.ids[key] = len(self.ids) + 1
        return self.ids[key]

    def as_json(self) -> list[dict[str, Any]]:
        return [
            {"id": i, "source": s, "source_url": u, "source_date": d, "status": st}
            for (s, u, d, st), i in sorted(self.ids.items(), key=lambda kv: kv[1])
        ]


def read(source_dir: Path, name: str) -> list[dict[str, str]]:
    with (source_dir / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write_gz(name: str, header: list[str], rows: list[list[Any]]) -> int:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    data = buf.getvalue().encode("utf-8")
    # mtime=0 keeps the gzip bytes reproducible.
    (OUT / name).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))
    return len(rows)


# --- phone numbers -------------------------------------------------------------------------------


def e164_us(raw: str) -> str:
    """A 10-digit US number as E.164, or "" when it does not parse as a valid US number."""
    raw = raw.strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def crisis_phone(raw: str, country: str) -> str:
    """One crisis-line number, normalised for dialling within ``country``.

    Short codes written with a country code (open-helplines writes 116 123 as "+44116123" and 9-8-8 as
    "+1988") become the short code; valid full numbers become E.164; anything else is kept as written.
    """
    raw = raw.strip()
    digits = re.sub(r"[^\d+]", "", raw)
    if not digits:
        return ""
    region = country.upper()
    code = phonenumbers.country_code_for_region(region)
    if digits.startswith("+") and code and digits[1:].startswith(str(code)):
        local = digits[1 + len(str(code)) :]
        if 3 <= len(local) <= 6:
            try:
                short = phonenumbers.parse(local, region)
                if phonenumbers.is_valid_short_number_for_region(short, region):
                    return local
            except phonenumbers.NumberParseException:
                pass
    plain = digits.lstrip("+")
    if not digits.startswith("+") and 3 <= len(plain) <= 6:
        return re.sub(r"[^\d ]", " ", raw).strip()  # a short code, spaced as written ("13 11 14")
    try:
        number = phonenumbers.parse(raw, region)
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    return raw


# --- emergency numbers ---------------------------------------------------------------------------

SERVICE_ORDER = [
    "general",
    "police",
    "ambulance",
    "fire",
    "hazards",
    "traffic",
    "emergency_short_code",
]
_SPLIT = re.compile(r";|,|/|:|\bor\b|\band\b", re.IGNORECASE)
_PAREN = re.compile(r"\(([^)]*)\)")
_NUMBER = re.compile(r"[*+]?\d[\d \-]*\d\*?|\d")


def split_numbers(value: str) -> list[tuple[str, str]]:
    """Split a source cell like "999; 112 (from mobiles)" into [(number, qualifier), ...]."""
    out: list[tuple[str, str]] = []
    for piece in _SPLIT.split(value):
        qualifiers = [q.strip() for q in _PAREN.findall(piece) if not re.search(r"\d", q)]
        bare = _PAREN.sub(" ", piece)
        if re.search(r"[A-Za-z]", bare):
            continue  # prose ("local numbers only", "depends on town/city")
        for token in _NUMBER.findall(bare):
            token = re.sub(r"\s+", " ", token.strip(" -"))
            if 2 <= len(re.sub(r"\D", "", token)) <= 15:
                out.append((token, "; ".join(qualifiers)))
    return out


def _emergency_rank(source: str) -> int:
    if source.startswith("ITU"):
        return 0
    if "libphonenumber" in source:
        return 3
    if source.startswith("Wikipedia"):
        return 2
    return 1  # GOV.UK and other official pages


def build_emergency(source_dir: Path, sources: Sources) -> dict[str, int]:
    long_rows = read(source_dir, "emergency_numbers_long.csv")
    best: dict[tuple[str, str, str], tuple[int, list[Any]]] = {}
    for row in long_rows:
        src = row["source"]
        date = row["source_date"] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["source_date"]) else ""
        if "libphonenumber" in src:
            date = COMPILED  # the package version is the date of record: retrieved on compile day
        sid = sources.id(src, row["source_url"], date, UNVERIFIED)
        for number, qualifier in split_numbers(row["number"]):
            key = (row["iso2"], row["service"], re.sub(r"\D", "", number))
            desc = "; ".join(x for x in (row["description"].strip(), qualifier) if x)
            if "libphonenumber" in src:
                desc = "Recognised as an emergency number by the phone network metadata"
            rank = _emergency_rank(src)
            current = best.get(key)
            if current is None or rank < current[0]:
                best[key] = (rank, [row["iso2"], row["service"], number, desc, sid])
    # Short codes that only repeat a number already listed under a named service add nothing.
    named: dict[str, set[str]] = defaultdict(set)
    for (iso2, service, digits), _ in best.items():
        if service != "emergency_short_code":
            named[iso2].add(digits)
    rows = [
        v[1]
        for k, v in best.items()
        if not (k[1] == "emergency_short_code" and k[2] in named[k[0]])
    ]
    rows.sort(key=lambda r: (r[0], SERVICE_ORDER.index(r[1]), r[2]))
    n_numbers = write_gz(
        "emergency_numbers.csv.gz", ["country", "service", "number", "description", "src"], rows
    )
    by_country = read(source_dir, "emergency_numbers_by_country.csv")
    country_rows = [
        [
            r["iso2"],
            r["country"],
            r["calling_code"],
            r["primary_emergency_number"],
            r["primary_source"],
        ]
        for r in by_country
    ]
    n_countries = write_gz(
        "countries.csv.gz",
        ["country", "name", "calling_code", "primary", "primary_rule"],
        sorted(country_rows),
    )
    return {"emergency_numbers": n_numbers, "countries": n_countries}


# --- crisis lines --------------------------------------------------------------------------------

WIKI_NOTE = " (primary line on Wikipedia list; name matched by number from other source)"
DROP_CATEGORIES = {"missing_children"}  # 116 000 lines: not for a person in crisis
# Rows in crisis_lines.csv that are not crisis or support lines at all.
NOT_CRISIS_LINES = re.compile(
    r"^(Coast Guard|Rescue by helicopter|Customer helpline|Information for Foreigners)", re.I
)
CATEGORY_RANK = {
    "suicide_prevention": 0,
    "suicide_crisis": 0,
    "general_crisis": 1,
    "crisis": 1,
    "mental_health": 1,
    "emotional_support": 2,
    "suicide_crisis_or_support": 2,
    "helpline": 3,
    "youth": 3,
    "child_helpline": 4,
    "violence_support": 4,
    "victim_support": 5,
    "substance_use": 5,
    "poison_control": 5,
    "other_helpline": 6,
}
# The 988 Lifeline record of open-helplines lists the legacy 1-800 number while its own description says
# "Dial or text 988"; show 988 itself (the legacy number still routes there). clinical-rules.md §10.5.
CORRECTIONS = {
    ("US", "988 Suicide & Crisis Lifeline"): {
        "phone": "988",
        "sms": "988",
        "notes": "Press 1 for the Veterans Crisis Line; press 2 for Spanish (or text AYUDA to 988). "
        "The former number 1-800-273-8255 still routes to 988.",
    },
}
# National lines named in clinical-rules.md §11 that the curated source lacks (kept unverified).
RESEARCH = "Safeplan clinical-rules.md §11 (research notes; not verified live)"
SUPPLEMENT: list[dict[str, str]] = [
    {
        "iso2": "US",
        "name": "Veterans Crisis Line",
        "category": "suicide_prevention",
        "phone": "988",
        "sms": "838255",
        "chat_url": "https://www.veteranscrisisline.net/get-help-now/chat/",
        "website": "https://www.veteranscrisisline.net/",
        "hours": "24/7",
        "languages": "en",
        "notes": "Dial 988 then press 1.",
        "source_url": "http://veteranscrisisline.net/About/VeteranSuicide.aspx",
    },
    {
        "iso2": "AU",
        "name": "Lifeline",
        "category": "suicide_prevention",
        "phone": "13 11 14",
        "sms": "0477 13 11 14",
        "website": "https://www.lifeline.org.au/",
        "hours": "24/7",
        "languages": "en",
        "source_url": "https://lifeinmind.org.au/news/lifelines-crisis-text-service-now-available-24-7",
    },
    {
        "iso2": "NZ",
        "name": "1737 Need to Talk?",
        "category": "mental_health",
        "phone": "1737",
        "sms": "1737",
        "hours": "24/7",
        "languages": "en",
        "notes": "Free to call or text.",
        "source_url": "https://www.pegasus.health.nz/?p=6300",
    },
    {
        "iso2": "IE",
        "name": "Samaritans",
        "category": "suicide_prevention",
        "phone": "116 123",
        "website": "https://www.samaritans.org/ireland/",
        "hours": "24/7",
        "languages": "en",
        "notes": "Free. Email jo@samaritans.ie.",
        "source_url": "https://www.samaritans.org/how-we-can-help/contact-samaritan/",
    },
    {
        "iso2": "GB",
        "name": "NHS 111 (mental health option)",
        "category": "mental_health",
        "phone": "111",
        "website": "https://111.nhs.uk/",
        "hours": "24/7",
        "languages": "en",
        "notes": "England: call 111 and choose the mental-health option.",
        "source_url": "https://www.oundlesurgery.nhs.uk/news/accessing-mental-health-services-via-111",
    },
]


def crisis_status(reliability: str) -> str:
    if reliability.startswith("HISTORICAL"):
        return HISTORICAL
    if reliability.startswith("curated; verified_at"):
        return VERIFIED
    return UNVERIFIED


def _reliability_rank(status: str, source: str) -> int:
    if status == VERIFIED:
        return 0
    if status == HISTORICAL:
        return 9
    if source.startswith(RESEARCH[:20]):
        return 1
    if source.startswith("Wikipedia"):
        return 2
    if source.startswith("ITU"):
        return 4
    return 3


def build_crisis(source_dir: Path, sources: Sources) -> dict[str, int]:
    raw = read(source_dir, "crisis_lines.csv")
    for extra in SUPPLEMENT:
        raw.append(
            {
                "iso2": extra["iso2"],
                "name": extra["name"],
                "category": extra["category"],
                "phone": extra.get("phone", ""),
                "sms_text": extra.get("sms", ""),
                "chat_url": extra.get("chat_url", ""),
                "website": extra.get("website", ""),
                "hours": extra.get("hours", ""),
                "languages": extra.get("languages", ""),
                "cost": "",
                "description": extra.get("notes", ""),
                "source": RESEARCH,
                "source_url": extra["source_url"],
                "source_date": COMPILED,
                "reliability": "research",
            }
        )
    prepared: list[tuple[tuple[Any, ...], list[Any], set[str]]] = []
    dropped = 0
    for row in raw:
        name = row["name"].replace(WIKI_NOTE, "").strip()
        text = " ".join([name, row["description"], row["hours"]]).lower()
        if "press 3" in text or "option 3" in text:
            dropped += 1  # 988's LGBTQ+ youth option ended 2025-07-17 (clinical-rules.md §10.5)
            continue
        if row["category"] in DROP_CATEGORIES or NOT_CRISIS_LINES.match(name):
            dropped += 1
            continue
        status = crisis_status(row["reliability"])
        country = row["iso2"]
        phones = [crisis_phone(p, country) for p in row["phone"].split("|") if p.strip()]
        sms = [crisis_phone(p, country) for p in row["sms_text"].split("|") if p.strip()]
        fixes = CORRECTIONS.get((country, name), {})
        notes = fixes.get("notes", "") if fixes else ""
        if row["source"] == RESEARCH:
            notes = row["description"]
        if fixes:
            phones = [fixes["phone"], *[p for p in phones if p != fixes["phone"]]]
            sms = [fixes["sms"]] if fixes.get("sms") else sms
        if not (phones or sms or row["chat_url"] or row["website"]):
            dropped += 1  # nothing to call, text or open
            continue
        if not name:
            name = "Crisis line" if phones else "Crisis support"
        sid = sources.id(row["source"], row["source_url"], row["source_date"], status)
        rank = (
            country,
            _reliability_rank(status, row["source"]),
            CATEGORY_RANK.get(row["category"], 6),
            -int(re.sub(r"\D", "", row["source_date"]) or 0),
            name,
        )
        languages = ",".join(x.strip() for x in row["languages"].split(",") if x.strip())
        record = [
            country,
            name,
            row["category"],
            phones[0] if phones else "",
            "|".join(phones[1:]),
            sms[0] if sms else "",
            row["chat_url"].strip(),
            row["website"].strip(),
            row["hours"].strip(),
            languages,
            row["cost"].strip(),
            notes,
            sid,
        ]
        keys = {re.sub(r"\D", "", p) for p in phones + sms if p}
        prepared.append((rank, record, keys))
    prepared.sort(key=lambda item: item[0])
    rows: list[list[Any]] = []
    seen: dict[str, set[str]] = defaultdict(set)
    seen_names: dict[str, set[str]] = defaultdict(set)
    for _rank, record, keys in prepared:
        country = record[0]
        # A less reliable row repeating a number (or, without numbers, a name) already kept adds nothing.
        if keys and keys <= seen[country]:
            continue
        if not keys and record[1].lower() in seen_names[country]:
            continue
        seen[country] |= keys
        seen_names[country].add(record[1].lower())
        rows.append(record)
    header = [
        "country",
        "name",
        "category",
        "phone",
        "other_phones",
        "sms",
        "chat_url",
        "website",
        "hours",
        "languages",
        "cost",
        "notes",
        "src",
    ]
    return {"crisis_lines": write_gz("crisis_lines.csv.gz", header, rows), "dropped": dropped}


# --- US facilities, PSAPs, police, ZIPs ----------------------------------------------------------

CMS = "CMS Hospital General Information (via cms-hospital-efficiency-analytics)"
CMS_URL = "https://data.cms.gov/provider-data/dataset/xubh-q36u"
CMS_DATE = "2026-01-28"  # commit date of the copy; CMS release of late 2025
FCC = "FCC Master PSAP Registry v2.295"
FCC_URL = "https://www.fcc.gov/general/9-1-1-master-psap-registry"
FCC_DATE = "2026-02-06"
HIFLD_LE = "HIFLD Local Law Enforcement Locations (agency admin line)"
HIFLD_LE_URL = "https://github.com/Freepiehere/Freepiehere.github.io"
HIFLD_LE_DATE = "2019-05-20"
ZIPS = "zipcodes 3.0.0 (GeoNames CC BY 4.0, unitedstateszipcodes.org, USPS)"
ZIPS_URL = "https://pypi.org/project/zipcodes/"

# CMS "Hospital Type" as a short code; directory.ranking decides which of them the card suggests.
HOSPITAL_TYPE = {
    "Acute Care Hospitals": "acute",
    "Critical Access Hospitals": "critical_access",
    "Rural Emergency Hospital": "rural_emergency",
    "Childrens": "childrens",
    "Psychiatric": "psychiatric",
    "Acute Care - Veterans Administration": "veterans",
    "Acute Care - Department of Defense": "military",
}

SPECIAL_AGENCY = re.compile(
    r"UNIVERSITY|COLLEGE|CAMPUS|SCHOOL|TRANSIT|AIRPORT|PORT AUTHORITY|HARBOR|PARK|RANGER|NATURAL "
    r"RESOURCES|ENVIRONMENTAL|CONSERVATION|WILDLIFE|FISH AND|GAME|FORESTRY|WATERCRAFT|HOUSING AUTHORITY|HOSPITAL|MEDICAL CENTER|"
    r"DRUG|TASK FORCE|COURT|ATTORNEY|JAIL|PRISON|DETENTION|CORRECTION|BOOT CAMP|JUVENILE|CRIME WATCH|"
    r"CIVIL AIR|ALCOHOL|RAILROAD|RAILWAY|AMTRAK|CAPITOL|MARSHAL|INVESTIGATION|GAMING|LOTTERY|REVENUE|"
    r"AGRICULTURE|FIRE MARSHAL|LIQUOR|TOBACCO|INSPECTOR|TRIBAL GAMING",
)
SHIPPED_AGENCY_KINDS = {"police", "sheriff", "state"}
STATE_AGENCY = re.compile(r"STATE POLICE|HIGHWAY PATROL|STATE PATROL|STATE TROOPER|TROOP ")


def agency_kind(name: str, guess: str) -> str:
    if guess == "detention/jail":
        return "special"
    upper = name.upper()
    if SPECIAL_AGENCY.search(upper):
        return "special"
    if STATE_AGENCY.search(upper):
        return "state"
    if guess in ("police", "sheriff"):
        return guess
    return "other"


def _coord(value: str) -> str:
    return f"{float(value):.5f}".rstrip("0").rstrip(".")


def build_us(source_dir: Path, sources: Sources) -> dict[str, int]:
    counts: dict[str, int] = {}
    sid_cms = sources.id(CMS, CMS_URL, CMS_DATE, UNVERIFIED)
    eds = []
    for r in read(source_dir, "us_hospitals_with_emergency_dept.csv"):
        if r["emergency_services"] != "Yes" or not r["latitude"]:
            continue
        trauma = r["hifld_trauma"].strip()
        approx = "1" if r["coord_source"].startswith("ZIP centroid") else ""
        eds.append(
            [
                r["cms_ccn"],
                r["name"].strip(),
                r["address"].strip(),
                r["city"].strip(),
                r["state"],
                r["zip"][:5],
                r["county"].strip(),
                e164_us(r["phone"]),
                _coord(r["latitude"]),
                _coord(r["longitude"]),
                trauma,
                approx,
                HOSPITAL_TYPE.get(r["hospital_type"].strip(), "other"),
                sid_cms,
            ]
        )
    eds.sort(key=lambda row: row[0])
    counts["emergency_departments"] = write_gz(
        "emergency_departments.csv.gz",
        [
            "id",
            "name",
            "address",
            "city",
            "state",
            "zip",
            "county",
            "phone",
            "lat",
            "lon",
            "trauma",
            "approx",
            "type",
            "src",
        ],
        eds,
    )

    sid_fcc = sources.id(FCC, FCC_URL, FCC_DATE, UNVERIFIED)
    sid_le = sources.id(HIFLD_LE, HIFLD_LE_URL, HIFLD_LE_DATE, UNVERIFIED)
    psaps = []
    status_map = {
        "active_primary_or_unspecified": "active",
        "secondary": "secondary",
        "orphaned": "orphaned",
    }
    for r in read(source_dir, "us_psap_registry_fcc.csv"):
        status = status_map[r["derived_status"]]
        note = r["comments"].strip() if status == "secondary" else ""
        candidate = e164_us(r["admin_phone_candidate"])
        psaps.append(
            [
                r["psap_id"],
                r["psap_name"].strip(),
                r["state"],
                r["county"].strip(),
                r["county_fips"],
                r["city"].strip(),
                status,
                note,
                candidate,
                r["admin_phone_agency"].strip() if candidate else "",
                sid_le if candidate else "",
                sid_fcc,
            ]
        )
    psaps.sort(key=lambda row: (row[2], row[4], row[3], int(row[0])))
    counts["psaps"] = write_gz(
        "psaps.csv.gz",
        [
            "id",
            "name",
            "state",
            "county",
            "county_fips",
            "city",
            "status",
            "note",
            "candidate_phone",
            "candidate_agency",
            "candidate_src",
            "src",
        ],
        psaps,
    )

    agencies = []
    for r in read(source_dir, "us_law_enforcement_agencies_hifld.csv"):
        phone = e164_us(r["admin_phone"])
        kind = agency_kind(r["name"], r["kind_guess"])
        if not phone or not r["latitude"] or kind not in SHIPPED_AGENCY_KINDS:
            continue
        agencies.append(
            [
                r["hifld_id"],
                r["name"].strip(),
                kind,
                phone,
                _coord(r["latitude"]),
                _coord(r["longitude"]),
                r["city"].strip(),
                r["state"],
                r["county_fips"],
                sid_le,
            ]
        )
    agencies.sort(key=lambda row: int(row[0]))
    counts["law_enforcement"] = write_gz(
        "law_enforcement.csv.gz",
        ["id", "name", "kind", "phone", "lat", "lon", "city", "state", "county_fips", "src"],
        agencies,
    )

    sid_zip = sources.id(ZIPS, ZIPS_URL, COMPILED, UNVERIFIED)
    zips = []
    for r in read(source_dir, "us_zip_centroids.csv"):
        if not r["latitude"]:
            continue
        zips.append(
            [
                r["zip"],
                _coord(r["latitude"]),
                _coord(r["longitude"]),
                r["city"],
                r["state"],
                r["county"],
                r["county_fips"],
                r["timezone"],
                "" if r["active"] == "True" else "0",
                sid_zip,
            ]
        )
    zips.sort()
    counts["zips"] = write_gz(
        "zip_centroids.csv.gz",
        [
            "zip",
            "lat",
            "lon",
            "city",
            "state",
            "county",
            "county_fips",
            "timezone",
            "active",
            "src",
        ],
        zips,
    )
    return counts


PROVENANCE_ADDENDUM = """

---

## Derived files in this folder (safeplan/directory/data/)

Written by `scripts/build_directory_data.py` from the CSVs above; rebuild with
`.venv/bin/python scripts/build_directory_data.py`. Every row carries a `src` id into `sources.json`
(`source`, `source_url`, `source_date`, `status`). `status` is **verified** only where the source itself
states that it checked the record on `source_date` (open-helplines `verified_at`); **historical** for the
2021 Wikipedia snapshot; **unverified** for everything else. Nothing here was checked live by Safeplan.
Organisation-local entries (checked by a clinic, with who/when/how) live in the database, not here.

* `emergency_numbers.csv.gz` — from `emergency_numbers_long.csv`. Cells holding several numbers ("999; 112",
  "112 or 999", "911 (suicide hotline 988)") are split; bracketed qualifiers without digits ("from mobiles")
  are kept in the description, bracketed text with digits is dropped (so 988 never becomes an emergency
  number). One row per (country, service, number), from the most authoritative source: ITU-T E.129, then
  GOV.UK/official pages, then Wikipedia, then libphonenumber. `emergency_short_code` rows (libphonenumber)
  are kept only for numbers not already listed under a named service. libphonenumber rows have no date of
  their own; they are dated on the compile day ({compiled}).
* `countries.csv.gz` — `emergency_numbers_by_country.csv`: name, calling code and the heuristic
  `primary_emergency_number` with the rule that chose it.
* `crisis_lines.csv.gz` — from `crisis_lines.csv`, plus five national lines from Safeplan's
  `clinical-rules.md` §11 (Veterans Crisis Line, AU Lifeline, NZ 1737, IE Samaritans, NHS 111 mental-health
  option; status unverified, dated {compiled}, each with the URL that research cited). Removed: rows
  mentioning "press 3" (988's LGBTQ+ youth option ended 2025-07-17), `missing_children` lines, coast guard /
  helicopter rescue / customer-service rows, and rows with no phone, text, chat or website. The open-helplines
  988 record shows 988 (its own description says "dial or text 988"; the legacy 1-800-273-8255 it lists still
  routes there). Short codes written with a country code (+44116123, +1988) are shown as dialled locally
  (116123, 988); other numbers as E.164 when valid, else as written. Rows are sorted most reliable first
  (verified, research notes, current Wikipedia, official pages, ITU, historical) and a less reliable row
  whose numbers were all already listed for the country is dropped.
* `emergency_departments.csv.gz` — CMS hospitals with `emergency_services = Yes` and coordinates; phone as
  E.164; `approx = 1` where the coordinates are the ZIP centroid (no HIFLD match); `trauma` is HIFLD's;
  `type` is CMS's hospital type as a code (acute, critical_access, rural_emergency, childrens, psychiatric,
  veterans, military).
* `psaps.csv.gz` — the FCC registry with `status` active (= active primary or unspecified) / secondary /
  orphaned; the registry's comment is kept for secondary PSAPs ("calls are handled by PSAP #…").
  `candidate_phone` is the HIFLD law-enforcement admin line matched by name (≤2019): **always unverified —
  confirm by phone**, never a confirmed PSAP line. Orphaned PSAPs are shipped but never suggested.
* `law_enforcement.csv.gz` — HIFLD agencies with a valid 10-digit admin phone; `kind` re-derived from the
  name: police, sheriff, state (state police / highway patrol). Special-purpose agencies (campus, transit,
  parks, courts, jails, task forces …) and unclassified ones are left out: they do not answer for a home
  address. Only police and sheriff lines are suggested as *candidate* non-emergency numbers, always
  unverified.
* `zip_centroids.csv.gz` — every ZIP with coordinates: centroid, city, state, county, county FIPS, time zone,
  `active` blank for active ZIPs and 0 for retired ones.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    sources = Sources()
    counts: dict[str, int] = {}
    counts.update(build_emergency(args.source, sources))
    counts.update(build_crisis(args.source, sources))
    counts.update(build_us(args.source, sources))
    (OUT / "sources.json").write_text(
        json.dumps(sources.as_json(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )
    provenance = (args.source / "PROVENANCE.md").read_text(encoding="utf-8")
    (OUT / "PROVENANCE.md").write_text(
        provenance.rstrip() + PROVENANCE_ADDENDUM.format(compiled=COMPILED), encoding="utf-8"
    )
    counts["sources"] = len(sources.ids)
    print(json.dumps(counts, indent=2))  # noqa: T201


if __name__ == "__main__":
    main()
