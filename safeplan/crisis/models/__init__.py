"""Crisis models: the event and its append-only timeline, disclosures, notes, follow-ups and protocols.

Contract models other apps may read: ``CrisisEvent`` (``client``, ``session``, ``crisis_type``, ``status``,
``opened_at``, ``closed_at``, ``outcome``, ``disposition``) and ``CrisisFollowUp`` (``due_at``, ``status``).
Writes go through ``safeplan.crisis.services`` only.
"""

from safeplan.crisis.models.base import ImmutableRowError, words_digest
from safeplan.crisis.models.protocols import DisconnectionProtocol, OrganisationProtocol
from safeplan.crisis.models.records import (
    CrisisFollowUp,
    CrisisNote,
    EmergencyDisclosure,
    FollowUpOutcome,
    FollowUpStatus,
    NoteStatus,
)
from safeplan.crisis.models.timeline import (
    CrisisEvent,
    CrisisParticipant,
    CrisisStatus,
    TimelineEntry,
)

__all__ = [
    "CrisisEvent",
    "CrisisFollowUp",
    "CrisisNote",
    "CrisisParticipant",
    "CrisisStatus",
    "DisconnectionProtocol",
    "EmergencyDisclosure",
    "FollowUpOutcome",
    "FollowUpStatus",
    "ImmutableRowError",
    "NoteStatus",
    "OrganisationProtocol",
    "TimelineEntry",
    "words_digest",
]
