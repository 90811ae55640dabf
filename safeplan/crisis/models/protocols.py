"""Protocols as data: an organisation's adapted steps, and the running lost-connection protocol.

``OrganisationProtocol`` rows are versions: adapting a protocol writes a new row (the newest is in force),
so every crisis can show the steps it was opened with. ``DisconnectionProtocol`` is the state of the §9 state
machine for one lost-connection crisis; ``next_deadline_at`` carries a partial index so the worker finds the
protocols whose next moment has come (DESIGN.md "background work").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeplan.crisis.models.base import AppendOnlyModel
from safeplan.crisis.models.timeline import CrisisEvent
from safeplan.crisis.rules.types import CRISIS_TYPES


class OrganisationProtocol(AppendOnlyModel):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    crisis_type = models.CharField(max_length=24, choices=list(CRISIS_TYPES.items()))
    version = models.PositiveIntegerField()
    steps = models.JSONField(help_text="Empty: back to the default protocol")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "crisis_type", "version"], name="crisis_protocol_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.crisis_type} protocol v{self.version}"


class DisconnectionProtocol(models.Model):
    event = models.OneToOneField(
        CrisisEvent, on_delete=models.CASCADE, related_name="disconnection"
    )
    step = models.CharField(max_length=32)
    started_at = models.DateTimeField()
    step_since = models.DateTimeField()
    at_risk = models.BooleanField(default=False)
    at_risk_reasons = models.JSONField(default=list, blank=True)
    marks = models.JSONField(default=list, blank=True)
    escalated = models.CharField(max_length=24, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=24, blank=True)
    retry_video_seconds = models.PositiveIntegerField()
    call_backup_seconds = models.PositiveIntegerField()
    escalate_at_risk_seconds = models.PositiveIntegerField()
    support_person_window_seconds = models.PositiveIntegerField()
    timers_from_plan = models.BooleanField(default=False)
    next_deadline_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_deadline_at"],
                name="crisis_disconnection_due",
                condition=Q(next_deadline_at__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"disconnection protocol {self.pk}"
