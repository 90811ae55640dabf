"""Fixed-window counters in the shared cache (database or Redis), so limits hold across app servers."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def _key(scope: str, ident: str, window: int) -> str:
    bucket = int(time.time()) // window
    digest = hashlib.sha256(ident.encode()).hexdigest()[:24]  # no user names in cache keys
    return f"rl:{scope}:{digest}:{bucket}"


def too_many(scope: str, ident: str, *, limit: int, window: int) -> bool:
    """True when ``ident`` already used ``limit`` attempts in the current window (does not count one)."""
    return int(cache.get(_key(scope, ident, window), 0)) >= limit


def count(scope: str, ident: str, *, window: int) -> None:
    key = _key(scope, ident, window)
    if not cache.add(key, 1, timeout=window):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=window)
