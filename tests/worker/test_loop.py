"""The worker loop: priority order, one unit at a time, heartbeat, audit sealing, clean stop, --once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.audit import verify as audit_verify
from safeplan.audit.models import AuditEvent
from safeplan.notifications import services
from safeplan.notifications.models import OutboundMessage, Status
from safeplan.worker import heartbeat
from safeplan.worker.loop import HANDLERS, Worker, load_handlers
from safeplan.worker.models import WorkerHeartbeat


def test_handlers_load_in_priority_order() -> None:
    names = [name for name, _fn in load_handlers()]
    assert len(names) == len(HANDLERS)
    assert names[-1] == "jobs.deliver_one_message"
    assert names.index("jobs.advance_one_checkin") < names.index("jobs.deliver_one_message")


def test_run_pass_drains_each_handler_in_order_and_beats(db: Any) -> None:
    calls: list[str] = []
    work = {"a": 2, "b": 1}

    def handler(name: str) -> Any:
        def run() -> bool:
            calls.append(name)
            if work[name]:
                work[name] -= 1
                return True
            return False

        return run

    worker = Worker(handlers=[("a", handler("a")), ("b", handler("b"))], name="t-1")
    done = worker.run_pass()
    assert done == 3
    assert calls == ["a", "a", "a", "b", "b"]
    assert WorkerHeartbeat.objects.get(name="t-1").units == 3


def test_failing_handler_is_logged_and_skipped(db: Any, caplog: Any) -> None:
    def broken() -> bool:
        raise RuntimeError("row 7 is bad")

    ran: list[int] = []

    def fine() -> bool:
        ran.append(1)
        return False

    worker = Worker(handlers=[("broken", broken), ("fine", fine)], name="t-2")
    worker.run_pass()
    assert ran == [1]
    assert worker.errors == {"broken": 1}
    assert "worker handler broken failed: RuntimeError" in caplog.text


def test_stop_finishes_the_current_unit_and_exits(db: Any) -> None:
    units: list[int] = []
    worker = Worker(handlers=[], name="t-3", idle_sleep=0.01)

    def one_then_stop() -> bool:
        units.append(1)
        worker.stop()  # what SIGTERM does
        return True

    worker.handlers = [("h", one_then_stop)]
    assert worker.run() == 1
    assert units == [1]


def test_per_pass_bound_lets_other_handlers_run(db: Any) -> None:
    order: list[str] = []

    def endless() -> bool:
        order.append("flood")
        return True

    def other() -> bool:
        order.append("other")
        return False

    worker = Worker(handlers=[("flood", endless), ("other", other)], name="t-4")
    worker.max_units_per_pass = 5
    worker.run_pass()
    assert order == ["flood"] * 5 + ["other"]


def test_worker_once_command_delivers_seals_and_beats(world: Any) -> None:
    for i in range(3):
        services.enqueue_message(
            channel="email",
            to_address=f"c{i}@example.org",
            template="client_new_message",
            context={"link": "/portal/"},
            dedupe_key=f"once-{i}",
            client=world.client,
        )
    audit.record(actor=world.users["clinician"], action="client.viewed", client=world.client)
    call_command("worker", "--once", "--name", "test-once")
    assert OutboundMessage.objects.filter(status=Status.SENT).count() == 3
    assert len(mail.outbox) == 3
    assert not AuditEvent.objects.filter(chain_seq__isnull=True).exists(), "audit chain sealed"
    assert audit_verify.verify_chain().ok
    status = heartbeat.worker_status()
    assert status["stale"] is False and status["last_seen"] is not None


def test_worker_status_goes_stale(db: Any) -> None:
    assert heartbeat.worker_status() == {"last_seen": None, "age_seconds": None, "stale": True}
    with time_machine.travel(timezone.now(), tick=False) as clock:
        heartbeat.beat("w")
        assert heartbeat.worker_status()["stale"] is False
        clock.shift(dt.timedelta(seconds=heartbeat.STALE_AFTER_SECONDS + 1))
        status = heartbeat.worker_status()
        assert status["stale"] is True and status["age_seconds"] > 60


def test_worker_status_never_raises(db: Any, monkeypatch: Any) -> None:
    def broken() -> None:
        raise RuntimeError("database gone")

    monkeypatch.setattr(heartbeat, "last_seen", broken)
    assert heartbeat.worker_status()["stale"] is True


def test_healthz_reports_the_worker(client: Any, db: Any) -> None:
    heartbeat.beat("w")
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["worker"]["stale"] is False


def test_old_heartbeats_are_pruned(db: Any) -> None:
    with time_machine.travel(timezone.now() - dt.timedelta(days=8), tick=False):
        heartbeat.beat("old-host:1")
    heartbeat.beat("new-host:2")
    assert heartbeat.prune() == 1
    assert list(WorkerHeartbeat.objects.values_list("name", flat=True)) == ["new-host:2"]


def test_sigterm_finishes_the_unit_then_exits(db: Any) -> None:
    import os
    import signal

    worker = Worker(handlers=[], name="t-sig", idle_sleep=0.01)
    previous = (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT))
    worker.install_signals()
    finished: list[str] = []

    def unit() -> bool:
        os.kill(os.getpid(), signal.SIGTERM)  # arrives in the middle of a unit
        finished.append("unit")
        return True

    worker.handlers = [("h", unit)]
    try:
        assert worker.run() == 1
    finally:
        signal.signal(signal.SIGTERM, previous[0])
        signal.signal(signal.SIGINT, previous[1])
    assert finished == ["unit"] and worker.stopping
