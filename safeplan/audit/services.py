"""Writing, sealing and verifying the audit log.

``record`` is the only way rows get in. It stores ids and the action name, never client words: the
``details`` dict must hold ids, counts, field names and codes only (checked below).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db import DatabaseError, transaction
from django.utils import timezone

from safeplan.audit.models import AuditChainHead, AuditEvent
from safeplan.lib import middleware

_ALLOWED_DETAIL_TYPES = (int, bool, type(None))


def _check_details(details: dict[str, Any]) -> None:
    """Details are ids, numbers, booleans and short codes; free text would leak client words into the log."""
    for key, value in details.items():
        if isinstance(value, str):
            if len(value) > 64 or " " in value.strip():
                raise ValueError(f"audit detail {key!r} looks like free text; store an id or code")
        elif isinstance(value, list | tuple):
            for item in value:
                if isinstance(item, str) and (len(item) > 64 or " " in item):
                    raise ValueError(f"audit detail {key!r} holds free text")
        elif not isinstance(value, (*_ALLOWED_DETAIL_TYPES, float)):
            raise ValueError(f"audit detail {key!r} has unsupported type {type(value).__name__}")


def record(
    *,
    actor: Any,
    action: str,
    client: Any = None,
    client_id: int | None = None,
    target: Any = None,
    target_type: str = "",
    target_id: Any = "",
    organisation_id: int | None = None,
    details: dict[str, Any] | None = None,
    break_glass: bool = False,
) -> AuditEvent:
    """Append one audit entry (call inside the service's transaction)."""
    details = dict(details or {})
    _check_details(details)
    if client is not None:
        client_id = client.pk
        organisation_id = organisation_id or client.organisation_id
    if target is not None:
        target_type = target_type or target._meta.model_name
        target_id = target.pk
    actor_id = getattr(actor, "pk", None) if actor is not None else None
    if organisation_id is None and actor is not None:
        organisation_id = getattr(actor, "organisation_id", None)
    if client_id is not None and client_id in middleware.break_glass_clients.get():
        break_glass = True
    return AuditEvent.objects.create(
        actor_id=actor_id,
        actor_role=getattr(actor, "role", "") or ("system" if actor is None else ""),
        organisation_id=organisation_id,
        client_id=client_id,
        action=action,
        target_type=str(target_type or ""),
        target_id=str(target_id if target_id is not None else ""),
        channel=middleware.channel.get(),
        request_id=middleware.request_id.get(),
        ip=middleware.remote_addr.get(),
        break_glass=break_glass,
        details=details,
    )


def canonical(event: AuditEvent) -> bytes:
    payload = [
        event.pk,
        event.at.isoformat(timespec="microseconds"),
        event.actor_id,
        event.actor_role,
        event.organisation_id,
        event.client_id,
        event.action,
        event.target_type,
        event.target_id,
        event.channel,
        event.request_id,
        event.ip,
        event.break_glass,
        event.details,
        event.chain_seq,
        event.prev_hash,
    ]
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def entry_hash(event: AuditEvent) -> str:
    return hashlib.sha256(event.prev_hash.encode() + canonical(event)).hexdigest()


def seal_pending(limit: int = 5000) -> int:
    """Chain unsealed entries in id order, in one transaction and one bulk UPDATE.

    Safe with many callers: the head row moves only if nobody moved it meanwhile, and the database trigger
    refuses to re-seal an entry, so a concurrent sealer's transaction fails and changes nothing.
    """
    try:
        with transaction.atomic():
            head, _ = AuditChainHead.objects.get_or_create(id=1)
            pending = list(AuditEvent.objects.filter(chain_seq__isnull=True).order_by("id")[:limit])
            if not pending:
                return 0
            seq, prev = head.last_seq, head.last_hash
            for event in pending:
                seq += 1
                event.chain_seq = seq
                event.prev_hash = prev
                event.hash = entry_hash(event)
                prev = event.hash
            AuditEvent.objects.bulk_update(
                pending, ["chain_seq", "prev_hash", "hash"], batch_size=500
            )
            moved = AuditChainHead.objects.filter(id=1, last_seq=head.last_seq).update(
                last_seq=seq, last_hash=prev, sealed_at=timezone.now()
            )
            if moved != 1:
                raise _LostRace
            return len(pending)
    except (_LostRace, DatabaseError):
        return 0


class _LostRace(Exception):
    """Another sealer moved the chain head first; this attempt is rolled back."""
