"""Opening a crisis, adding to its timeline, corrections, a second clinician joining (issue 6).

Each function is one transaction with its audit entry; on bad input nothing is written and the error names
the field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.crisis.models import CrisisEvent, TimelineEntry
from safeplan.crisis.rules import entries as entry_rules
from safeplan.crisis.rules import types
from safeplan.crisis.services import common
from safeplan.crisis.services.disconnection import on_entry, recompute
from safeplan.crisis.services.opening import check_session, create_event, existing_open
from safeplan.lib.errors import Conflict, InvalidInput
from safeplan.telehealth.selectors import consented_support_persons, latest_session, support_persons

KEY_MAX = 64
EARLIEST_BEFORE_OPEN = dt.timedelta(hours=1)


RUNNING_FOR = dt.timedelta(hours=12)


def running_session(client: Any) -> Any:
    """The client's session in progress now (started in the last 12 hours and not ended), or None."""
    found = latest_session(client)
    if found is None or found.status != "started" or found.started_at is None:
        return None
    if found.started_at < timezone.now() - RUNNING_FOR:
        return None
    return found


@transaction.atomic
def open_crisis(
    *,
    actor: Any,
    client: Any,
    crisis_type: str,
    session: Any = None,
    from_assessment: int | None = None,
) -> tuple[CrisisEvent, bool]:
    """Open crisis mode for ``crisis_type`` (from a session, or from the client page without one).

    A crisis belongs to its session (issue 11): opened without one while a session of the client is in
    progress, it is linked to that session and so to its confirmed location. ``from_assessment``: the
    result whose pathway led here (recorded on the first timeline entry).
    Returns (event, created): a second tap while the same crisis is open returns the open one. The
    supervisors and the care team are alerted in-app and by email at once (clinical-rules.md §1.3).
    The lost-connection protocol starts through ``disconnection.start_disconnection`` instead.
    """
    common.require_clinical(actor, client)
    if session is None:
        session = running_session(client)
    if crisis_type not in types.CRISIS_TYPES:
        raise InvalidInput(f"must be one of {', '.join(types.CRISIS_TYPES)}", field="crisis_type")
    if crisis_type == types.LOST_CONNECTION:
        raise InvalidInput(
            "start the lost-connection protocol from the session (connection lost)",
            field="crisis_type",
        )
    check_session(client, session)
    found = existing_open(client, crisis_type, session)
    if found is not None:
        return found, False
    extra = {"from_assessment": from_assessment} if from_assessment else {}
    event = create_event(
        actor=actor, client=client, crisis_type=crisis_type, session=session, payload=extra
    )
    title = f"Crisis opened: {client.record_number} ({types.CRISIS_TYPES[crisis_type].lower()})"
    common.notify(
        event=event,
        actor=actor,
        recipients=[*common.supervisors(client), *common.care_team(client)],
        kind="crisis.opened",
        title=title[:200],
        key="opened",
        urgent=True,
    )
    return event, True


def _occurred_at(value: Any, event: CrisisEvent, now: dt.datetime) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, dt.datetime) or timezone.is_naive(value):
        raise InvalidInput("must be a date and time with a time zone", field="occurred_at")
    if value > now + dt.timedelta(minutes=1):
        raise InvalidInput("cannot be in the future", field="occurred_at")
    if value < event.opened_at - EARLIEST_BEFORE_OPEN:
        raise InvalidInput("is more than an hour before the crisis was opened", field="occurred_at")
    return value


def _check_key(key: Any) -> str:
    key = (key or "").strip() if isinstance(key, str) else key
    if key in (None, ""):
        return ""
    if not isinstance(key, str) or len(key) > KEY_MAX or not key.isprintable() or " " in key:
        raise InvalidInput(
            f"must be at most {KEY_MAX} characters, no spaces", field="idempotency_key"
        )
    return key


def _replayed(
    event: CrisisEvent, key: str, kind: str, payload: dict[str, Any]
) -> TimelineEntry | None:
    if not key:
        return None
    found = TimelineEntry.objects.filter(event_id=event.pk, idempotency_key=key).first()
    if found is None:
        return None
    if (
        found.kind != kind
        or {k: v for k, v in found.payload.items() if k != "consented"} != payload
    ):
        raise Conflict(
            "this idempotency key was used for a different entry", field="idempotency_key"
        )
    return found


def _support_person_consent(client: Any, payload: dict[str, Any]) -> dict[str, Any]:
    """Record whether a support person called or reached held a release in force at that moment (§10.3)."""
    to = payload.get("to")
    person_id = payload.get("support_person_id")
    if "support_person_id" in payload or to in types.PERSON_TARGETS:
        if person_id is not None and person_id not in {p.pk for p in support_persons(client)}:
            raise InvalidInput(
                "is not one of this client's support persons", field="payload.support_person_id"
            )
        consented = {p.pk for p in consented_support_persons(client)}
        return {**payload, "consented": person_id is not None and person_id in consented}
    return payload


