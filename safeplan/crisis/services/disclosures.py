"""Recording an emergency disclosure (clinical-rules.md §10.3 HIPAA 45 CFR 164.512(j); §10.4 42 CFR 2.51).

Recipient, basis, what was disclosed, when and by whom are required; nothing is written without them. The
record points at the timeline entry during which the information was shared, which answers that entry's
disclosure prompt, and lands on the timeline itself.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.crisis.models import (
    CrisisEvent,
    CrisisParticipant,
    EmergencyDisclosure,
    TimelineEntry,
)
from safeplan.crisis.rules import disclosure as rules
from safeplan.crisis.services import common
from safeplan.lib.errors import InvalidInput


@transaction.atomic
def record_disclosure(
    *,
    actor: Any,
    event: CrisisEvent,
    data: dict[str, Any],
    entry_id: int | None = None,
    disclosed_by_id: int | None = None,
    corrects_id: int | None = None,
) -> EmergencyDisclosure:
    """Write one disclosure record (``data``: recipient_name, recipient_type, recipient_affiliation, basis,
    basis_detail, information_disclosed, nature_of_emergency, disclosed_at)."""
    event = common.lock_event(event)
    common.require_clinical(actor, event.client)
    common.require_open(event)
    now = timezone.now()
    clean = rules.normalise_disclosure(data, now=now, opened_at=event.opened_at)
    entry = None
    if entry_id is not None:
        entry = TimelineEntry.objects.filter(event_id=event.pk, pk=entry_id).first()
        if entry is None:
            raise InvalidInput("no entry with that id in this crisis", field="entry_id")
    discloser = actor
    if disclosed_by_id is not None and disclosed_by_id != actor.pk:
        found = (
            CrisisParticipant.objects.filter(event_id=event.pk, user_id=disclosed_by_id)
            .select_related("user")
            .first()
        )
        if found is None:
            raise InvalidInput("must be someone working on this crisis", field="disclosed_by_id")
        discloser = found.user
    corrects = None
    if corrects_id is not None:
        corrects = EmergencyDisclosure.objects.filter(event_id=event.pk, pk=corrects_id).first()
        if corrects is None:
            raise InvalidInput("no disclosure with that id in this crisis", field="corrects_id")
    disclosure = EmergencyDisclosure(
        event=event,
        client=event.client,
        entry=entry,
        disclosed_by=discloser,
        recorded_by=actor,
        recorded_at=now,
        corrects=corrects,
        **clean,
    )
    disclosure.words_hash = common.words_digest(disclosure.words())
    disclosure.save()
    common.ensure_participant(event, actor)
    common.append(
        event,
        kind="disclosure",
        payload={
            "disclosure_id": disclosure.pk,
            "recipient": rules.RECIPIENT_TYPES[clean["recipient_type"]].lower(),
            "entry_seq": entry.seq if entry else None,
        },
        actor=actor,
        at=now,
    )
    audit.record(
        actor=actor,
        action="crisis.disclosure_recorded",
        client=event.client,
        target=disclosure,
        details={
            "event": event.pk,
            "basis": clean["basis"],
            "recipient_type": clean["recipient_type"],
            "entry": entry.pk if entry else None,
            "corrects": corrects.pk if corrects else None,
        },
    )
    return disclosure
