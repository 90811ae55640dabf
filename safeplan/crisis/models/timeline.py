"""A crisis event and its append-only timeline (issue 6; the incident timeline of Netflix Dispatch, STYLE.md).

Every action lands as a ``TimelineEntry`` with the time to the second and who did it; corrections are new
entries pointing at what they correct (``corrects``). Entries are never changed or removed: the ORM refuses
(``AppendOnlyModel``) and so does the database (triggers in ``safeplan.crisis.guard``).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeplan.crisis.models.base import (
    AppendOnlyModel,
    ImmutableRowError,
    KeptQuerySet,
    words_digest,
)
from safeplan.crisis.rules.types import CRISIS_TYPES, DISPOSITIONS, OUTCOMES
from safeplan.lib.fields import EncryptedJSONField


class CrisisStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class CrisisEvent(models.Model):
    """One crisis: opened from a session (or from the client page), closed with outcome and disposition."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="crisis_events"
    )
    session = models.ForeignKey(
        "telehealth.TelehealthSession",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="crisis_events",
    )
    crisis_type = models.CharField(max_length=24, choices=list(CRISIS_TYPES.items()))
    status = models.CharField(max_length=8, choices=CrisisStatus.choices, default=CrisisStatus.OPEN)
    # The steps this crisis was opened with (the organisation's words, not the client's): adapting the
    # protocol later never changes what the clinician saw.
    protocol = models.JSONField(default=list)
    protocol_version = models.PositiveIntegerField(
        default=0, help_text="0: our default protocol; n: the organisation's version n"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    entry_count = models.PositiveIntegerField(default=0)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=24, blank=True, choices=list(OUTCOMES.items()))
    disposition = models.CharField(max_length=24, blank=True, choices=list(DISPOSITIONS.items()))
    risk_level_at_close = models.CharField(max_length=10, blank=True)
    follow_up_due_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[Any] = KeptQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(
                fields=["organisation", "opened_at"],
                name="crisis_open_by_org",
                condition=Q(status="open"),
            ),
            models.Index(fields=["client", "opened_at"], name="crisis_by_client"),
        ]

    def __str__(self) -> str:
        return f"crisis {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == CrisisStatus.OPEN

    @property
    def type_label(self) -> str:
        return CRISIS_TYPES.get(self.crisis_type, self.crisis_type)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError("crisis events are never removed")


class TimelineEntry(AppendOnlyModel):
    """One thing that happened in a crisis, recorded at ``at`` (to the second) by ``by``.

    ``occurred_at`` is when it happened, when the clinician records it afterwards; ``payload`` holds what
    was recorded (encrypted: names, numbers, notes) and ``payload_hash`` its digest.
    """

    event = models.ForeignKey(CrisisEvent, on_delete=models.CASCADE, related_name="entries")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=32)
    at = models.DateTimeField(default=timezone.now)
    occurred_at = models.DateTimeField(null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    by_role = models.CharField(max_length=20)
    payload = EncryptedJSONField()
    payload_hash = models.CharField(max_length=64)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    idempotency_key = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "seq"], name="crisis_entry_seq"),
            models.UniqueConstraint(
                fields=["event", "idempotency_key"],
                condition=~Q(idempotency_key=""),
                name="crisis_entry_idempotency",
            ),
        ]

    def __str__(self) -> str:
        return f"crisis {self.event_id} entry {self.seq}"

    @property
    def when(self) -> Any:
        return self.occurred_at or self.at

    def words_intact(self) -> bool:
        return words_digest(self.payload) == self.payload_hash


class CrisisParticipant(models.Model):
    """Who is working on a crisis: the clinician who opened it and anyone who joined."""

    event = models.ForeignKey(CrisisEvent, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    joined_at = models.DateTimeField(default=timezone.now)
    opened = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="crisis_participant_once")
        ]

    def __str__(self) -> str:
        return f"crisis {self.event_id} participant {self.user_id}"
