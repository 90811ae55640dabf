"""Retry timing for the outbox (pure; architecture.md §11 "delivered outside any transaction with retries").

A temporary failure is retried after 30 s, 1, 2, 4 … minutes, capped at one hour, with up to 10% jitter so
that many messages failing together do not retry together. After ``MAX_ATTEMPTS`` (about a day of
trying) the message is marked failed and staff are told; it is never silently dropped.
"""

from __future__ import annotations

import datetime as dt
import random

BASE_SECONDS = 30
CAP_SECONDS = 3600
MAX_ATTEMPTS = 30
# A message claimed but neither sent nor failed after this long belonged to a worker that stopped.
LEASE_SECONDS = 300


def backoff_seconds(attempts: int, *, jitter: float | None = None) -> float:
    """Seconds to wait after the ``attempts``-th failed attempt (1-based)."""
    if attempts < 1:
        raise ValueError("attempts starts at 1")
    base = min(BASE_SECONDS * 2 ** (attempts - 1), CAP_SECONDS)
    spread = random.random() if jitter is None else jitter  # noqa: S311 - timing jitter, not security
    return float(base) * (1 + 0.1 * spread)


def next_attempt(now: dt.datetime, attempts: int, *, jitter: float | None = None) -> dt.datetime:
    return now + dt.timedelta(seconds=backoff_seconds(attempts, jitter=jitter))


def gives_up(attempts: int) -> bool:
    return attempts >= MAX_ATTEMPTS
