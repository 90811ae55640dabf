"""Protocols as data: our defaults in code, an organisation's adapted steps as versions (issue 6).

``protocol_for(organisation, crisis_type) -> (steps, version)``: the steps in force (version 0: our
default). ``set_protocol`` writes the organisation's next version; an empty list goes back to the default.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from safeplan.accounts.models import Role
from safeplan.audit import services as audit
from safeplan.crisis.models import OrganisationProtocol
from safeplan.crisis.rules import protocols as rules
from safeplan.crisis.rules import types
from safeplan.lib.errors import InvalidInput, NotAllowed


def protocol_for(organisation: Any, crisis_type: str) -> tuple[list[dict[str, Any]], int]:
    newest = (
        OrganisationProtocol.objects.filter(organisation=organisation, crisis_type=crisis_type)
        .order_by("-version")
        .first()
    )
    if newest is not None and newest.steps:
        return list(newest.steps), newest.version
    return rules.default_protocol(crisis_type), newest.version if newest else 0


@transaction.atomic
def set_protocol(*, actor: Any, crisis_type: str, steps: Any) -> OrganisationProtocol:
    """Adapt the organisation's steps for one crisis type (clinic admins and supervisors)."""
    if (
        getattr(actor, "role", None) not in (Role.ADMIN, Role.SUPERVISOR)
        or not actor.organisation_id
    ):
        raise NotAllowed("only clinic admins and supervisors adapt crisis protocols")
    if crisis_type not in types.CRISIS_TYPES:
        raise InvalidInput(f"must be one of {', '.join(types.CRISIS_TYPES)}", field="crisis_type")
    clean = [] if steps == [] else rules.normalise_protocol(crisis_type, steps)
    last = (
        OrganisationProtocol.objects.select_for_update()
        .filter(organisation_id=actor.organisation_id, crisis_type=crisis_type)
        .order_by("-version")
        .first()
    )
    row = OrganisationProtocol.objects.create(
        organisation_id=actor.organisation_id,
        crisis_type=crisis_type,
        version=(last.version if last else 0) + 1,
        steps=clean,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action="crisis.protocol_set",
        target=row,
        details={"crisis_type": crisis_type, "version": row.version, "steps": len(clean)},
    )
    return row
