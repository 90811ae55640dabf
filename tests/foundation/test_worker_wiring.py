"""Every background job that carries a clinical deadline is registered with the worker loop."""

from __future__ import annotations

from safeplan.worker.loop import HANDLERS, load_handlers


def test_worker_runs_the_crisis_deadlines_before_anything_else() -> None:
    assert HANDLERS[0] == "safeplan.crisis.jobs.advance_one_disconnection"
    assert "safeplan.crisis.jobs.alert_one_overdue_follow_up" in HANDLERS
    for expected in (
        "safeplan.followup.jobs.advance_one_checkin",
        "safeplan.followup.jobs.send_one_caring_contact",
        "safeplan.notifications.jobs.deliver_one_message",
    ):
        assert expected in HANDLERS
    handlers = load_handlers()
    assert len(handlers) == len(HANDLERS)
    assert all(callable(fn) for _, fn in handlers)
