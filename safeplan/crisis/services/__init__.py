"""Every write of the crisis record: one transaction each, audited, nothing written on bad input.

- ``events``: ``open_crisis``, ``add_entry`` (idempotency key: a double tap writes one entry),
  ``correct_entry``, ``join_crisis``.
- ``disconnection``: ``start_disconnection`` (the §9 lost-connection protocol), ``advance`` (time passing).
- ``disclosures``: ``record_disclosure`` (HIPAA 164.512(j), 42 CFR 2.51).
- ``closing``: ``close_crisis`` (outcome + disposition → draft note, follow-up contact, plan review),
  ``complete_follow_up``.
- ``notes``: ``save_note``, ``sign_note``, ``amend_note``.
- ``protocols``: ``set_protocol`` (an organisation adapts its steps), ``protocol_for``.
"""

from safeplan.crisis.services.closing import (
    close_crisis,
    complete_follow_up,
    missing_steps,
    safety_status,
)
from safeplan.crisis.services.disclosures import record_disclosure
from safeplan.crisis.services.disconnection import advance, start_disconnection
from safeplan.crisis.services.events import (
    add_entry,
    correct_entry,
    join_crisis,
    open_crisis,
    running_session,
)
from safeplan.crisis.services.notes import amend_note, save_note, sign_note
from safeplan.crisis.services.protocols import protocol_for, set_protocol

__all__ = [
    "add_entry",
    "advance",
    "amend_note",
    "close_crisis",
    "complete_follow_up",
    "correct_entry",
    "join_crisis",
    "missing_steps",
    "open_crisis",
    "protocol_for",
    "record_disclosure",
    "running_session",
    "safety_status",
    "save_note",
    "set_protocol",
    "sign_note",
    "start_disconnection",
]
