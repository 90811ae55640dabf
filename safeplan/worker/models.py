"""The worker's heartbeat and its reading positions in other apps' append-only tables."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class WorkerHeartbeat(models.Model):
    """One row per worker process (by name): ``/healthz`` and the dashboard show when it last looped."""

    name = models.CharField(max_length=120, unique=True)
    last_seen = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(default=timezone.now)
    loops = models.BigIntegerField(default=0)
    units = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"worker {self.name}"


class Cursor(models.Model):
    """How far a handler has read an append-only table (e.g. the risk flag history), by row id.

    Moved forward with a conditional UPDATE from the old position, so two workers never both process the
    same rows.
    """

    name = models.CharField(max_length=60, unique=True)
    position = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"cursor {self.name} at {self.position}"
