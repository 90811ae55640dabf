"""Worker handlers for follow-up (each does one unit and returns whether it found work).

Run by ``safeplan worker`` in the order of ``safeplan.worker.loop.HANDLERS``.
"""

from __future__ import annotations

from safeplan.followup.services import caring, escalation


def track_one_risk_change() -> bool:
    return escalation.track_one_risk_change()


def advance_one_checkin() -> bool:
    return escalation.advance_one_checkin()


def send_one_caring_contact() -> bool:
    return caring.send_one_caring_contact()
