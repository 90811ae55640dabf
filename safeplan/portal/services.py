"""The client's own changes from the portal (a client writes only their own record's settings)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.lib.errors import InvalidInput

PORTAL_LANGUAGES = ("en", "es")


@transaction.atomic
def set_own_language(*, actor: Any, client: Any, language: str) -> Any:
    """The client chooses the language of their portal (en/es); saved on their record, audited."""
    value = (language or "").strip().lower()
    if value not in PORTAL_LANGUAGES:
        raise InvalidInput("language must be en or es", field="language")
    if client.preferred_language != value:
        client.preferred_language = value
        client.updated_at = timezone.now()
        client.save(update_fields=["preferred_language", "updated_at"])
    audit.record(
        actor=actor,
        action="portal.language_set",
        client=client,
        target=client,
        details={"language": value},
    )
    return client
