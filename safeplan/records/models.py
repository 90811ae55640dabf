"""Emergency ("break the glass") access beyond the care team."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from safeplan.lib.fields import EncryptedTextField


class BreakGlassGrant(models.Model):
    """Time-limited access for a clinician outside the care team, given with a reason (HIPAA 164.312(a)(2)(ii))."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    client = models.ForeignKey("clients.Client", on_delete=models.PROTECT, related_name="+")
    reason = EncryptedTextField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="break_glass_active")]
