"""Is the worker alive? Written every loop; read by ``/healthz`` and the dashboard banner.

``worker_status()`` never raises: a health check must answer even when the table is missing or the
database is slow to answer this one query.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
from typing import Any

from django.db.models import F
from django.utils import timezone

# A worker loops at least every few seconds (idle sleep is 2 s); a minute without a beat means it stopped.
STALE_AFTER_SECONDS = 60


def default_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def beat(name: str, *, units: int = 0, started_at: dt.datetime | None = None) -> None:
    from safeplan.worker.models import WorkerHeartbeat

    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(name=name).update(
        last_seen=now, loops=F("loops") + 1, units=F("units") + units
    )
    if not updated:
        WorkerHeartbeat.objects.get_or_create(
            name=name,
            defaults={
                "last_seen": now,
                "started_at": started_at or now,
                "loops": 1,
                "units": units,
            },
        )


def prune(now: dt.datetime | None = None, *, keep_days: int = 7) -> int:
    """Forget workers not seen for a week (each restart beats under a new host:pid name)."""
    from safeplan.worker.models import WorkerHeartbeat

    cutoff = (now or timezone.now()) - dt.timedelta(days=keep_days)
    deleted, _ = WorkerHeartbeat.objects.filter(last_seen__lt=cutoff).delete()
    return deleted


def last_seen() -> dt.datetime | None:
    from safeplan.worker.models import WorkerHeartbeat

    value: dt.datetime | None = (
        WorkerHeartbeat.objects.order_by("-last_seen").values_list("last_seen", flat=True).first()
    )
    return value


def worker_status(now: dt.datetime | None = None) -> dict[str, Any]:
    """``{"last_seen": iso | None, "age_seconds": float | None, "stale": bool}``."""
    try:
        seen = last_seen()
    except Exception:
        return {"last_seen": None, "age_seconds": None, "stale": True, "error": "unavailable"}
    if seen is None:
        return {"last_seen": None, "age_seconds": None, "stale": True}
    age = ((now or timezone.now()) - seen).total_seconds()
    return {
        "last_seen": seen.isoformat(),
        "age_seconds": round(max(age, 0.0), 1),
        "stale": age > STALE_AFTER_SECONDS,
    }
