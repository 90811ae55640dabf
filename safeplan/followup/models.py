"""Between sessions: check-in schedules and check-ins, caring contacts, messages, the risk watch, feeds.

Time-driven work is state with a deadline column (DESIGN.md "background work", architecture.md §11): a
check-in's ``next_action_at`` and a caring contact's ``send_at`` are indexed on the pending rows only, and
the worker claims a row with a conditional UPDATE. Client words (answers, message bodies) are encrypted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeplan.lib.fields import EncryptedJSONField, EncryptedTextField


class ReminderChannel(models.TextChoices):
    NONE = "none", "No reminder outside Safeplan"
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"


class CheckInSchedule(models.Model):
    """How often a client is asked to check in (clinical-rules.md §2.4, PRODUCT.md capability 9).

    ``interval_days`` is None while the cadence follows the client's risk level (per-organisation defaults,
    ``rules.DEFAULT_CADENCE_DAYS``); a clinician may set a fixed interval instead.
    """

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="checkin_schedule"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    interval_days = models.PositiveSmallIntegerField(null=True, blank=True)
    reminder_channel = models.CharField(
        max_length=8, choices=ReminderChannel.choices, default=ReminderChannel.SMS
    )
    time_zone = models.CharField(max_length=64)
    # The client's quiet hours on their own wall clock; no reminder reaches them inside these.
    quiet_start = models.TimeField(null=True, blank=True, default=dt.time(21, 0))
    quiet_end = models.TimeField(null=True, blank=True, default=dt.time(8, 0))
    screener = models.CharField(max_length=20, blank=True)
    active = models.BooleanField(default=True)
    # When a rise in risk tightened a fixed interval (issue 12): the interval it had, and when.
    tightened_from = models.PositiveSmallIntegerField(null=True, blank=True)
    tightened_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"check-in schedule {self.pk}"


class IntervalConfirmation(models.Model):
    """A clinician kept a fixed interval longer than the cadence of the client's current risk level, with a
    reason (issue 12 "Follow-up that follows risk"). Append-only: the record of that judgement.

    ``flag_id`` is the risk flag change the clinician confirmed against (0 when the client was never
    flagged): a later rise tightens the schedule again until it is confirmed again.
    """

    schedule = models.ForeignKey(
        CheckInSchedule, on_delete=models.CASCADE, related_name="confirmations"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    flag_id = models.BigIntegerField(default=0)
    level = models.CharField(max_length=10)
    interval_days = models.PositiveSmallIntegerField()
    cadence_days = models.PositiveSmallIntegerField()
    reason = EncryptedTextField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["schedule", "flag_id"], name="interval_confirm_flag")]

    def __str__(self) -> str:
        return f"interval confirmation {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("interval confirmations are append-only")
        super().save(*args, **kwargs)


class CheckInState(models.TextChoices):
    DUE = "due", "Due"
    REMINDED = "reminded", "Reminder sent"
    MISSED = "missed", "Missed"
    CLINICIAN_ALERTED = "clinician_alerted", "Clinician alerted"
    SUPERVISOR_ALERTED = "supervisor_alerted", "Supervisor alerted"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed by the clinician"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATES = ("due", "reminded", "missed", "clinician_alerted", "supervisor_alerted")
OVERDUE_STATES = ("missed", "clinician_alerted", "supervisor_alerted")


class CheckInChannel(models.TextChoices):
    PORTAL = "portal", "By the client in the portal"
    PHONE = "phone", "By phone with the clinician"


class OutreachOutcome(models.TextChoices):
    """Why a clinician closed a missed check-in (SPiER follow-up outcomes, clinical-rules.md §7.2)."""

    REACHED = "reached", "Reached the client"
    NO_ANSWER = "no_answer", "No answer"
    MESSAGE_LEFT = "message_left", "Left a message"
    UNABLE = "unable_to_reach", "Unable to reach"
    WRONG_NUMBER = "wrong_number", "Wrong number"
    DECLINED = "declined", "Client declined"
    SUPPORT_PERSON = "reached_support_person", "Reached the support person"
    WELFARE_CHECK = "welfare_check_requested", "Welfare check requested at the confirmed location"


class OutreachStep(models.TextChoices):
    """The outreach protocol after "unable to reach" a moderate/high-risk client (issue 12; the
    disconnection protocol's steps 4-5, clinical-rules.md §9): the support person, then a welfare check
    at the client's last confirmed location."""

    SUPPORT_PERSON = "support_person", "Contact the support person"
    WELFARE_CHECK = "welfare_check", "Request a welfare check at the last confirmed location"


class CheckIn(models.Model):
    """One expected check-in and its escalation state: due → reminded → missed → clinician alerted →
    supervisor alerted (``rules.next_step``), or completed / closed."""

    schedule = models.ForeignKey(CheckInSchedule, on_delete=models.CASCADE, related_name="checkins")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    due_at = models.DateTimeField()
    state = models.CharField(max_length=20, choices=CheckInState.choices, default=CheckInState.DUE)
    next_action_at = models.DateTimeField(null=True, blank=True)
    planned_at = models.DateTimeField(default=timezone.now)
    interval_days = models.PositiveSmallIntegerField()
    risk_level = models.CharField(max_length=10, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    missed_at = models.DateTimeField(null=True, blank=True)
    clinician_alerted_at = models.DateTimeField(null=True, blank=True)
    supervisor_alerted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=8, choices=CheckInChannel.choices, blank=True)
    answers = EncryptedJSONField(default=dict)
    risk_indicated = models.BooleanField(default=False)
    risk_reasons = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=24, choices=OutreachOutcome.choices, blank=True)
    # The outreach protocol's current step while the check-in stays open after "unable to reach".
    outreach_step = models.CharField(max_length=16, choices=OutreachStep.choices, blank=True)
    outreach_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["next_action_at"],
                name="checkin_next_action",
                condition=Q(next_action_at__isnull=False),
            ),
            # Dashboards read one state at a time in due order. (No partial index on ``state``: SQLite
            # cannot use a partial index whose condition the query only states through a parameter.)
            models.Index(fields=["organisation", "state", "due_at", "id"], name="checkin_by_state"),
            models.Index(fields=["client", "due_at"], name="checkin_by_client"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule"], condition=Q(state__in=OPEN_STATES), name="checkin_one_open"
            )
        ]

    def __str__(self) -> str:
        return f"check-in {self.pk} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class OutreachAttempt(models.Model):
    """One recorded outreach attempt on an overdue check-in (SPiER follow-up outcomes, clinical-rules §7.2):
    which step, its outcome, who and when. Append-only."""

    checkin = models.ForeignKey(CheckIn, on_delete=models.CASCADE, related_name="attempts")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=16)  # "client" (the clinician's own call) or an OutreachStep
    outcome = models.CharField(max_length=24, choices=OutreachOutcome.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"outreach attempt {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("outreach attempts are append-only")
        super().save(*args, **kwargs)


class RiskWatch(models.Model):
    """The dashboard's copy of each client's current risk level, kept by the worker from the risk app's
    append-only flag history (a cursor over ``RiskFlagChange`` ids), so the caseload dashboard finds the
    moderate and high clients through one index instead of the newest flag of every client."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="risk_watch"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    level = models.CharField(max_length=10)
    since = models.DateTimeField()
    flag_id = models.BigIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "level", "since", "id"], name="riskwatch_by_level")
        ]

    def __str__(self) -> str:
        return f"risk watch {self.client_id}: {self.level}"


class SeriesReason(models.TextChoices):
    CRISIS = "crisis", "After a crisis"
    DISCHARGE = "discharge", "After discharge"
    ENDED_CARE = "ended_care", "After ending or declining care"


class ContactChannel(models.TextChoices):
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"
    PORTAL = "portal", "Safeplan message only"


class SeriesEnd(models.TextChoices):
    COMPLETED = "completed", "Completed"
    OPTED_OUT = "opted_out", "The client opted out"
    STOPPED = "stopped", "Stopped by the clinician"


class CaringSeries(models.Model):
    """A caring-contacts series (clinical-rules.md §7.2): brief, caring, non-demanding messages."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="caring_series"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(max_length=12, choices=SeriesReason.choices)
    channel = models.CharField(max_length=8, choices=ContactChannel.choices)
    language = models.CharField(max_length=8, default="en")
    # The named schedule (``rules.CARING_PLANS``) and how many months it runs (12-24), as chosen at start.
    schedule = models.CharField(max_length=24, default="comtois_11_in_12")
    months = models.PositiveSmallIntegerField(default=12)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    end_reason = models.CharField(max_length=12, choices=SeriesEnd.choices, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(ended_at__isnull=True), name="caring_one_active"
            )
        ]

    def __str__(self) -> str:
        return f"caring series {self.pk}"

    @property
    def active(self) -> bool:
        return self.ended_at is None


