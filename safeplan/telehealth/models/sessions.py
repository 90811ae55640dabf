"""Telehealth sessions and their start-of-session time-out (clinical-rules.md §1.2, §8.1).

A session holds the answers of its own gate (location, callback number, privacy, safe adult for a minor),
each with who confirmed it and when; every answer is also appended to ``SessionCheck`` so a change during
the session (the client moves) keeps the earlier answer.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeplan.lib.fields import EncryptedJSONField, EncryptedTextField


class SessionStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    STARTED = "started", "In progress"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


class TelehealthSession(models.Model):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="telehealth_sessions"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.SCHEDULED
    )
    scheduled_for = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # §1.2 item 1: where the client is now, as confirmed for this session.
    location = models.ForeignKey(
        "telehealth.UsualLocation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    location_snapshot = EncryptedJSONField(null=True, blank=True)
    location_confirmed_at = models.DateTimeField(null=True, blank=True)
    location_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # §10.6: the client's jurisdiction and, when outside the clinician's licences, the warning shown.
    jurisdiction = models.CharField(max_length=12, blank=True)
    jurisdiction_warning = models.TextField(blank=True)

    # §1.2 item 2: a callback number that works now.
    callback_phone = EncryptedTextField(blank=True, default="")
    callback_confirmed_at = models.DateTimeField(null=True, blank=True)

    # §1.2 item 4: privacy of the client's space.
    privacy_alone = models.BooleanField(null=True, blank=True)
    privacy_private_place = models.BooleanField(null=True, blank=True)
    privacy_others_present = EncryptedTextField(blank=True, default="")
    privacy_checked_at = models.DateTimeField(null=True, blank=True)

    # §8: minors — the safe adult present or reachable, no excluded person present.
    is_minor = models.BooleanField(null=True, blank=True)
    minor_age_threshold = models.PositiveSmallIntegerField(null=True, blank=True)
    safe_adult = models.ForeignKey(
        "telehealth.Guardian", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    safe_adult_status = models.CharField(max_length=10, blank=True)
    safe_adult_confirmed_at = models.DateTimeField(null=True, blank=True)
    excluded_person_present = models.BooleanField(null=True, blank=True)
    excluded_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["client", "started_at"], name="th_session_client"),
            models.Index(fields=["clinician", "status"], name="th_session_clinician"),
        ]

    def __str__(self) -> str:
        return f"session {self.pk}"


class CheckItem(models.TextChoices):
    LOCATION = "location", "Location"
    CALLBACK = "callback_phone", "Callback number"
    PRIVACY = "privacy", "Privacy"
    SAFE_ADULT = "safe_adult", "Safe adult"
    EXCLUDED = "excluded_persons", "Excluded persons"


class SessionCheck(models.Model):
    """One time-stamped answer of a session's time-out; append-only."""

    session = models.ForeignKey(TelehealthSession, on_delete=models.CASCADE, related_name="checks")
    item = models.CharField(max_length=20, choices=CheckItem.choices)
    answer = EncryptedJSONField()
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["session", "recorded_at"], name="th_check_session")]

    def __str__(self) -> str:
        return f"check {self.pk} ({self.item})"
