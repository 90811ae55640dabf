"""Organisations, people and their roles, API tokens and client portal invitations."""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=60, unique=True)
    demo = models.BooleanField(
        default=False, help_text="Demo organisations do not enforce staff MFA."
    )
    country = models.CharField(max_length=2, default="US")
    time_zone = models.CharField(max_length=64, default="America/New_York")
    # Per-organisation clinical settings ([C] values in clinical-rules.md); read through accounts.policy.
    policy = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.name

    @property
    def mfa_required(self) -> bool:
        return not self.demo


class Role(models.TextChoices):
    ADMIN = "admin", "Clinic admin"
    SUPERVISOR = "supervisor", "Supervisor"
    CLINICIAN = "clinician", "Clinician"
    CLIENT = "client", "Client"


STAFF_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.CLINICIAN})
CLINICAL_ROLES = frozenset({Role.SUPERVISOR, Role.CLINICIAN})


class User(AbstractUser):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.CLINICIAN)
    display_name = models.CharField(max_length=150, blank=True)
    time_zone = models.CharField(max_length=64, default="America/New_York")
    licensed_jurisdictions = models.JSONField(
        default=list,
        blank=True,
        help_text="ISO codes where this clinician is licensed: 'US-MA', 'GB'.",
    )
    phone = models.CharField(max_length=32, blank=True)

    objects: ClassVar[UserManager[User]] = UserManager()  # type: ignore[assignment]

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def is_clinical(self) -> bool:
        return self.role in CLINICAL_ROLES

    @property
    def is_client(self) -> bool:
        return self.role == Role.CLIENT

    @property
    def label(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the secret is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    prefix = models.CharField(max_length=12, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def is_active(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now


class PortalInvitation(models.Model):
    """A single-use, expiring link that lets a client set the password of their portal login."""

    client = models.ForeignKey(
        "clients.Client", on_delete=models.CASCADE, related_name="invitations"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def is_usable(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.revoked_at is None and self.expires_at > now

    def __str__(self) -> str:
        return f"invitation {self.pk}"


def user_summary(user: Any) -> dict[str, Any]:
    return {"id": user.pk, "username": user.username, "role": user.role, "name": user.label}
