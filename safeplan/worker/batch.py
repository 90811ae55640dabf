"""Run a handler's unit over a small batch of due rows in one transaction (shared by the job handlers).

Why a batch: on PostgreSQL every commit waits for the disk (about a millisecond here), so one transaction
per row caps a worker at a few hundred rows a second. Why ``SKIP LOCKED``: two workers asking for "the most
overdue row" would otherwise both pick the same one and queue behind each other; with it each takes rows
the other has not locked. Each row still runs in its own savepoint and is still claimed with the handler's
conditional UPDATE, so a row is processed once even on SQLite (no row locks) or if two batches overlap.

A row whose processing raises is rolled back alone, logged by id, and pushed an hour later so a bad row
cannot stall the queue (healthchecks' ``sendalerts`` does the same).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.db import connection, transaction

log = logging.getLogger("safeplan.worker")
BATCH = 20
RETRY_BAD_ROW_AFTER = dt.timedelta(hours=1)


def run_batch(
    due: Any,
    process: Callable[[Any], None],
    *,
    postpone: Callable[[Any, dt.datetime], object],
    now: dt.datetime,
    limit: int = BATCH,
) -> bool:
    """Process up to ``limit`` rows of the ordered queryset ``due``; True when any were found."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            due = due.select_for_update(skip_locked=True, of=("self",))
        rows = list(due[:limit])
        for row in rows:
            try:
                with transaction.atomic():
                    process(row)
            except Exception as exc:
                log.exception(
                    "%s %s failed (%s); retrying in an hour",
                    type(row).__name__,
                    row.pk,
                    type(exc).__name__,
                )
                postpone(row, now + RETRY_BAD_ROW_AFTER)
    return bool(rows)
