"""Organisation-local directory entries: numbers a clinic added or confirmed for the areas it serves.

The shipped reference data cannot know a county's mobile crisis team or a 911 centre's 10-digit line
confirmed by phone; a clinic's admins and supervisors add those here (clinical-rules.md §1.1, §10.5).
Entries are never edited in place: a correction is a new row that supersedes the old one, so the history
of who said what, and when, is kept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class EntryKind(models.TextChoices):
    PSAP = "psap", "911 centre (PSAP) 10-digit line"
    POLICE = "police_non_emergency", "Police non-emergency"
    MOBILE_CRISIS = "mobile_crisis", "Mobile crisis team"
    CRISIS_LINE = "crisis_line", "Local crisis line"
    EMERGENCY_DEPARTMENT = "emergency_department", "Emergency department"
    URGENT_CARE = "urgent_care", "Urgent care"
    OTHER = "other", "Other local resource"


class HowVerified(models.TextChoices):
    PHONE_CALL = "phone_call", "Called the number and confirmed who answers"
    OFFICIAL_SOURCE = "official_source", "The agency's own website or written notice"
    IN_PERSON = "in_person", "Confirmed in person"
    OTHER = "other", "Other (see notes)"


class LocalResourceEntry(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="directory_entries"
    )
    kind = models.CharField(max_length=32, choices=EntryKind.choices)
    # Area served: a country, optionally narrowed to a state, a county and/or a list of ZIP codes.
    country = models.CharField(max_length=2)
    state = models.CharField(max_length=10, blank=True)
    county = models.CharField(max_length=100, blank=True)
    county_fips = models.CharField(max_length=5, blank=True)
    zips = models.JSONField(default=list, blank=True)
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=32, help_text="E.164 or a local short code")
    address = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    how_verified = models.CharField(max_length=20, choices=HowVerified.choices, blank=True)
    demo = models.BooleanField(default=False, help_text="Fictional entry of the demo clinic")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A correction points at the entry it replaces; the replaced entry records when and by whom.
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    change_reason = models.CharField(
        max_length=200, blank=True, help_text="Why this correction was made"
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    retired_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["country", "state", "county", "kind", "name", "id"]
        indexes = [
            models.Index(
                fields=["organisation", "country", "state"],
                condition=Q(superseded_at__isnull=True, retired_at__isnull=True),
                name="directory_entry_current",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(verified_at__isnull=True) | Q(verified_by__isnull=False),
                name="directory_entry_verified_by",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None and self.retired_at is None

    @property
    def area_label(self) -> str:
        parts = []
        if self.zips:
            parts.append("ZIP " + ", ".join(self.zips))
        if self.county:
            parts.append(self.county)
        if self.state:
            parts.append(self.state)
        parts.append(self.country)
        return " · ".join(parts)
