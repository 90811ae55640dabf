"""An organisation's follow-up policy written through a validating service (issue 12 "tiered ladder as data").

The values live in ``Organisation.policy`` (read with ``accounts.policy.org_setting`` by
``followup.settings``); this is the only place follow-up writes them, so a ladder that skips the
supervisor, has a zero timer or is slower for higher risk is refused (422 naming the step) and never stored.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from safeplan.accounts.models import Organisation, Role
from safeplan.audit import services as audit
from safeplan.followup import rules
from safeplan.lib.errors import InvalidInput, NotAllowed

LADDER_KEY = "followup.overdue_ladder"


@transaction.atomic
def set_overdue_ladder(*, actor: Any, ladder: Any) -> dict[str, Any]:
    """Store the organisation's tiered overdue ladder (admins and supervisors). ``None`` restores ours."""
    if (
        getattr(actor, "role", None) not in (Role.ADMIN, Role.SUPERVISOR)
        or not actor.organisation_id
    ):
        raise NotAllowed("only admins and supervisors set the follow-up policy")
    organisation = Organisation.objects.select_for_update().get(pk=actor.organisation_id)
    policy = dict(organisation.policy or {})
    if ladder is None:
        policy.pop(LADDER_KEY, None)
        stored: dict[str, Any] = {}
    else:
        try:
            rules.check_ladder(ladder)
        except rules.RuleError as exc:
            raise InvalidInput(str(exc), field=exc.field) from exc
        stored = {level: dict(ladder[level]) for level in rules.LEVELS}
        policy[LADDER_KEY] = stored
    organisation.policy = policy
    organisation.save(update_fields=["policy"])
    audit.record(
        actor=actor,
        action="followup_policy.ladder_changed",
        target=organisation,
        details={"restored": ladder is None},
    )
    return stored
