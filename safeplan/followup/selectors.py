"""Reads of follow-up data for pages and the API: scoped (the caller passes a client it fetched through
``get_client_for``/``portal_client_for``) and audited.

Cross-app contract (not audited; ids and dates only):

- ``next_checkin(client) -> CheckIn | None``: the client's open check-in (``due_at``, ``state``).
- ``upcoming_checkins(client_ids, *, until) -> list[CheckIn]``: open check-ins due before ``until``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from safeplan.audit import services as audit
from safeplan.followup import rules
from safeplan.followup.caring_texts import default_text
from safeplan.followup.models import (
    OPEN_STATES,
    CaringMessageText,
    CaringSeries,
    CheckIn,
    CheckInSchedule,
    ContactState,
    Direction,
    IntervalConfirmation,
    Message,
)


def next_checkin(client: Any) -> CheckIn | None:
    return (
        CheckIn.objects.filter(client_id=client.pk, state__in=OPEN_STATES)
        .order_by("due_at")
        .first()
    )


def upcoming_checkins(client_ids: Iterable[int], *, until: dt.datetime) -> list[CheckIn]:
    return list(
        CheckIn.objects.filter(
            client_id__in=list(client_ids), state__in=OPEN_STATES, due_at__lt=until
        )
        .select_related("client")
        .order_by("due_at")
    )


def latest_confirmation(schedule: CheckInSchedule | None) -> IntervalConfirmation | None:
    """The clinician's newest confirmation of a longer-than-cadence interval on this schedule."""
    if schedule is None or schedule.interval_days is None:
        return None
    return (
        IntervalConfirmation.objects.filter(schedule=schedule, interval_days=schedule.interval_days)
        .select_related("confirmed_by")
        .order_by("-confirmed_at", "-pk")
        .first()
    )


def open_checkin(schedule: CheckInSchedule) -> CheckIn | None:
    return CheckIn.objects.filter(schedule=schedule, state__in=OPEN_STATES).first()


def active_series(client: Any) -> CaringSeries | None:
    return CaringSeries.objects.filter(client_id=client.pk, ended_at__isnull=True).first()


def note_slot(series: CaringSeries, sequence: int) -> int:
    """Which of the wording slots (1..``rules.CARING_TEXT_SLOTS``) note ``sequence`` of a series uses."""
    try:
        steps = rules.caring_steps(series.schedule, series.months)
    except rules.RuleError:
        steps = rules.caring_steps(rules.DEFAULT_CARING_PLAN)
    if 1 <= sequence <= len(steps):
        return int(steps[sequence - 1][2])
    return (sequence - 1) % rules.CARING_TEXT_SLOTS + 1


def note_text(series: CaringSeries, sequence: int) -> str:
    """The wording of note ``sequence`` of a series: the organisation's own for its slot, else ours."""
    slot = note_slot(series, sequence)
    custom = (
        CaringMessageText.objects.filter(
            organisation_id=series.organisation_id, language=series.language, sequence=slot
        )
        .values_list("body", flat=True)
        .first()
    )
    return custom or default_text(series.language, slot)


def schedule_of(client: Any) -> CheckInSchedule | None:
    return CheckInSchedule.objects.filter(client_id=client.pk).first()


def checkins_for(user: Any, client: Any, *, limit: int = 50) -> list[CheckIn]:
    rows = list(
        CheckIn.objects.filter(client_id=client.pk)
        .select_related("completed_by")
        .order_by("-due_at", "-pk")[:limit]
    )
    audit.record(actor=user, action="checkin.listed", client=client, details={"count": len(rows)})
    return rows


def caring_for(user: Any, client: Any) -> list[CaringSeries]:
    rows = list(
        CaringSeries.objects.filter(client_id=client.pk)
        .prefetch_related("contacts")
        .select_related("started_by")
        .order_by("-started_at")
    )
    audit.record(
        actor=user, action="caring_series.listed", client=client, details={"count": len(rows)}
    )
    return rows


def next_caring_contact(series: CaringSeries) -> Any:
    return (
        series.contacts.filter(state=ContactState.SCHEDULED).order_by("send_at", "sequence").first()
    )


def thread_for(user: Any, client: Any, *, limit: int = 200) -> list[Message]:
    """The conversation, oldest first (the newest ``limit`` messages). Staff pages then mark the client's
    messages read (``services.messages.mark_read_by_staff``)."""
    rows = list(
        Message.objects.filter(client_id=client.pk)
        .select_related("author")
        .order_by("-created_at", "-pk")[:limit]
    )
    rows.reverse()
    audit.record(actor=user, action="message.listed", client=client, details={"count": len(rows)})
    return rows


def unread_for_client(client: Any) -> int:
    return Message.objects.filter(
        client_id=client.pk, direction=Direction.TO_CLIENT, read_at__isnull=True
    ).count()


def unread_from_client(client: Any) -> int:
    return Message.objects.filter(
        client_id=client.pk, direction=Direction.FROM_CLIENT, read_at__isnull=True
    ).count()
