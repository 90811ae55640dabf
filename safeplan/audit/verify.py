"""Verifying the audit log's hash chain: in full or from the last checkpoint, at hundreds of thousands of
entries a second.

Each sealed entry carries ``prev_hash`` (the hash of the entry before it in ``chain_seq`` order) and
``hash = sha256(prev_hash + canonical(entry))`` (``models.canonical``). Verification walks sealed entries in
chain order and stops at the first one whose position, link or hash does not hold, naming it.

- **Incremental** (the default for ``safeplan audit verify``): starts after the newest ``AuditCheckpoint``
  and, when the walk holds, writes a new checkpoint (the last entry's position and hash). Entries verified
  before are not read again, so a nightly run costs what the day added.
- **Full** (``--full``; run it weekly): from the first entry, or from the retention anchor when old months
  were dropped by policy (``partitions``), so an entry altered after it was checked is still caught.
- On PostgreSQL the database hashes: each chain-position range is one query that rebuilds every entry's
  canonical form in SQL (``details`` is stored canonical, ``models.CanonicalJSONField``), hashes it with
  ``sha256()``, compares links with ``lag()`` and returns only the positions that do not hold. Those are
  re-checked in Python (an entry whose text needs JSON escapes the SQL does not produce, such as
  non-ASCII, hashes differently there but is exact in Python); anything still wrong is walked in Python
  to name the first broken entry. Ranges run on ``workers`` connections in parallel threads; the links
  between ranges are checked by the caller. SQLite is walked in Python in one process.
  ``bench/audit_verify.py`` measures the rate.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils import timezone

from safeplan.audit.models import AuditChainHead, AuditCheckpoint, AuditEvent

GENESIS = "0" * 64
CHUNK = 50_000
COLUMNS = (
    "id, at, actor_id, actor_role, organisation_id, client_id, action, target_type, target_id, "
    "channel, request_id, ip, break_glass, details, chain_seq, prev_hash, hash"
)
_dumps = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str).encode
_sha256 = hashlib.sha256


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    problem: str = ""
    broken_entry_id: int | None = None
    stale_unsealed: int = 0
    started_after: int = 0
    full: bool = True


@dataclass(frozen=True)
class _Range:
    ok: bool
    checked: int
    first_prev: str
    last_hash: str
    problem: str = ""
    broken_entry_id: int | None = None


def _at(value: Any) -> str:
    if isinstance(value, str):  # SQLite without converters
        value = dt.datetime.fromisoformat(value)
    text = value.isoformat(timespec="microseconds")
    return text if value.tzinfo is not None else text + "+00:00"


def row_hash(row: Sequence[Any]) -> str:
    """The hash of one raw row in ``COLUMNS`` order, exactly as ``models.entry_hash`` computes it."""
    details = row[13]
    if isinstance(details, str | bytes):
        details = json.loads(details)
    payload = [
        row[0], _at(row[1]), row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9],
        row[10], row[11], bool(row[12]), details, row[14], row[15],
    ]  # fmt: skip
    return _sha256(row[15].encode() + _dumps(payload).encode()).hexdigest()


def _rows(first_seq: int, last_seq: int) -> Iterator[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        low = first_seq
        while low <= last_seq:
            high = min(last_seq, low + CHUNK - 1)
            cursor.execute(
                f"SELECT {COLUMNS} FROM audit_auditevent "  # noqa: S608 - constant column list
                "WHERE chain_seq >= %s AND chain_seq <= %s ORDER BY chain_seq",
                [low, high],
            )
            yield from cursor.fetchall()
            low = high + 1


def _check_range(bounds: tuple[int, int], prev: str | None = None) -> _Range:
    """Positions ``first..last`` inclusive: each present once, linked to the one before, hash intact.

    With ``prev`` (the hash before ``first``), the first entry's link is checked too.
    """
    first, last = bounds
    expected = first
    first_prev = ""
    checked = 0
    for row in _rows(first, last):
        seq = row[14]
        if seq != expected:
            return _Range(
                False, checked, first_prev, prev or "",
                f"entry missing before chain position {seq}", row[0],
            )  # fmt: skip
        if not checked:
            first_prev = row[15]
        if prev is not None and row[15] != prev:
            return _Range(
                False,
                checked,
                first_prev,
                prev,
                "link to the previous entry does not match",
                row[0],
            )
        if row_hash(row) != row[16]:
            return _Range(
                False,
                checked,
                first_prev,
                prev or "",
                "entry was altered after it was sealed",
                row[0],
            )
        prev = row[16]
        expected += 1
        checked += 1
    if expected != last + 1:
        return _Range(
            False, checked, first_prev, prev or "",
            f"entries missing from chain position {expected}", None,
        )  # fmt: skip
    return _Range(True, checked, first_prev, prev or "")


# The canonical entry (``services.canonical``) rebuilt in SQL: a compact JSON list; the keys of ``details``
# are already sorted in the stored text. Strings are written between plain quotes, which is their JSON
# form only when they hold no quote, backslash or control character: a row with one of those gets no
# SQL hash (NULL) and goes to Python. Non-ASCII stays literal here while Python escapes it, so such a row
# hashes differently and is re-checked in Python too. A SQL hash equal to the stored one is therefore the
# JSON of the same values the sealer hashed.
_STRINGS = "actor_role || action || target_type || target_id || channel || request_id || ip"
_SQL_HASH = (
    f"CASE WHEN ({_STRINGS}) ~ "
    + r"""'[\x01-\x1f"\\]' THEN NULL ELSE """
    + """encode(sha256(convert_to(prev_hash || '[' || id::text || ',"'
    || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') || '+00:00",'
    || coalesce(actor_id::text, 'null') || ',"' || actor_role || '",'
    || coalesce(organisation_id::text, 'null') || ',' || coalesce(client_id::text, 'null')
    || ',"' || action || '","' || target_type || '","' || target_id || '","' || channel || '","'
    || request_id || '","' || ip || '",' || CASE WHEN break_glass THEN 'true' ELSE 'false' END
    || ',' || details || ',' || chain_seq::text || ',"' || prev_hash || '"]', 'UTF8')), 'hex') END"""
)

# Hash first (OFFSET 0 keeps it below the sort), then compare each link with the entry before it.
_SQL_RANGE = f"""SELECT count(*), max(prev_hash) FILTER (WHERE chain_seq = %(low)s),
    max(hash) FILTER (WHERE chain_seq = %(high)s),
    array_agg(chain_seq ORDER BY chain_seq) FILTER (WHERE computed IS DISTINCT FROM hash),
    min(chain_seq) FILTER (WHERE before IS NOT NULL AND before <> prev_hash)
  FROM (SELECT chain_seq, prev_hash, hash, computed, lag(hash) OVER (ORDER BY chain_seq) AS before
        FROM (SELECT chain_seq, prev_hash, hash, {_SQL_HASH} AS computed FROM audit_auditevent
              WHERE chain_seq >= %(low)s AND chain_seq <= %(high)s OFFSET 0) AS hashed) AS r"""  # noqa: S608


def _chunk_in_sql(low: int, high: int) -> _Range | None:
    """One chunk checked by the database; ``None`` when something needs the exact Python walk."""
    with connection.cursor() as cursor:
        cursor.execute(_SQL_RANGE, {"low": low, "high": high})
        count, first_prev, last_hash, suspects, bad_link = cursor.fetchone()
        if count != high - low + 1 or bad_link is not None:
            return None
        if suspects:
            cursor.execute(
                f"SELECT {COLUMNS} FROM audit_auditevent WHERE chain_seq = ANY(%s)",  # noqa: S608
                [list(suspects)],
            )
            if any(row_hash(row) != row[16] for row in cursor.fetchall()):
                return None
    return _Range(True, count, first_prev, last_hash)


def _check_range_sql(bounds: tuple[int, int]) -> _Range:
    first, last = bounds
    checked, first_prev, prev = 0, "", ""
    for low in range(first, last + 1, CHUNK):
        high = min(last, low + CHUNK - 1)
        part = _chunk_in_sql(low, high)
        if part is None or (checked and part.first_prev != prev):
            exact = _check_range((low, last), prev if checked else None)
            return _Range(
                exact.ok, checked + exact.checked, first_prev if checked else exact.first_prev,
                exact.last_hash or prev, exact.problem, exact.broken_entry_id,
            )  # fmt: skip
        if not checked:
            first_prev = part.first_prev
        checked += part.checked
        prev = part.last_hash
    return _Range(True, checked, first_prev, prev)


def _in_thread(bounds: tuple[int, int]) -> _Range:
    try:
        return _check_range_sql(bounds)
    finally:
        connection.close()  # this thread's own connection


def _start() -> tuple[int, str, bool]:
    """Where a full walk begins: genesis, or the retention anchor left when old months were dropped."""
    anchor = (
        AuditCheckpoint.objects.filter(kind=AuditCheckpoint.Kind.RETENTION).order_by("-seq").first()
    )
    if anchor is None:
        return 0, GENESIS, False
    return anchor.seq, anchor.hash, True


def _ranges(after: int, last: int, parts: int) -> list[tuple[int, int]]:
    total = last - after
    if total <= 0:
        return []
    size = max(CHUNK, -(-total // parts))
    return [(low, min(last, low + size - 1)) for low in range(after + 1, last + 1, size)]


def verify_chain(
    *,
    full: bool = True,
    workers: int | None = None,
    stale_after_seconds: int = 60,
    record_checkpoint: bool = False,
) -> VerifyResult:
    """Check sealed entries in chain order; with ``full=False`` start after the newest checkpoint."""
    after, prev, _anchored = _start()
    if not full:
        checkpoint = AuditCheckpoint.objects.filter(seq__gt=after).order_by("-seq").first()
        if checkpoint is not None:
            after, prev = checkpoint.seq, checkpoint.hash
    head = AuditChainHead.objects.filter(id=1).first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(chain_seq) FROM audit_auditevent")
        last = cursor.fetchone()[0] or 0
    ranges = _ranges(after, last, workers or os.cpu_count() or 1)
    results = _run(ranges, workers)
    checked = 0
    for result in results:
        if result.checked and result.first_prev != prev:
            return VerifyResult(
                False, checked, "link to the previous entry does not match",
                _entry_at(after + checked + 1), 0, after, full,
            )  # fmt: skip
        checked += result.checked
        if not result.ok:
            broken = result.broken_entry_id
            if broken is None:  # a gap at the end of a range: name the entry after it
                broken = _first_entry_after(after + checked)
            return VerifyResult(False, checked, result.problem, broken, 0, after, full)
        prev = result.last_hash
    if head is not None and (head.last_seq != after + checked or head.last_hash != prev):
        return VerifyResult(
            False, checked, f"the newest entries are missing (head says {head.last_seq})",
            None, 0, after, full,
        )  # fmt: skip
    cutoff = timezone.now() - dt.timedelta(seconds=stale_after_seconds)
    stale = AuditEvent.objects.filter(chain_seq__isnull=True, at__lt=cutoff).count()
    if checked and record_checkpoint:
        AuditCheckpoint.objects.create(
            seq=after + checked, hash=prev, entries=checked, kind=AuditCheckpoint.Kind.VERIFIED
        )
    return VerifyResult(True, checked, stale_unsealed=stale, started_after=after, full=full)


def _first_entry_after(seq: int) -> int | None:
    rows = AuditEvent.objects.filter(chain_seq__gt=seq).order_by("chain_seq")
    return rows.values_list("id", flat=True).first()


def _entry_at(seq: int) -> int | None:
    return AuditEvent.objects.filter(chain_seq=seq).values_list("id", flat=True).first()


def _run(ranges: list[tuple[int, int]], workers: int | None) -> list[_Range]:
    if connection.vendor != "postgresql":
        return [_check_range(r) for r in ranges]  # SQLite: one file, one reader is fastest
    if len(ranges) <= 1 or connection.in_atomic_block:
        # Inside a transaction (tests, backup checks) another connection would not see its rows.
        return [_check_range_sql(r) for r in ranges]
    with ThreadPoolExecutor(max_workers=min(len(ranges), workers or os.cpu_count() or 1)) as pool:
        return list(pool.map(_in_thread, ranges))
