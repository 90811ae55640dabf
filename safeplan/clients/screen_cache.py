"""A per-process cache of what a client's screens are built from, that can never serve stale data.

Entries are keyed by the client's and the organisation's ``ScreenVersion`` (``versions``), read in one
query per request: any committed write to the client's data bumps the version in the same transaction, so
an entry built before it no longer matches and is rebuilt. What is cached is the *facts* (decrypted rows,
directory lookups), never a rendered page: the time-dependent parts (how long ago, which hours apply now)
and the read audit run on every request.

- Readers inside an application transaction bypass the cache (on PostgreSQL their own writes bump the
  version only at commit).
- Facts are gathered after the version is read, so an entry is never older than its key.
- Bounded (least recently used out), per process, in memory only: nothing leaves the process.
- ``settings.SCREEN_CACHE`` = False turns it off.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

from django.conf import settings

from safeplan.clients import versions

T = TypeVar("T")
_caches: list[ScreenCache[Any]] = []


class ScreenCache(Generic[T]):
    def __init__(self, name: str, maxsize: int = 4096) -> None:
        self.name = name
        self.maxsize = maxsize
        self._data: OrderedDict[tuple[int, Hashable], tuple[tuple[int, int, int], T]] = (
            OrderedDict()
        )
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0
        _caches.append(self)

    def get(self, client: Any, build: Callable[[], T], extra: Hashable = None) -> T:
        """``build()``'s value for ``client``, cached while their versions stay the same.

        ``extra`` holds whatever else the value depends on (which session, the client's local day)."""
        if not getattr(settings, "SCREEN_CACHE", True) or versions.in_write_transaction():
            return build()
        slot = (client.pk, extra)
        key = versions.current(client.pk, client.organisation_id)
        with self._lock:
            entry = self._data.get(slot)
            if entry is not None and entry[0] == key:
                self._data.move_to_end(slot)
                self.hits += 1
                return entry[1]
        value = build()
        with self._lock:
            self.misses += 1
            self._data[slot] = (key, value)
            self._data.move_to_end(slot)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0


def clear_all() -> None:
    for cache in _caches:
        cache.clear()
