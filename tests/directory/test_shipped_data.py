"""The shipped data files: every row has a source with a date and a status; the documented exclusions hold."""

from __future__ import annotations

import csv
import gzip
import json
import re

import pytest

from safeplan.directory import reference
from safeplan.directory.entities import STATUSES

FILES = [
    "countries.csv.gz",
    "emergency_numbers.csv.gz",
    "crisis_lines.csv.gz",
    "emergency_departments.csv.gz",
    "psaps.csv.gz",
    "law_enforcement.csv.gz",
    "zip_centroids.csv.gz",
]


def _rows(name: str) -> list[dict[str, str]]:
    with gzip.open(reference.DATA_DIR / name, "rt", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_sources_are_complete() -> None:
    sources = json.loads((reference.DATA_DIR / "sources.json").read_text(encoding="utf-8"))
    ids = {s["id"] for s in sources}
    for s in sources:
        assert s["status"] in STATUSES
        assert s["source"] and s["source_url"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", s["source_date"]) or s["source_date"] == "", s
    for name in FILES:
        for row in _rows(name):
            for key in ("src", "candidate_src"):
                if row.get(key):
                    assert int(row[key]) in ids, (name, row)
    assert (reference.DATA_DIR / "PROVENANCE.md").read_text(encoding="utf-8").count(
        "## Derived files in this folder"
    ) == 1


def test_every_country_has_a_row() -> None:
    countries = _rows("countries.csv.gz")
    assert len(countries) == 250
    assert {"US", "GB", "XK"} <= {c["country"] for c in countries}


def test_no_press_3_and_no_empty_lines() -> None:
    for row in _rows("crisis_lines.csv.gz"):
        text = " ".join(row.values()).lower()
        assert "press 3" not in text and "option 3" not in text
        assert row["phone"] or row["sms"] or row["chat_url"] or row["website"]
        assert row["category"] != "missing_children"
        assert not row["name"].startswith("Coast Guard")


def test_candidates_only_from_dated_unverified_sources() -> None:
    sources = {s["id"]: s for s in json.loads((reference.DATA_DIR / "sources.json").read_text())}
    for row in _rows("psaps.csv.gz"):
        assert row["status"] in {"active", "secondary", "orphaned"}
        if row["candidate_phone"]:
            src = sources[int(row["candidate_src"])]
            assert src["status"] == "unverified" and src["source_date"] <= "2019-12-31"
            assert re.fullmatch(r"\+1\d{10}", row["candidate_phone"])
    kinds = {row["kind"] for row in _rows("law_enforcement.csv.gz")}
    assert kinds == {"police", "sheriff", "state"}


@pytest.mark.parametrize("name", FILES)
def test_files_are_small(name: str) -> None:
    assert (reference.DATA_DIR / name).stat().st_size < 800_000
