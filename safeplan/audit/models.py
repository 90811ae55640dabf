"""The audit log: every read and change of client data, append-only, sealed into a hash chain.

Requests insert one small row (no hash yet) in their own transaction, so the log never serialises the
screens opened in a crisis behind one lock. The sealer (run by the worker every loop, and by
``safeplan audit verify``) gives each new row the next ``chain_seq`` and ``hash = sha256(prev_hash +
canonical row)``. Database triggers (migration 0002) reject DELETE and any UPDATE other than sealing.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.utils import timezone

_canonical = json.JSONEncoder(sort_keys=True, separators=(",", ":"), default=str).encode


def canonical_details(value: Any) -> str:
    """Details as the hash chain writes them: sorted keys, no spaces, ASCII only (``\\uXXXX`` escapes)."""
    return _canonical(value if value is not None else {})


class CanonicalJSONField(models.TextField):
    """A dict stored as its canonical JSON text, exactly the bytes the chain hashes.

    PostgreSQL's ``jsonb`` reorders keys (shortest first) and adds spaces, so a hash over it had to be
    rebuilt per row in Python; stored canonically, ``audit verify`` hashes whole ranges inside the
    database (``verify``). Reads give the dict back.
    """

    _pyi_private_set_type: Any  # django-stubs: takes and gives a dict, not str
    _pyi_private_get_type: Any

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return None if value is None else json.loads(value)

    def to_python(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    def get_prep_value(self, value: Any) -> Any:
        return None if value is None else canonical_details(value)

    def value_to_string(self, obj: Any) -> str:
        return canonical_details(self.value_from_object(obj))


class AuditEvent(models.Model):
    at = models.DateTimeField(default=timezone.now)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_role = models.CharField(max_length=20, blank=True)
    organisation_id = models.BigIntegerField(null=True, blank=True)
    client_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=40, blank=True)
    channel = models.CharField(max_length=10, blank=True, help_text="page, api, job, cli")
    request_id = models.CharField(max_length=32, blank=True)
    ip = models.CharField(max_length=45, blank=True)
    break_glass = models.BooleanField(default=False)
    details = CanonicalJSONField(default=dict, blank=True)
    chain_seq = models.BigIntegerField(null=True, blank=True, unique=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["organisation_id", "at"], name="audit_org_time"),
            models.Index(fields=["client_id", "at"], name="audit_client_time"),
            models.Index(
                fields=["id"], name="audit_unsealed", condition=models.Q(chain_seq__isnull=True)
            ),
        ]


class AuditChainHead(models.Model):
    """One row: the last sealed entry. Deleting the newest entries is caught by comparing with it."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)
    sealed_at = models.DateTimeField(null=True, blank=True)


class AuditCheckpoint(models.Model):
    """A verified point of the chain (``verify``): its position, its hash, when it was checked.

    ``verified`` rows let the next ``audit verify`` start after them; a ``retention`` row is the anchor
    left when whole months older than the retention period were dropped, where a full walk begins.
    """

    class Kind(models.TextChoices):
        VERIFIED = "verified", "verified"
        RETENTION = "retention", "retention anchor"

    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    entries = models.BigIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.VERIFIED)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "seq"], name="audit_checkpoint_kind_seq")]
