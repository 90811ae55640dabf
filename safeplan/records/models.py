"""Records kept beyond the care team's daily work: emergency access, psychotherapy notes, legal holds.

- ``BreakGlassGrant``: time-limited access for a clinician outside the care team, given with a reason
  (HIPAA 164.312(a)(2)(ii) emergency access procedure; clinical-rules.md §10.1).
- ``PsychotherapyNote``: a clinician's private process notes, kept apart from the record and visible only to
  their author (45 CFR 164.501, 164.508(a)(2); clinical-rules.md §10.3). Written once; a correction is a
  new note pointing at the one it corrects.
- ``PsychotherapyNoteAuthorisation``: the client's specific authorisation to release psychotherapy notes
  (who records it, when the client signed, to whom, for what purpose, which notes, until when). An export
  includes notes only when one of these is named and still valid.
- ``LegalHold``: stops retention (anonymisation or deletion) of a client's record while it is in force
  (clinical-rules.md §10.2).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeplan.lib import times
from safeplan.lib.fields import EncryptedTextField


class BreakGlassGrant(models.Model):
    """Time-limited access for a clinician outside the care team, given with a reason (HIPAA 164.312(a)(2)(ii))."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="Set when the clinician ended the access early."
    )

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="break_glass_active")]

    def is_active(self, now: dt.datetime | None = None) -> bool:
        return self.expires_at > (now or timezone.now())


class WrittenOnceError(RuntimeError):
    """A psychotherapy note is never changed; write a correction instead."""


class PsychotherapyNote(models.Model):
    """Process notes kept apart from the record, readable only by their author."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    class Meta:
        indexes = [
            models.Index(fields=["client", "author", "created_at"], name="psy_note_by_author")
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise WrittenOnceError("psychotherapy notes are never changed; add a correction")
        super().save(*args, **kwargs)


class PsychotherapyNoteAuthorisation(models.Model):
    """The client's authorisation to release psychotherapy notes (45 CFR 164.508(a)(2), (c)(1))."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The clinician whose notes may be released (the one who recorded this authorisation).",
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    signed_on = models.DateField(help_text="The day the client signed the authorisation.")
    recipient = EncryptedTextField(help_text="To whom the notes may be released.")
    purpose = EncryptedTextField(help_text="Why they are released.")
    notes_from = models.DateField(help_text="First day of notes covered.")
    notes_to = models.DateField(help_text="Last day of notes covered.")
    expires_on = models.DateField(help_text="The authorisation is void after this day.")
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "author"], name="psy_note_auth_by_author")]

    def is_valid_now(self) -> bool:
        """Signed (a signing date is in the past when it is not after the latest date anywhere,
        ``lib.times.latest_date``), not revoked, and not past its expiry date."""
        return (
            self.revoked_at is None
            and self.signed_on <= times.latest_date()
            and timezone.localdate() <= self.expires_on
        )

    def covers(self, note: PsychotherapyNote, tz: Any) -> bool:
        written = timezone.localtime(note.created_at, tz).date()
        return note.author_id == self.author_id and self.notes_from <= written <= self.notes_to


class LegalHold(models.Model):
    """While a hold is in force, retention neither anonymises nor deletes the client's record."""

    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    reason = EncryptedTextField()
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["client", "released_at"], name="legal_hold_active")]


class RetentionApplied(models.Model):
    """Retention anonymised this client's record (deleted records leave only their audit entries)."""

    client = models.OneToOneField("clients.Client", on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=12)
    applied_at = models.DateTimeField(default=timezone.now)
