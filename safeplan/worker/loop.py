"""The worker loop (DESIGN.md "background work", architecture.md §11; healthchecks' ``sendalerts``).

Handlers run in priority order. Each does one unit of work and returns whether it found any; the loop
repeats a handler while it finds work (bounded per pass so a flood of one kind cannot starve the rest),
then moves on. After each pass it seals the audit chain and writes the heartbeat; when no handler found
work it sleeps. SIGTERM/SIGINT finish the current unit and exit. A handler that raises is logged by name
(never with client data) and skipped for this pass, so one bad row cannot crash the loop.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
import signal
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import close_old_connections, connection
from django.utils import timezone

from safeplan.audit import partitions as audit_partitions
from safeplan.audit import services as audit_services
from safeplan.worker import heartbeat

log = logging.getLogger("safeplan.worker")

# Priority order: clinical escalations first, then what keeps the record current, then delivery.
HANDLERS = (
    # Lost-connection deadlines first: a client at risk may be unreachable right now (clinical-rules §9).
    "safeplan.crisis.jobs.advance_one_disconnection",
    "safeplan.crisis.jobs.alert_one_overdue_follow_up",
    "safeplan.plans.means_counselling.alert_one_overdue_check",
    "safeplan.followup.jobs.track_one_risk_change",
    "safeplan.followup.jobs.advance_one_checkin",
    "safeplan.followup.jobs.send_one_caring_contact",
    "safeplan.notifications.jobs.recover_one_stale_message",
    "safeplan.notifications.jobs.deliver_one_message",
)
MAX_UNITS_PER_PASS = 200
IDLE_SLEEP_SECONDS = 2.0


def load_handlers(paths: Sequence[str] = HANDLERS) -> list[tuple[str, Callable[[], bool]]]:
    handlers = []
    for path in paths:
        module_name, _, attr = path.rpartition(".")
        module = importlib.import_module(module_name)
        handlers.append((path.rsplit(".", 2)[-2] + "." + attr, getattr(module, attr)))
    return handlers


PARTITION_CHECK_SECONDS = 3600


def seal_audit() -> int:
    return audit_services.seal_pending()


@dataclass
class Worker:
    handlers: list[tuple[str, Callable[[], bool]]] = field(default_factory=load_handlers)
    name: str = field(default_factory=heartbeat.default_name)
    idle_sleep: float = IDLE_SLEEP_SECONDS
    max_units_per_pass: int = MAX_UNITS_PER_PASS
    stopping: bool = False
    units: int = 0
    started_at: dt.datetime = field(default_factory=timezone.now)
    errors: dict[str, int] = field(default_factory=dict)
    partitions_checked_at: float = 0.0

    def stop(self, *_: Any) -> None:
        self.stopping = True

    def install_signals(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run_handler(self, name: str, handler: Callable[[], bool]) -> int:
        done = 0
        while not self.stopping and done < self.max_units_per_pass:
            try:
                found = handler()
            except Exception as exc:
                self.errors[name] = self.errors.get(name, 0) + 1
                log.exception("worker handler %s failed: %s", name, type(exc).__name__)
                break
            if not found:
                break
            done += 1
        return done

    def run_pass(self) -> int:
        """Every handler until it runs out of work (or the per-pass bound); returns units done."""
        if not connection.in_atomic_block:
            # Drop a connection the database closed or that outlived CONN_MAX_AGE (a long-running
            # process never passes through Django's per-request cleanup). Never inside a transaction.
            close_old_connections()
        done = 0
        for name, handler in self.handlers:
            if self.stopping:
                break
            done += self.run_handler(name, handler)
        try:
            seal_audit()
        except Exception as exc:
            log.exception("sealing the audit chain failed: %s", type(exc).__name__)
        self.ensure_audit_partitions()
        try:
            heartbeat.beat(self.name, units=done, started_at=self.started_at)
        except Exception as exc:
            log.exception("writing the heartbeat failed: %s", type(exc).__name__)
        self.units += done
        return done

    def ensure_audit_partitions(self) -> None:
        """PostgreSQL: next months' audit partitions exist long before a row needs them (hourly)."""
        if (
            time.monotonic() - self.partitions_checked_at < PARTITION_CHECK_SECONDS
            and self.partitions_checked_at
        ):
            return
        try:
            created = audit_partitions.ensure_partitions()
        except Exception as exc:
            log.exception("creating audit partitions failed: %s", type(exc).__name__)
            return
        self.partitions_checked_at = time.monotonic()
        if created:
            log.info("created %d audit log partitions", created)

    def run(self, *, once: bool = False, max_seconds: float | None = None) -> int:
        """Loop until stopped; with ``once``, repeat passes until nothing is due, then return."""
        deadline = None if max_seconds is None else time.monotonic() + max_seconds
        try:
            heartbeat.prune()
        except Exception as exc:
            log.warning("pruning old heartbeats failed: %s", type(exc).__name__)
        while not self.stopping:
            done = self.run_pass()
            if deadline is not None and time.monotonic() >= deadline:
                break
            if done:
                continue
            if once:
                break
            self._sleep(self.idle_sleep)
        return self.units

    def _sleep(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            time.sleep(min(0.2, end - time.monotonic()))
