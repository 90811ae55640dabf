"""The collaborative safety plan: one plan per client, made of immutable versions.

clinical-rules.md §2.1 (the seven sections, in our own words), §2.4 (review cadence), §7.1 (one entry per
lethal means). PRODUCT.md "Nothing clinical is ever overwritten": a version row is written once and never
changed. Three layers keep it that way:

1. the ORM: ``SafetyPlanVersion.save()`` refuses an update, ``delete()`` refuses, and the model's queryset
   refuses ``update()`` and ``delete()``;
2. the only update the model allows is re-encrypting the same words under a new key during key rotation
   (``save(update_fields=[encrypted columns])`` with values equal to the stored ones), and
   ``content_hash`` (SHA-256 of the words) lets anyone check that a version's words were never altered;
3. the database: triggers (migration 0002) reject any UPDATE that changes a column other than the encrypted
   ones, and any DELETE outside the audit maintenance switch (``safeplan.audit.guard.maintenance``).

``SafetyPlan`` itself holds only pointers and scheduling: the number of the current version and the date by
which the plan must next be reviewed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeplan.lib.fields import EncryptedJSONField, EncryptedTextField
from safeplan.plans.append_only import AppendOnlyModel


def content_digest(content: Any, note: str = "") -> str:
    """SHA-256 of the canonical JSON of a version's words; unchanged by re-encryption."""
    canonical = json.dumps(
        {"content": content, "note": note},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class SafetyPlan(models.Model):
    """A client's plan: the pointer to its newest version and its review due date."""

    client = models.OneToOneField(
        "clients.Client", on_delete=models.CASCADE, related_name="safety_plan"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    current_number = models.PositiveIntegerField(default=0)
    # The newest version signed by both the client and a clinician (kept with the signatures, see
    # services.sign_version), so the screens opened in a crisis read it without a join.
    signed_number = models.PositiveIntegerField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["organisation", "review_due"],
                name="plan_review_due",
                condition=models.Q(review_due__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return f"safety plan {self.pk}"


class VersionOrigin(models.TextChoices):
    EDIT = "edit", "Saved by the care team"
    REVIEW = "review", "Reviewed without changes"
    PROPOSAL = "proposal", "Client's proposal accepted"
    MEANS = "means", "Means-safety step added"


class ReviewBasis(models.TextChoices):
    DEFAULT = "default", "Standing review interval"
    RISK_MODERATE = "risk_moderate", "Sooner: moderate risk"
    RISK_HIGH = "risk_high", "Sooner: high risk"
    CLINICIAN = "clinician", "Chosen by the clinician"
    EARLIER_REQUEST = "earlier_request", "Kept an earlier review date"


class SafetyPlanVersion(AppendOnlyModel):
    """One saved state of the whole plan. Numbered from 1 per plan; never changed after it is written."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    content = EncryptedJSONField()
    change_note = EncryptedTextField(blank=True, default="")
    content_hash = models.CharField(max_length=64)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    author_role = models.CharField(max_length=20)
    origin = models.CharField(max_length=12, choices=VersionOrigin.choices)
    source = models.CharField(max_length=40, blank=True, help_text="Short code of the caller")
    based_on = models.PositiveIntegerField(null=True, blank=True)
    proposal = models.ForeignKey(
        "plans.PlanProposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    review_due = models.DateField()
    review_basis = models.CharField(max_length=20, choices=ReviewBasis.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number")
        ]

    def __str__(self) -> str:
        return f"plan {self.plan_id} version {self.number}"

    def words_intact(self) -> bool:
        """The stored words still hash to the digest written with the version."""
        return content_digest(self.content, self.change_note) == self.content_hash


class SignerRole(models.TextChoices):
    CLIENT = "client", "Client"
    CLINICIAN = "clinician", "Clinician"


class SignatureMethod(models.TextChoices):
    PORTAL = "portal", "Signed by the client on their own portal login"
    CLINICIAN_LOGIN = "clinician_login", "Signed by the clinician under their own login"
    VERBAL_IN_SESSION = (
        "verbal_in_session",
        "Client agreed aloud in a session (recorded by clinician)",
    )
    PAPER = "paper", "Client signed a printed copy (recorded by clinician)"


class PlanSignature(AppendOnlyModel):
    """A signature on one version: who (name as signed), in which role, when and how."""

    version = models.ForeignKey(
        SafetyPlanVersion, on_delete=models.CASCADE, related_name="signatures"
    )
    role = models.CharField(max_length=12, choices=SignerRole.choices)
    name = EncryptedTextField()
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The signer's own login, when they signed with it",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    method = models.CharField(max_length=20, choices=SignatureMethod.choices)
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "role"], name="plan_signature_per_role")
        ]


class ProposalStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the clinician"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Not taken up"
    WITHDRAWN = "withdrawn", "Withdrawn by the client"


class PlanProposal(models.Model):
    """Changes the client proposed from the portal, in their own words, against one version."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="proposals")
    base_number = models.PositiveIntegerField()
    content = EncryptedJSONField()
    message = EncryptedTextField(blank=True, default="")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=12, choices=ProposalStatus.choices, default=ProposalStatus.PENDING
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resulting_number = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["plan", "created_at"],
                name="plan_proposal_pending",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self) -> str:
        return f"proposal {self.pk}"


class ProposalComment(AppendOnlyModel):
    """One message in the discussion of a proposal (client or clinician)."""

    proposal = models.ForeignKey(PlanProposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    author_role = models.CharField(max_length=20)
    text = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)


class ReviewDueChange(AppendOnlyModel):
    """Each time the plan's review date moved, and why (a new version, or another app asking for sooner)."""

    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="review_changes")
    due = models.DateField()
    previous_due = models.DateField(null=True, blank=True)
    reason = EncryptedTextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(default=timezone.now)


# Lethal-means counselling (CALM) lives in its own module; imported here so Django registers it.
from safeplan.plans.means_models import MeansCheck, MeansCounselling  # noqa: E402, F401
