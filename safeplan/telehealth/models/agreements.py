"""What the client and clinician agreed: the technology backup plan (§9) and the boundaries agreement (§1.4).

Both are kept as versions: a change writes a new row and marks the previous one superseded, so what was
agreed at any time can be shown (PRODUCT.md "Nothing clinical is ever overwritten").
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeplan.lib.fields import EncryptedTextField

# §9: T1 "call backup phone within 2-5 min", T2 "5-10 min" when at risk; all [C] per organisation.
DEFAULT_RETRY_VIDEO_SECONDS = 60
DEFAULT_CALL_BACKUP_WITHIN_SECONDS = 120
DEFAULT_ESCALATE_WHEN_AT_RISK_AFTER_SECONDS = 600


class WhoCalls(models.TextChoices):
    CLINICIAN_CALLS_CLIENT = "clinician_calls_client", "The clinician calls the client"
    CLIENT_CALLS_CLINICIAN = "client_calls_clinician", "The client calls the clinician"


class TechnologyBackupPlan(models.Model):
    """What happens when the video drops (§1.1 item 5, §9): backup phone and platform, who calls whom,
    the timers, and what the client does if they cannot reconnect."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="backup_plans"
    )
    backup_phone = EncryptedTextField()
    backup_platform = EncryptedTextField(blank=True, default="")
    backup_link = EncryptedTextField(blank=True, default="")
    who_calls_whom = models.CharField(
        max_length=24, choices=WhoCalls.choices, default=WhoCalls.CLINICIAN_CALLS_CLIENT
    )
    clinic_phone = models.CharField(
        max_length=32, blank=True, help_text="The number the client calls to reach the clinic"
    )
    retry_video_seconds = models.PositiveIntegerField(default=DEFAULT_RETRY_VIDEO_SECONDS)
    call_backup_within_seconds = models.PositiveIntegerField(
        default=DEFAULT_CALL_BACKUP_WITHIN_SECONDS
    )
    escalate_when_at_risk_after_seconds = models.PositiveIntegerField(
        default=DEFAULT_ESCALATE_WHEN_AT_RISK_AFTER_SECONDS
    )
    if_cannot_reconnect = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "superseded_at"], name="th_backup_client")]
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(superseded_at__isnull=True), name="th_backup_current"
            )
        ]

    def __str__(self) -> str:
        return f"backup plan {self.pk}"


class Channel(models.TextChoices):
    SECURE_MESSAGE = "secure_message", "Secure message"
    PHONE = "phone", "Phone"
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"
    VIDEO = "video", "Video"


class BoundariesAgreement(models.Model):
    """When and how the client can reach the clinician between sessions, and what to do after hours
    (§1.4 "Boundaries"). Hours are weekly windows in the clinician's time zone (see ``availability``)."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="boundaries_agreements"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    clinician_time_zone = models.CharField(max_length=64)
    hours = models.JSONField(default=list)
    # [{"channel": "secure_message", "response_hours": 24}, ...]: the promised response time per channel.
    channels = models.JSONField(default=list)
    after_hours_instructions = EncryptedTextField()
    agreed_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "superseded_at"], name="th_boundaries_client")]
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(superseded_at__isnull=True),
                name="th_boundaries_current",
            )
        ]

    def __str__(self) -> str:
        return f"boundaries agreement {self.pk}"
