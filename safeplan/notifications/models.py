"""In-app notifications and the outbox of outgoing messages.

A ``Notification`` is what a member of staff (or a client) sees inside Safeplan: a title without client names
(record numbers or initials only) and a link made of ids. An ``OutboundMessage`` is one message leaving
Safeplan (email, SMS, or a delayed in-app notice): written in the same transaction as the decision to send
it, delivered later by the worker outside any transaction, never twice (``dedupe_key`` is unique).
See architecture.md §11 and DESIGN.md "background work".
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeplan.lib.fields import EncryptedJSONField, EncryptedTextField


class Notification(models.Model):
    """One in-app notice for one person. Alerts (``urgent``) stay on the dashboard until acknowledged."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40)
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # Titles name the client by record number or initials, never by name (they reach phones and emails).
    title = models.CharField(max_length=200)
    link = models.CharField(max_length=300, blank=True)
    urgent = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The caller's key; every recipient's row shares it, and acknowledging one acknowledges the group.
    group_key = models.CharField(max_length=200, db_index=True)
    dedupe_key = models.CharField(max_length=220, unique=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                name="notif_open_by_recipient",
                condition=Q(acknowledged_at__isnull=True),
            ),
            models.Index(fields=["recipient", "created_at"], name="notif_by_recipient"),
        ]

    def __str__(self) -> str:
        return f"notification {self.pk} ({self.kind})"


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    SMS = "sms", "SMS"
    IN_APP = "in_app", "In-app"


class Status(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    SENDING = "sending", "Being sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    CANCELLED = "cancelled", "Cancelled"


class OutboundMessage(models.Model):
    """One outgoing message. The worker claims it (pending → sending) with a conditional UPDATE."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=Channel.choices)
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    # An email address or an E.164 phone number when the recipient is not a user (or for the client).
    to_address = EncryptedTextField(blank=True, default="")
    template = models.CharField(max_length=60)
    context = EncryptedJSONField(default=dict)
    dedupe_key = models.CharField(max_length=220, unique=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    # Set while the message waits to be (re)tried, cleared once it is sent, failed or cancelled: the
    # worker's index then holds waiting messages only, however large the outbox grows.
    next_attempt_at = models.DateTimeField(default=timezone.now, null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Short, PHI-free: the exception class and a code, never the provider's full response.
    last_error = models.CharField(max_length=200, blank=True)
    permanent_failure = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # Conditions on IS NOT NULL rather than on ``status``: SQLite uses a partial index only when
            # the query implies its condition, and a ``status = ?`` parameter does not.
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_waiting",
                condition=Q(next_attempt_at__isnull=False),
            ),
            models.Index(
                fields=["claimed_at"], name="outbox_claimed", condition=Q(claimed_at__isnull=False)
            ),
            models.Index(fields=["client", "created_at"], name="outbox_by_client"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk} ({self.channel}, {self.status})"