@transaction.atomic
def add_entry(
    *,
    actor: Any,
    event: CrisisEvent,
    kind: str,
    payload: dict[str, Any] | None,
    idempotency_key: str = "",
    occurred_at: dt.datetime | None = None,
) -> tuple[TimelineEntry, bool]:
    """Record one action on the timeline, to the second, by ``actor``. Returns (entry, created).

    A repeated ``idempotency_key`` (a double tap) returns the entry already written. A lost-connection
    protocol moves on with the entry (``disconnection.on_entry``).
    """
    event = common.lock_event(event)
    client = event.client
    common.require_clinical(actor, client)
    common.require_open(event)
    key = _check_key(idempotency_key)
    steps = [s["code"] for s in event.protocol]
    clean = entry_rules.normalise_entry(kind, payload, steps=steps)
    again = _replayed(event, key, kind, clean)
    if again is not None:
        return again, False
    now = timezone.now()
    when = _occurred_at(occurred_at, event, now)
    clean = _support_person_consent(client, clean)
    if common.ensure_participant(event, actor):
        common.append(event, kind="joined", payload={}, actor=actor, at=now)
    try:
        with transaction.atomic():
            entry = common.append(
                event,
                kind=kind,
                payload=clean,
                actor=actor,
                occurred_at=when,
                idempotency_key=key,
                at=now,
            )
    except IntegrityError as exc:  # a concurrent tap with the same key won the race
        raise Conflict("this entry was just recorded", field="idempotency_key") from exc
    audit.record(
        actor=actor,
        action="crisis.entry_added",
        client=client,
        target=entry,
        details={"event": event.pk, "kind": kind, "seq": entry.seq},
    )
    if hasattr(event, "disconnection"):
        on_entry(event, entry, actor=actor, now=now)
    return entry, True


@transaction.atomic
def correct_entry(
    *,
    actor: Any,
    event: CrisisEvent,
    entry_id: int,
    payload: dict[str, Any] | None,
    reason: str,
    entered_in_error: bool = False,
    idempotency_key: str = "",
) -> TimelineEntry:
    """A correction: a new entry of the same kind that points at the entry it corrects (nothing is edited).

    ``entered_in_error`` withdraws the entry instead of replacing what it says; ``reason`` is required.
    """
    event = common.lock_event(event)
    common.require_clinical(actor, event.client)
    common.require_open(event)
    original = TimelineEntry.objects.filter(event_id=event.pk, pk=entry_id).first()
    if original is None:
        raise InvalidInput("no entry with that id in this crisis", field="entry_id")
    if original.kind not in types.ENTRY_KINDS:
        raise InvalidInput("entries written by Safeplan cannot be corrected", field="entry_id")
    newer = original.corrections.order_by("-seq").first()
    if newer is not None:
        raise Conflict(f"correct the newest version (entry {newer.seq})", field="entry_id")
    reason = entry_rules.clean_text(reason or "", "reason", entry_rules.SHORT_MAX, multiline=True)
    if not reason:
        raise InvalidInput("say why the entry is corrected", field="reason")
    key = _check_key(idempotency_key)
    if entered_in_error:
        clean: dict[str, Any] = {"entered_in_error": True}
    else:
        steps = [s["code"] for s in event.protocol]
        clean = entry_rules.normalise_entry(original.kind, payload, steps=steps)
        clean = _support_person_consent(event.client, clean)
    clean["reason"] = reason
    if key:
        found = TimelineEntry.objects.filter(event_id=event.pk, idempotency_key=key).first()
        if found is not None:
            if found.corrects_id != original.pk:
                raise Conflict(
                    "this idempotency key was used for a different entry", field="idempotency_key"
                )
            return found
    common.ensure_participant(event, actor)
    entry = common.append(
        event,
        kind=original.kind,
        payload=clean,
        actor=actor,
        occurred_at=original.occurred_at,
        corrects=original,
        idempotency_key=key,
    )
    audit.record(
        actor=actor,
        action="crisis.entry_corrected",
        client=event.client,
        target=entry,
        details={"event": event.pk, "corrects": original.pk, "withdrawn": entered_in_error},
    )
    if hasattr(event, "disconnection"):
        recompute(event, actor=actor, now=timezone.now())
    return entry


@transaction.atomic
def join_crisis(*, actor: Any, event: CrisisEvent) -> bool:
    """A second clinician (or the supervisor) joins and adds to the same timeline. True when newly joined."""
    event = common.lock_event(event)
    common.require_clinical(actor, event.client)
    common.require_open(event)
    joined = common.ensure_participant(event, actor)
    if joined:
        common.append(event, kind="joined", payload={}, actor=actor)
        audit.record(
            actor=actor, action="crisis.joined", client=event.client, target=event, details={}
        )
    return joined
