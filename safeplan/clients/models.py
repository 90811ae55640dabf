"""The client record and the care team that may see it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeplan.clients.names import name_key
from safeplan.lib.fields import EncryptedDateField, EncryptedTextField

NAME_FIELDS = ("first_name", "last_name", "preferred_name")


class Client(models.Model):
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="clients"
    )
    # Identifying details are encrypted at rest; the caseload sorts and filters on non-identifying columns.
    first_name = EncryptedTextField()
    last_name = EncryptedTextField()
    preferred_name = EncryptedTextField(blank=True, default="")
    date_of_birth = EncryptedDateField()
    pronouns = models.CharField(max_length=40, blank=True)
    preferred_language = models.CharField(max_length=8, default="en")
    time_zone = models.CharField(max_length=64, default="America/New_York")
    country = models.CharField(max_length=2, default="US")
    region = models.CharField(
        max_length=10, blank=True, help_text="State or province code, e.g. MA"
    )
    phone = EncryptedTextField(blank=True, default="")
    email = EncryptedTextField(blank=True, default="")
    record_number = models.CharField(
        max_length=20, help_text="Clinic reference shown instead of a name"
    )
    # Keyed hashes of the folded names, for search by name (``names``); set on every save.
    first_name_key = models.CharField(max_length=40, blank=True, default="", editable=False)
    last_name_key = models.CharField(max_length=40, blank=True, default="", editable=False)
    preferred_name_key = models.CharField(max_length=40, blank=True, default="", editable=False)
    portal_user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client_record",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "archived_at"], name="client_org_active"),
            models.Index(fields=["organisation", "last_name_key"], name="client_last_name_key"),
            models.Index(fields=["organisation", "first_name_key"], name="client_first_name_key"),
            models.Index(
                fields=["organisation", "preferred_name_key"], name="client_preferred_name_key"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "record_number"], name="client_record_no"
            )
        ]

    def __str__(self) -> str:
        return f"Client {self.record_number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep the name hashes in step with the names, also when only some fields are saved."""
        keys = {f"{f}_key": name_key(getattr(self, f)) for f in NAME_FIELDS}
        for field, key in keys.items():
            setattr(self, field, key)
        fields = kwargs.get("update_fields")
        if fields is not None:
            kwargs["update_fields"] = [
                *fields, *(f"{f}_key" for f in NAME_FIELDS if f in fields)
            ]  # fmt: skip
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        first = self.preferred_name or self.first_name
        return f"{first} {self.last_name}".strip()

    @property
    def initials(self) -> str:
        return f"{(self.first_name or '?')[:1]}{(self.last_name or '?')[:1]}".upper()

    def age_on(self, day: dt.date) -> int:
        dob = self.date_of_birth
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class CareTeamMember(models.Model):
    """A clinician who may see and work with a client. Supervisors see their organisation's clients."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="care_team")
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="care_teams"
    )
    primary = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client", "clinician"], name="care_team_unique")
        ]
        indexes = [models.Index(fields=["clinician", "client"], name="care_team_by_clinician")]


class ScreenVersion(models.Model):
    """A counter per client (``c<id>``) and per organisation (``o<id>``), bumped by database triggers in
    the same transaction as every write to a table a client's screens are built from (``versions``).

    Cached screen facts are keyed by these numbers, so a cache can never outlive the data it came from.
    """

    scope = models.CharField(max_length=24, primary_key=True)
    version = models.BigIntegerField(default=0)
