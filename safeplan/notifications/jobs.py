"""Worker handlers for the outbox (each does one unit and returns whether it found work)."""

from __future__ import annotations

from safeplan.notifications import delivery


def deliver_one_message() -> bool:
    """A small batch of due messages (``delivery.BATCH``), each sent and recorded in turn."""
    return delivery.deliver_batch()


def recover_one_stale_message() -> bool:
    return delivery.recover_one_stale()
