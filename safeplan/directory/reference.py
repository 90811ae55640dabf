"""Loading the shipped reference data (``safeplan/directory/data/*.csv.gz``), lazily, once per process.

Each data set is read the first time a lookup needs it and then kept in memory; a lock makes concurrent
first calls in a threaded server load it once. No database is involved. The files are written by
``scripts/build_directory_data.py``; their provenance is in ``data/PROVENANCE.md``.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from safeplan.directory.entities import CrisisLine, EmergencyNumber, Psap, SourceInfo
from safeplan.directory.geo import PointIndex

DATA_DIR = Path(__file__).resolve().parent / "data"
T = TypeVar("T")

_lock = threading.RLock()
_cache: dict[str, Any] = {}
load_seconds: dict[str, float] = {}


def _once(name: str, build: Callable[[], T]) -> T:
    value = _cache.get(name)
    if value is not None:
        return value  # type: ignore[no-any-return]
    with _lock:
        if name not in _cache:
            started = time.perf_counter()
            _cache[name] = build()
            load_seconds[name] = time.perf_counter() - started
        return _cache[name]  # type: ignore[no-any-return]


def reset() -> None:
    """Forget everything loaded (tests; a rebuilt data folder)."""
    with _lock:
        _cache.clear()
        load_seconds.clear()


def rows(name: str) -> Iterator[dict[str, str]]:
    with gzip.open(DATA_DIR / name, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def sources() -> dict[int, SourceInfo]:
    def build() -> dict[int, SourceInfo]:
        raw = json.loads((DATA_DIR / "sources.json").read_text(encoding="utf-8"))
        return {
            int(s["id"]): SourceInfo(s["source"], s["source_url"], s["source_date"], s["status"])
            for s in raw
        }

    return _once("sources", build)


def _src(value: str) -> SourceInfo:
    return sources()[int(value)]


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    calling_code: str
    primary: str
    primary_rule: str


def countries() -> dict[str, Country]:
    def build() -> dict[str, Country]:
        return {
            r["country"]: Country(
                r["country"], r["name"], r["calling_code"], r["primary"], r["primary_rule"]
            )
            for r in rows("countries.csv.gz")
        }

    return _once("countries", build)


def emergency_numbers() -> dict[str, list[EmergencyNumber]]:
    def build() -> dict[str, list[EmergencyNumber]]:
        out: dict[str, list[EmergencyNumber]] = defaultdict(list)
        for r in rows("emergency_numbers.csv.gz"):
            out[r["country"]].append(
                EmergencyNumber(
                    r["country"], r["service"], r["number"], r["description"], _src(r["src"])
                )
            )
        return dict(out)

    return _once("emergency_numbers", build)


def crisis_lines() -> dict[str, list[CrisisLine]]:
    def build() -> dict[str, list[CrisisLine]]:
        out: dict[str, list[CrisisLine]] = defaultdict(list)
        for r in rows("crisis_lines.csv.gz"):
            out[r["country"]].append(
                CrisisLine(
                    country=r["country"],
                    name=r["name"],
                    phone=r["phone"],
                    sms=r["sms"],
                    chat_url=r["chat_url"],
                    website=r["website"],
                    hours=r["hours"],
                    languages=tuple(x for x in r["languages"].split(",") if x),
                    category=r["category"],
                    source=_src(r["src"]),
                    other_phones=tuple(x for x in r["other_phones"].split("|") if x),
                    cost=r["cost"],
                    notes=r["notes"],
                )
            )
        return dict(out)

    return _once("crisis_lines", build)


@dataclass(frozen=True)
class PointSet:
    """Rows of a point data set with the k-d tree over their coordinates."""

    rows: list[dict[str, Any]]
    index: PointIndex


def emergency_departments() -> PointSet:
    def build() -> PointSet:
        data: list[dict[str, Any]] = []
        for r in rows("emergency_departments.csv.gz"):
            item: dict[str, Any] = dict(r)
            item["lat"], item["lon"] = float(r["lat"]), float(r["lon"])
            item["source"] = _src(r["src"])
            data.append(item)
        return PointSet(data, PointIndex([(d["lat"], d["lon"]) for d in data]))

    return _once("emergency_departments", build)


SUGGESTED_AGENCY_KINDS = ("police", "sheriff")


def police_agencies() -> PointSet:
    """Local police and sheriff agencies (candidate non-emergency lines); state agencies excluded."""

    def build() -> PointSet:
        data: list[dict[str, Any]] = []
        for r in rows("law_enforcement.csv.gz"):
            if r["kind"] not in SUGGESTED_AGENCY_KINDS:
                continue
            item: dict[str, Any] = dict(r)
            item["lat"], item["lon"] = float(r["lat"]), float(r["lon"])
            item["source"] = _src(r["src"])
            data.append(item)
        return PointSet(data, PointIndex([(d["lat"], d["lon"]) for d in data]))

    return _once("police_agencies", build)


def psaps_by_state() -> dict[str, list[Psap]]:
    def build() -> dict[str, list[Psap]]:
        out: dict[str, list[Psap]] = defaultdict(list)
        for r in rows("psaps.csv.gz"):
            candidate = r["candidate_phone"] or None
            out[r["state"]].append(
                Psap(
                    id=r["id"],
                    name=r["name"],
                    state=r["state"],
                    county=r["county"],
                    city=r["city"],
                    status=r["status"],
                    candidate_phone=candidate,
                    source=_src(r["src"]),
                    county_fips=r["county_fips"],
                    note=r["note"],
                    candidate_agency=r["candidate_agency"],
                    candidate_source=_src(r["candidate_src"]) if candidate else None,
                )
            )
        return dict(out)

    return _once("psaps", build)


_COUNTY_SUFFIX = re.compile(
    r"\s+(county|parish|borough|city and borough|census area|municipality|municipio)$"
)


def normalise_county(name: str) -> str:
    """ "Suffolk County", "suffolk", "St. Louis" / "Saint Louis" compare equal after this."""
    value = re.sub(r"\s+", " ", (name or "").strip().lower().replace(".", ""))
    return _COUNTY_SUFFIX.sub("", value).replace("saint ", "st ")


def psaps_by_county() -> tuple[
    dict[tuple[str, str], list[Psap]], dict[tuple[str, str], list[Psap]]
]:
    """PSAPs keyed by (state, county FIPS) and by (state, normalised county name)."""

    def build() -> tuple[dict[tuple[str, str], list[Psap]], dict[tuple[str, str], list[Psap]]]:
        by_fips: dict[tuple[str, str], list[Psap]] = defaultdict(list)
        by_name: dict[tuple[str, str], list[Psap]] = defaultdict(list)
        for state, items in psaps_by_state().items():
            for p in items:
                if p.county_fips:
                    by_fips[(state, p.county_fips)].append(p)
                by_name[(state, normalise_county(p.county))].append(p)
        return dict(by_fips), dict(by_name)

    return _once("psaps_by_county", build)


# ZIP rows stay as tuples (42,789 of them); ZipInfo objects are made on lookup.
ZipRow = tuple[float, float, str, str, str, str, str, bool, int]


def zip_rows() -> dict[str, ZipRow]:
    def build() -> dict[str, ZipRow]:
        intern = sys.intern
        return {
            r["zip"]: (
                float(r["lat"]),
                float(r["lon"]),
                intern(r["city"]),
                intern(r["state"]),
                intern(r["county"]),
                intern(r["county_fips"]),
                intern(r["timezone"]),
                r["active"] != "0",
                int(r["src"]),
            )
            for r in rows("zip_centroids.csv.gz")
        }

    return _once("zips", build)


def zip_index() -> tuple[list[str], PointIndex]:
    """Active ZIP centroids as points: the nearest one gives a county for a bare coordinate."""

    def build() -> tuple[list[str], PointIndex]:
        table = zip_rows()
        codes = [z for z, row in table.items() if row[7]]
        return codes, PointIndex([(table[z][0], table[z][1]) for z in codes])

    return _once("zip_index", build)


@dataclass(frozen=True)
class County:
    fips: str
    name: str  # as the ZIP data writes it: "Suffolk County"
    state: str


def counties() -> dict[str, County]:
    """US counties by FIPS code, from the ZIP data."""

    def build() -> dict[str, County]:
        out: dict[str, County] = {}
        for row in zip_rows().values():
            if row[5] and row[5] not in out:
                out[row[5]] = County(row[5], row[4], row[3])
        return out

    return _once("counties", build)
