"""A result's pathway on screen and what was done or declined (issue 11; PRODUCT.md "a result is never a
dead end").

``pathway_of(assessment)`` is the pathway the rules give for the result (``rules.pathways``);
``record_pathway_action`` is the one write path (pages and API), ``pathway_view`` the read for a page or
the API: each next action with what was last recorded for it. Rows are written once (``PathwayAction``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from safeplan.audit import services as audit
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.lib.validation import clean_text
from safeplan.risk.models import Assessment, PathwayAction, PathwayOutcome
from safeplan.risk.rules import pathways
from safeplan.risk.rules.scoring import INSTRUMENTS

REASON_MAX = 500


def available_instruments() -> frozenset[str]:
    """The instruments this installation can run (the BSSA once it is added to the scoring table)."""
    return frozenset(INSTRUMENTS)


def pathway_of(assessment: Assessment) -> pathways.Pathway | None:
    return pathways.pathway_for(
        assessment.instrument,
        assessment.code,
        flags=assessment.flags or (),
        positive=assessment.positive,
        channel=assessment.channel,
        available=available_instruments(),
    )


@dataclass(frozen=True)
class StepView:
    """One next action with the latest record for it (``None`` when nothing is recorded yet)."""

    number: int
    action: pathways.Action
    record: PathwayAction | None

    @property
    def automatic(self) -> bool:
        return self.action.kind == pathways.AUTOMATIC

    @property
    def settled(self) -> bool:
        return self.automatic or self.record is not None


@dataclass(frozen=True)
class PathwayView:
    pathway: pathways.Pathway
    steps: tuple[StepView, ...]
    history: tuple[PathwayAction, ...]

    @property
    def open_steps(self) -> int:
        return sum(1 for s in self.steps if not s.settled)


def pathway_view(
    assessment: Assessment, *, records: list[PathwayAction] | None = None
) -> PathwayView | None:
    """The pathway of ``assessment`` with what was recorded (one query unless ``records`` is given)."""
    found = pathway_of(assessment)
    if found is None:
        return None
    if records is None:
        records = list(
            PathwayAction.objects.filter(assessment_id=assessment.pk)
            .select_related("recorded_by")
            .order_by("recorded_at", "id")
        )
    latest: dict[str, PathwayAction] = {}
    for row in records:
        latest[row.action] = row
    steps = tuple(
        StepView(number=i, action=a, record=latest.get(a.code))
        for i, a in enumerate(found.actions, start=1)
    )
    return PathwayView(pathway=found, steps=steps, history=tuple(records))


@transaction.atomic
def record_pathway_action(
    *, actor: Any, assessment: Assessment, action: str, outcome: str, reason: str = ""
) -> PathwayAction:
    """Record that a next action of the result's pathway was done or declined.

    A declined action needs the reason (PRODUCT.md: what was declined is recorded); a done action may carry
    a short note. Automatic actions (the alert, the client's crisis resources) were done by Safeplan and
    are not recorded by hand. Refused with the field named; nothing is written on bad input.
    """
    if not getattr(actor, "is_clinical", False):
        raise NotAllowed("only clinicians record pathway actions", field="action")
    found = pathway_of(assessment)
    if found is None:
        raise Conflict("this result has no pathway to follow", field="action")
    step = found.action(action) if isinstance(action, str) else None
    if step is None:
        raise InvalidInput(
            f"must be one of this result's next actions: {', '.join(found.codes)}", field="action"
        )
    if step.kind == pathways.AUTOMATIC:
        raise InvalidInput("Safeplan did this when the result was saved", field="action")
    if outcome not in PathwayOutcome.values:
        raise InvalidInput("must be done or declined", field="outcome")
    if not isinstance(reason, str):
        raise InvalidInput("must be text", field="reason")
    text = clean_text(reason, field="reason", limit=REASON_MAX, multiline=True)
    if outcome == PathwayOutcome.DECLINED and not text.strip():
        raise InvalidInput("say why this step was declined", field="reason")
    row = PathwayAction.objects.create(
        client_id=assessment.client_id,
        assessment=assessment,
        pathway=found.code,
        action=action,
        outcome=outcome,
        reason=text,
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action="risk.pathway_action",
        client=assessment.client,
        target=row,
        details={
            "assessment": assessment.pk,
            "pathway": found.code,
            "step": action,
            "outcome": outcome,
        },
    )
    return row
