"""Helpers shared by the crisis services: who may act, the timeline writer, notifications, settings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.accounts.policy import org_setting
from safeplan.audit import services as audit
from safeplan.clients.selectors import care_team_of, supervisors_of
from safeplan.crisis.models import CrisisEvent, CrisisParticipant, TimelineEntry, words_digest
from safeplan.lib.errors import Conflict, DomainError, InvalidInput, NotAllowed
from safeplan.notifications.services import notify as send

# Per-organisation settings ([C]) with their defaults.
DEFAULTS: dict[str, Any] = {
    # §7.2 / issue 6: the follow-up contact after a crisis, within 24-72 hours.
    "crisis.follow_up_hours": 24,
    # §9 step 4: how long a reached or called support person has before the welfare check is offered.
    "crisis.support_person_window_seconds": 300,
    # Notify the supervisors when a lost-connection protocol starts for a client not at risk.
    "crisis.notify_supervisor_on_every_disconnection": False,
}
FOLLOW_UP_MIN_HOURS = 1
FOLLOW_UP_MAX_HOURS = 72


class Problems(InvalidInput):
    """Several fields are wrong at once (a note missing three sections); each is named in the detail."""

    def __init__(self, problems: Iterable[tuple[str, str]]) -> None:
        self.problems = list(problems)
        message = "; ".join(f"{field}: {msg}" for field, msg in self.problems)
        super().__init__(message, field=self.problems[0][0] if self.problems else None)

    def as_detail(self) -> list[dict[str, object]] | str:
        return [
            {"loc": ["body", *field.split(".")], "msg": msg, "type": "value_error"}
            for field, msg in self.problems
        ]


def setting(organisation: Any, key: str) -> Any:
    return org_setting(organisation, key, DEFAULTS[key])


def require_clinical(actor: Any, client: Any) -> None:
    if not getattr(actor, "is_clinical", False) or actor.organisation_id != client.organisation_id:
        raise NotAllowed("only clinicians and supervisors act in a crisis")


def require_open(event: CrisisEvent) -> None:
    if not event.is_open:
        raise Conflict("this crisis is closed; nothing more can be added to it", field="event")


def lock_event(event: CrisisEvent) -> CrisisEvent:
    """The event row, locked for this transaction (serialises the timeline's sequence numbers)."""
    locked: CrisisEvent = (
        CrisisEvent.objects.select_for_update().select_related("client").get(pk=event.pk)
    )
    return locked


def role_of(actor: Any) -> str:
    return str(getattr(actor, "role", "") or "system") if actor is not None else "system"


def append(
    event: CrisisEvent,
    *,
    kind: str,
    payload: dict[str, Any],
    actor: Any,
    occurred_at: dt.datetime | None = None,
    corrects: TimelineEntry | None = None,
    idempotency_key: str = "",
    at: dt.datetime | None = None,
) -> TimelineEntry:
    """Add one entry to a locked, open event's timeline."""
    event.entry_count += 1
    entry = TimelineEntry.objects.create(
        event=event,
        seq=event.entry_count,
        kind=kind,
        at=at or timezone.now(),
        occurred_at=occurred_at,
        by=actor,
        by_role=role_of(actor),
        payload=payload,
        payload_hash=words_digest(payload),
        corrects=corrects,
        idempotency_key=idempotency_key,
    )
    CrisisEvent.objects.filter(pk=event.pk).update(entry_count=event.entry_count)
    return entry


def ensure_participant(event: CrisisEvent, actor: Any, *, opened: bool = False) -> bool:
    """Add ``actor`` to the people working on the crisis; True when they were not there yet."""
    if actor is None:
        return False
    _, created = CrisisParticipant.objects.get_or_create(
        event=event, user=actor, defaults={"opened": opened}
    )
    return created


supervisors = supervisors_of
care_team = care_team_of


def guarded(client: Any, actor: Any, step: str, call: Callable[[], Any]) -> bool:
    """Run another app's contract in a savepoint; a refusal is audited and does not undo the crisis."""
    try:
        with transaction.atomic():
            call()
    except DomainError as exc:
        audit.record(
            actor=actor,
            action="crisis.consequence_refused",
            client=client,
            details={"step": step, "field": (exc.field or "")[:60] or None},
        )
        return False
    return True


def notify(
    *,
    event: CrisisEvent,
    actor: Any,
    recipients: Iterable[User],
    kind: str,
    title: str,
    key: str,
    urgent: bool,
) -> None:
    """In-app (and email) alert about a crisis: the title names the client by record number only."""
    people = [u for u in recipients if u.pk != getattr(actor, "pk", None)]
    if not people:
        return

    guarded(
        event.client,
        actor,
        kind,
        lambda: send(
            recipients=people,
            kind=kind,
            client=event.client,
            title=title,
            link=f"/crisis/{event.pk}/",
            dedupe_key=f"crisis:{event.pk}:{key}",
            email=True,
            urgent=urgent,
        ),
    )
