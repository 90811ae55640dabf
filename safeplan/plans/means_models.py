"""Lethal-means counselling records (CALM, clinical-rules.md §7.1) and the check that confirms the storage.

``MeansCounselling`` records that counselling happened: which means were discussed, who was counselled,
and the storage or disposal agreed for each means. It is append-only: a correction is a new row that
points at the one it corrects (PRODUCT.md "Nothing clinical is ever overwritten"). Recording what was
discussed and agreed is ours to do; CALM's curriculum and scripts are not reproduced (§7.1 licensing).

``MeansCheck`` is the follow-up task that confirms the agreed steps were done (CALM-ED: a call 48–72 hours
later to check the storage plan; "re-verify completion at next contact", §7.1): due at a time, assigned to
the counselling clinician, alerted by the worker when overdue, and closed once with its outcome, like a
crisis follow-up. A correction of the counselling moves its open check to the correction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from safeplan.lib.fields import EncryptedJSONField, EncryptedTextField
from safeplan.plans.append_only import AppendOnlyModel


class MeansCounselling(AppendOnlyModel):
    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="means_counselling"
    )
    # Codes only (firearm, medication, other): no client words in plain columns.
    means = models.JSONField(default=list)
    # Who was counselled: "client" and/or "support_person".
    counselled = models.JSONField(default=list)
    # The support person's name as given, and the other means described (client words: encrypted).
    support_person_name = EncryptedTextField(blank=True, default="")
    other_means = EncryptedTextField(blank=True, default="")
    # One entry per means: {"means", "action", "with_person", "details"} (encrypted: names and words).
    agreements = EncryptedJSONField()
    notes = EncryptedTextField(blank=True, default="")
    counselled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    counselled_at = models.DateTimeField(default=timezone.now)
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    correction_reason = EncryptedTextField(blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["client", "counselled_at"], name="means_counsel_client")]

    def __str__(self) -> str:
        return f"means counselling {self.pk}"


class MeansCheckStatus(models.TextChoices):
    PENDING = "pending", "Due"
    DONE = "done", "Done"


class MeansCheckOutcome(models.TextChoices):
    CONFIRMED = "confirmed", "Confirmed: the agreed steps were done"
    PARTLY = "partly", "Partly done"
    NOT_DONE = "not_done", "Not done"
    UNABLE_TO_REACH = "unable_to_reach", "Unable to reach the client or support person"


class MeansCheck(models.Model):
    counselling = models.OneToOneField(
        MeansCounselling, on_delete=models.CASCADE, related_name="storage_check"
    )
    client = models.ForeignKey("clients.Client", on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=8, choices=MeansCheckStatus.choices, default=MeansCheckStatus.PENDING
    )
    alerted_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=16, blank=True, choices=MeansCheckOutcome.choices)
    note = EncryptedTextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["due_at"],
                name="means_check_due",
                condition=Q(status="pending", alerted_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"means check {self.pk}"
