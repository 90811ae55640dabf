"""Risk flag history (and, below, assessments). Nothing clinical is overwritten: each change is a new row.

The current risk level of a client is the newest ``RiskFlagChange`` (clinical-rules.md §7.1, PRODUCT.md
"software never silently lowers a level").
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeplan.lib.fields import EncryptedJSONField, EncryptedTextField
from safeplan.risk.rules.base import LEVEL_RANK


class ImmutableRowError(RuntimeError):
    """Someone tried to change or remove an assessment or a flag change, which are written once."""


class AppendOnlyQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise ImmutableRowError(f"{self.model.__name__} rows are never changed; add a new one")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError(f"{self.model.__name__} rows are never removed")


class AppendOnlyModel(models.Model):
    """A row written once (PRODUCT.md "Nothing clinical is ever overwritten"; issue 12).

    ``save()`` of an existing row, ``delete()`` and the queryset's ``update()``/``delete()`` raise. The one
    change allowed is re-encrypting the same words under a new key (``save(update_fields=[encrypted
    columns])`` with values equal to the stored ones); key rotation and anonymisation work on the stored
    ciphertext with plain SQL, which the triggers of ``risk/guard.py`` allow for encrypted columns only.
    """

    objects: ClassVar[Any] = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def _reencryption_only(self, update_fields: Any) -> bool:
        if not update_fields:
            return False
        fields = set(update_fields)
        encrypted = {f.name for f in self._meta.get_fields() if getattr(f, "encrypted", False)}
        if not fields <= encrypted:
            return False
        stored = type(self)._base_manager.filter(pk=self.pk).values(*sorted(fields)).first()
        return stored is not None and all(stored[f] == getattr(self, f) for f in fields)

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding and not self._reencryption_only(kwargs.get("update_fields")):
            raise ImmutableRowError(f"{type(self).__name__} rows are never changed; add a new one")
        if self._state.adding:
            kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ImmutableRowError(f"{type(self).__name__} rows are never removed")


class RiskLevel(models.TextChoices):
    NONE = "none", "None"
    LOW = "low", "Low"
    MODERATE = "moderate", "Moderate"
    HIGH = "high", "High"


class FlagSource(models.TextChoices):
    ASSESSMENT = "assessment", "Raised by a screener result"
    SAFET = "safet", "Raised by a SAFE-T formulation"
    CLINICIAN = "clinician", "Set by a clinician"


class RiskFlagChange(AppendOnlyModel):
    """One change of a client's risk level. The newest row is the current level; rows are never edited."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="risk_flag_changes"
    )
    level = models.CharField(max_length=10, choices=RiskLevel.choices)
    previous_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    source = models.CharField(max_length=12, choices=FlagSource.choices)
    # The assessment whose result raised the flag (automatic raises only).
    assessment = models.ForeignKey(
        "risk.Assessment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="flag_changes",
    )
    # Who set it: the clinician, or the person whose entry raised it (the client for a portal screen).
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    set_at = models.DateTimeField(default=timezone.now)
    reason = EncryptedTextField(blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["client", "set_at", "id"], name="riskflag_client_time")]

    def __str__(self) -> str:
        return f"risk flag {self.pk}: {self.previous_level} -> {self.level}"

    @property
    def lowered(self) -> bool:
        return LEVEL_RANK[self.level] < LEVEL_RANK[self.previous_level]


class Instrument(models.TextChoices):
    ASQ = "asq", "ASQ"
    PHQ9 = "phq9", "PHQ-9"
    GAD7 = "gad7", "GAD-7"
    CSSRS_SCREENER = "cssrs_screener", "C-SSRS screener"
    SAFET = "safet", "SAFE-T"
    BSSA = "bssa", "ASQ Brief Suicide Safety Assessment"
    PHQA = "phqa", "PHQ-A"


class Channel(models.TextChoices):
    CLINICIAN = "clinician", "Administered by a clinician"
    PORTAL = "portal", "Completed by the client in the portal"