class ContactState(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    SENT = "sent", "Sent"
    CANCELLED = "cancelled", "Cancelled"


class CaringContact(models.Model):
    """One message of a series; ``send_at`` is its deadline column (moved, never burst, when late)."""

    series = models.ForeignKey(CaringSeries, on_delete=models.CASCADE, related_name="contacts")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    sequence = models.PositiveSmallIntegerField()
    planned_for = models.DateTimeField()
    send_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(
        max_length=10, choices=ContactState.choices, default=ContactState.SCHEDULED
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    rescheduled = models.PositiveSmallIntegerField(default=0)
    outbox_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            # ``send_at`` is cleared once a note is sent or cancelled: the index holds pending notes only.
            models.Index(
                fields=["send_at"], name="caring_pending", condition=Q(send_at__isnull=False)
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["series", "sequence"], name="caring_sequence")
        ]

    def __str__(self) -> str:
        return f"caring contact {self.pk} ({self.state})"


class CaringMessageText(models.Model):
    """An organisation's own wording for caring contacts (replaces ours for that language)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(max_length=8)
    sequence = models.PositiveSmallIntegerField()
    body = models.TextField(max_length=600)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "language", "sequence"], name="caring_text_unique"
            )
        ]

    def __str__(self) -> str:
        return f"caring text {self.language} #{self.sequence}"


class Direction(models.TextChoices):
    FROM_CLIENT = "from_client", "From the client"
    TO_CLIENT = "to_client", "To the client"


class MessageKind(models.TextChoices):
    MESSAGE = "message", "Message"
    AUTO_REPLY = "auto_reply", "Automatic reply (outside the agreed hours)"
    CARING_CONTACT = "caring_contact", "Caring contact"


class Message(models.Model):
    """A secure message between a client and their care team, inside Safeplan."""

    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    direction = models.CharField(max_length=12, choices=Direction.choices)
    kind = models.CharField(max_length=16, choices=MessageKind.choices, default=MessageKind.MESSAGE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # Crisis-language screening (followup.crisis_language): flags, never blocks or hides.
    crisis_flag = models.BooleanField(default=False)
    crisis_categories = models.JSONField(default=list, blank=True)
    after_hours = models.BooleanField(default=False)
    in_reply_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    caring_contact = models.ForeignKey(
        CaringContact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [
            models.Index(fields=["client", "created_at"], name="message_by_client"),
            models.Index(
                fields=["organisation", "direction", "created_at", "id"],
                name="message_unread",
                condition=Q(read_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"


class CalendarFeed(models.Model):
    """A clinician's secret calendar URL. Only the SHA-256 of the secret is stored; rotating replaces it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"calendar feed {self.pk}"
