"""The audit log for clinic admins and supervisors."""

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from safeplan.audit.selectors import audit_events_visible_to

router = Router(tags=["audit"])


class AuditEventOut(Schema):
    id: int
    at: datetime
    actor_id: int | None
    actor_role: str
    client_id: int | None
    action: str
    target_type: str
    target_id: str
    channel: str
    break_glass: bool
    details: dict[str, Any]
    sealed: bool

    @staticmethod
    def resolve_sealed(obj: Any) -> bool:
        return obj.chain_seq is not None


@router.get(
    "/audit-events",
    response=list[AuditEventOut],
    summary="Audit entries of the caller's organisation",
)
@paginate
def list_audit_events(
    request: HttpRequest,
    client_id: int | None = None,
    actor_id: int | None = None,
    action: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    break_glass: bool | None = None,
) -> Any:
    return audit_events_visible_to(
        request.user,
        client_id=client_id,
        actor_id=actor_id,
        action=action[:64] if action else None,
        since=since,
        until=until,
        break_glass=break_glass,
    )
