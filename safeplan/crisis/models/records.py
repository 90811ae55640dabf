"""What a crisis leaves in the record: emergency disclosures, the crisis note, the follow-up contact.

- ``EmergencyDisclosure`` (clinical-rules.md §10.3 HIPAA 45 CFR 164.512(j); §10.4 42 CFR 2.51): recipient,
  basis, what was disclosed, when, by whom. Written once; a correction is a new record (``corrects``).
- ``CrisisNote`` (§6 step 5, SAFE-T documentation): drafted from the timeline, edited, then signed. A signed
  note never changes; an amendment is a new note pointing at the original (``amends``).
- ``CrisisFollowUp`` (§7.2, §9 step 6): the follow-up contact scheduled when a crisis closes, due within
  24-72 hours; ``due_at`` carries a partial index for the worker while it is pending.
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
from safeplan.crisis.models.timeline import CrisisEvent, TimelineEntry
from safeplan.crisis.rules.disclosure import BASES, RECIPIENT_TYPES
from safeplan.lib.fields import EncryptedJSONField, EncryptedTextField


class EmergencyDisclosure(AppendOnlyModel):
    event = models.ForeignKey(CrisisEvent, on_delete=models.CASCADE, related_name="disclosures")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    entry = models.ForeignKey(
        TimelineEntry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="disclosures",
        help_text="The call or request during which the information was shared",
    )
    recipient_name = EncryptedTextField()
    recipient_type = models.CharField(max_length=24, choices=list(RECIPIENT_TYPES.items()))
    recipient_affiliation = EncryptedTextField(blank=True, default="")
    basis = models.CharField(max_length=24, choices=list(BASES.items()))
    basis_detail = EncryptedTextField(blank=True, default="")
    information_disclosed = EncryptedTextField()
    nature_of_emergency = EncryptedTextField(blank=True, default="")
    disclosed_at = models.DateTimeField()
    disclosed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    words_hash = models.CharField(max_length=64)

    class Meta:
        indexes = [models.Index(fields=["client", "disclosed_at"], name="crisis_disclosure_client")]

    def __str__(self) -> str:
        return f"disclosure {self.pk}"

    def words(self) -> dict[str, str]:
        return {
            "recipient_name": self.recipient_name,
            "recipient_affiliation": self.recipient_affiliation,
            "basis_detail": self.basis_detail,
            "information_disclosed": self.information_disclosed,
            "nature_of_emergency": self.nature_of_emergency,
        }

    def words_intact(self) -> bool:
        return words_digest(self.words()) == self.words_hash


class NoteStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SIGNED = "signed", "Signed"


class CrisisNote(models.Model):
    """The crisis note. ``content`` holds the SAFE-T documentation sections (see ``rules.note``)."""

    event = models.ForeignKey(CrisisEvent, on_delete=models.CASCADE, related_name="notes")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    amends = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="amendments"
    )
    status = models.CharField(max_length=8, choices=NoteStatus.choices, default=NoteStatus.DRAFT)
    content = EncryptedJSONField()
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)

    objects: ClassVar[Any] = KeptQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event"], condition=Q(amends__isnull=True), name="crisis_one_note"
            ),
            models.UniqueConstraint(
                fields=["amends"],
                condition=Q(status="draft"),
                name="crisis_one_open_amendment",
            ),
        ]
        indexes = [models.Index(fields=["client", "drafted_at"], name="crisis_note_client")]

    def __str__(self) -> str:
        return f"crisis note {self.pk}"

    @property
    def is_signed(self) -> bool:
        return self.status == NoteStatus.SIGNED

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            stored = type(self)._base_manager.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] == NoteStatus.SIGNED:
                from safeplan.crisis.models.base import reencryption_only

                if not reencryption_only(self, kwargs.get("update_fields")):
                    raise ImmutableRowError("a signed note never changes; write an amendment")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError("crisis notes are never removed")

    def words_intact(self) -> bool:
        return not self.is_signed or words_digest(self.content) == self.content_hash


class FollowUpStatus(models.TextChoices):
    PENDING = "pending", "Due"
    DONE = "done", "Done"


class FollowUpOutcome(models.TextChoices):
    REACHED = "reached", "Reached the client"
    NO_ANSWER = "no_answer", "No answer"
    MESSAGE_LEFT = "message_left", "Left a message"
    UNABLE_TO_REACH = "unable_to_reach", "Unable to reach"
    WRONG_NUMBER = "wrong_number", "Wrong number"
    DECLINED = "declined", "Client declined"
    REACHED_SUPPORT_PERSON = "reached_support_person", "Reached the support person"


class CrisisFollowUp(models.Model):
    """The follow-up contact after a crisis (§7.2 outreach attempts; SPiER follow-up outcomes)."""

    event = models.OneToOneField(CrisisEvent, on_delete=models.CASCADE, related_name="follow_up")
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=8, choices=FollowUpStatus.choices, default=FollowUpStatus.PENDING
    )
    alerted_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=24, blank=True, choices=FollowUpOutcome.choices)
    note = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["due_at"],
                name="crisis_followup_due",
                condition=Q(status="pending", alerted_at__isnull=True),
            ),
            models.Index(
                fields=["organisation", "due_at"],
                name="crisis_followup_org",
                condition=Q(status="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"crisis follow-up {self.pk}"