class Assessment(AppendOnlyModel):
    """One instrument (complete, or stopped half-way) or SAFE-T formulation. Append-only: a correction is a
    new row (``corrects``).

    The raw answers and the explanation (which reveals the answers) are encrypted; the code, total and the
    implied level are plain so that trends and the flag can be computed without decrypting every row.
    """

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="assessments"
    )
    instrument = models.CharField(max_length=20, choices=Instrument.choices)
    version = models.CharField(max_length=40)
    language = models.CharField(max_length=8, default="en")
    answers = EncryptedJSONField()
    code = models.CharField(max_length=32)
    total = models.PositiveSmallIntegerField(null=True, blank=True)
    implied_level = models.CharField(max_length=10, choices=RiskLevel.choices)
    prompts_suicide_screen = models.BooleanField(default=False)
    positive = models.BooleanField(default=False)
    # Finding codes from the rules (item9_positive, further_evaluation, access_to_firearms, ...).
    flags = models.JSONField(default=list, blank=True)
    # False when the screener was stopped half-way: stored with the answers given, no total, and its
    # answered safety items acting as in a complete one (issue 12). ``missing_items`` names the rest.
    complete = models.BooleanField(default=True)
    missing_items = models.JSONField(default=list, blank=True)
    explanation = EncryptedJSONField()
    channel = models.CharField(max_length=10, choices=Channel.choices)
    administered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    request = models.ForeignKey(
        "risk.AssessmentRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
    )
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    # The screen this assessment follows up: a BSSA points at the positive ASQ it was offered after.
    follows = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups"
    )
    correction_reason = EncryptedTextField(blank=True, default="")
    # A SAFE-T "low" confirmed against findings that contradict it: the clinician's reason (issue 12;
    # the findings are ``low_confirmed:<code>`` flags; safet_check.py).
    confirmation_reason = EncryptedTextField(blank=True, default="")
    completed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["client", "completed_at", "id"], name="assessment_client_time"),
            models.Index(
                fields=["client", "instrument", "completed_at"], name="assessment_by_inst"
            ),
        ]

    def __str__(self) -> str:
        return f"assessment {self.pk} ({self.instrument})"


class AssessmentRequest(models.Model):
    """A clinician's request that the client complete an instrument in the portal, once or repeatedly.

    A repeating request, once answered, is closed and a new one is opened ``repeat_every_days`` later.
    """

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="assessment_requests"
    )
    instrument = models.CharField(max_length=20, choices=Instrument.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    due_on = models.DateField()
    repeat_every_days = models.PositiveSmallIntegerField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    follows = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["client", "due_on"], name="assessreq_client_due")]

    def __str__(self) -> str:
        return f"request {self.pk} ({self.instrument})"

    @property
    def is_open(self) -> bool:
        return self.completed_at is None and self.cancelled_at is None


class InstrumentText(models.Model):
    """Official item text an organisation's admin loaded (the C-SSRS wording, or an official translation).

    We do not ship Columbia's wording (clinical-rules.md §3.3); a clinic that holds the text loads it here
    with its copyright notice, which is shown wherever the text is. The newest row per
    (organisation, instrument, language) is in force; older rows stay for the record.
    """

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="instrument_texts"
    )
    instrument = models.CharField(max_length=20, choices=Instrument.choices)
    language = models.CharField(max_length=8, default="en")
    version = models.CharField(max_length=80)
    items = models.JSONField(help_text="Item id -> official wording")
    copyright_notice = models.TextField(blank=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["organisation", "instrument", "language", "loaded_at"],
                name="insttext_current",
            )
        ]

    def __str__(self) -> str:
        return f"{self.instrument} text ({self.language})"


class PathwayOutcome(models.TextChoices):
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"


class PathwayActionQuerySet(models.QuerySet["PathwayAction"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("pathway actions are never changed; record a new one")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("pathway actions are never removed")


class PathwayAction(models.Model):
    """What was done or declined (with the reason) for one next action of a result's pathway (issue 11;
    PRODUCT.md "a result is never a dead end"). Written once; a later row for the same action supersedes
    it on screen, and both stay for the record."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="pathway_actions"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="pathway_actions"
    )
    pathway = models.CharField(max_length=40)
    action = models.CharField(max_length=32)
    outcome = models.CharField(max_length=10, choices=PathwayOutcome.choices)
    reason = EncryptedTextField(blank=True, default="")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects: ClassVar[Any] = PathwayActionQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["assessment", "recorded_at"], name="pathway_by_assessment"),
        ]

    def __str__(self) -> str:
        return f"pathway action {self.pk} ({self.action}: {self.outcome})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("pathway actions are never changed; record a new one")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("pathway actions are never removed")


class FollowUpOutcome(models.TextChoices):
    CONTACTED = "contacted", "Client contacted"
    SEEN = "seen", "Seen in a session"
    ESCALATED = "escalated", "Escalated (crisis mode or emergency plan)"


class FollowUpTask(models.Model):
    """A same-day follow-up the care team owes the client after a suicide-risk answer given in the portal
    (PHQ-9 item 9 > 0, a positive ASQ or C-SSRS; issue 12, clinical-rules.md §5.1 and §12). Due by the
    end of the client's day; open until a clinician records how it was done."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="risk_follow_up_tasks"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="follow_up_tasks"
    )
    reason = models.CharField(max_length=32)  # "portal_item9" or "portal_suicide_risk"
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=12, choices=FollowUpOutcome.choices, blank=True)
    note = EncryptedTextField(blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["client", "completed_at", "due_at"], name="risktask_open")]

    def __str__(self) -> str:
        return f"follow-up task {self.pk} ({self.reason})"
