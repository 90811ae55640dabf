"""JSON API for risk: assessments, the risk flag, requests to the client, instrument text.

Mounted under /api/v1/ by safeplan.api. Client-scoped endpoints start with ``get_client_for`` (404 for
anyone who may not see the client); writes go through ``risk.services``.
"""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from safeplan.audit import services as audit
from safeplan.clients.access import get_client_for
from safeplan.lib.errors import InvalidInput, NotAllowed
from safeplan.risk import follow_up, presenters, selectors, services
from safeplan.risk.models import Assessment, InstrumentText
from safeplan.risk.pathway_pages import step_href
from safeplan.risk.pathway_records import pathway_view, record_pathway_action
from safeplan.risk.rules.scoring import INSTRUMENTS
from safeplan.risk.schemas import (
    AssessmentDetailOut,
    AssessmentIn,
    AssessmentOut,
    FlagChangeOut,
    FollowUpTaskDoneIn,
    FollowUpTaskOut,
    InstrumentOut,
    InstrumentTextIn,
    InstrumentTextOut,
    RequestIn,
    RequestOut,
    RiskFlagIn,
    RiskFlagOut,
)
from safeplan.risk.schemas_pathway import PathwayActionIn, PathwayActionOut, PathwayOut
from safeplan.risk.texts import instrument_form, item_labels

router = Router(tags=["risk"])


def _corrections(client_id: int) -> dict[int, list[int]]:
    found: dict[int, list[int]] = {}
    rows = Assessment.objects.filter(client_id=client_id, corrects__isnull=False)
    for corrects_id, pk in rows.values_list("corrects_id", "id").order_by("id"):
        found.setdefault(corrects_id, []).append(pk)
    return found


@router.post(
    "/clients/{client_id}/assessments",
    response={201: AssessmentOut},
    summary="Record a screener or SAFE-T formulation; returns the result and the answers behind it",
)
def create_assessment(request: HttpRequest, client_id: int, payload: AssessmentIn) -> Any:
    client = get_client_for(request.user, client_id)
    corrects = None
    if payload.corrects is not None:
        corrects = Assessment.objects.filter(client_id=client.pk, pk=payload.corrects).first()
        if corrects is None:
            raise InvalidInput("no such assessment for this client", field="corrects")
    follows = None
    if payload.follows is not None:
        follows = Assessment.objects.filter(client_id=client.pk, pk=payload.follows).first()
        if follows is None:
            raise InvalidInput("no such assessment for this client", field="follows")
    assessment = services.record_assessment(
        actor=request.user,
        client=client,
        instrument=payload.instrument,
        answers=payload.answers,
        variant=payload.variant,
        corrects=corrects,
        correction_reason=payload.correction_reason,
        follows=follows,
        confirm=payload.confirm,
        confirm_reason=payload.confirm_reason,
    )
    body = presenters.assessment_dict(assessment)
    body["risk_level_after"] = selectors.current_risk_level(client)
    return Status(201, body)


@router.get(
    "/clients/{client_id}/assessments",
    response=list[AssessmentOut],
    summary="The client's assessments, newest first",
)
def list_assessments(request: HttpRequest, client_id: int, instrument: str | None = None) -> Any:
    client = get_client_for(request.user, client_id)
    if instrument is not None and instrument not in INSTRUMENTS:
        raise InvalidInput(f"unknown instrument {instrument!r}", field="instrument")
    corrections = _corrections(client.pk)
    return [
        presenters.assessment_dict(a, corrected_by=corrections.get(a.pk, []))
        for a in selectors.assessments_for(request.user, client, instrument=instrument)
    ]


@router.get(
    "/clients/{client_id}/assessments/{assessment_id}",
    response=AssessmentDetailOut,
    summary="One assessment with its raw answers and the item text they answer",
)
def get_assessment(request: HttpRequest, client_id: int, assessment_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    assessment = selectors.assessment_for(request.user, client, assessment_id)
    body = presenters.assessment_dict(
        assessment, corrected_by=_corrections(client.pk).get(assessment.pk, [])
    )
    body["answers"] = assessment.answers
    body["item_text"] = item_labels(client.organisation, assessment.instrument, assessment.language)
    body["correction_reason"] = assessment.correction_reason
    body["confirmation_reason"] = assessment.confirmation_reason
    return body


def _flag_body(user: Any, client: Any) -> dict[str, Any]:
    history = selectors.flag_history(user, client)
    prompted = selectors.prompted_suicide_screen(client)
    return {
        "level": history[0].level if history else "none",
        "current": presenters.flag_dict(history[0]) if history else None,
        "history": [presenters.flag_dict(f) for f in history],
        "crisis_banner": selectors.crisis_banner(client) is not None,
        "suicide_screen_prompted_by": prompted.pk if prompted else None,
    }


@router.get(
    "/clients/{client_id}/risk-flag",
    response=RiskFlagOut,
    summary="The client's current risk level and its history",
)
def get_risk_flag(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    return _flag_body(request.user, client)


@router.post(
    "/clients/{client_id}/risk-flag",
    response={201: FlagChangeOut},
    summary="Set the client's risk level (lowering it requires a reason)",
)
def set_risk_flag(request: HttpRequest, client_id: int, payload: RiskFlagIn) -> Any:
    client = get_client_for(request.user, client_id)
    change = services.set_risk_level(
        actor=request.user, client=client, level=payload.level, reason=payload.reason
    )
    return Status(201, presenters.flag_dict(change))


@router.get(
    "/clients/{client_id}/assessment-requests",
    response=list[RequestOut],
    summary="Instruments requested from the client (open ones; include_closed=true for all)",
)
def list_requests(request: HttpRequest, client_id: int, include_closed: bool = False) -> Any:
    client = get_client_for(request.user, client_id)
    rows = selectors.requests_for(client, open_only=not include_closed)
    audit.record(
        actor=request.user,
        action="assessment_request.listed",
        client=client,
        details={"count": len(rows)},
    )
    return [presenters.request_dict(r) for r in rows]


@router.post(
    "/clients/{client_id}/assessment-requests",
    response={201: RequestOut},
    summary="Ask the client to complete an instrument in the portal, once or on a schedule",
)
def create_request(request: HttpRequest, client_id: int, payload: RequestIn) -> Any:
    client = get_client_for(request.user, client_id)
    created = services.request_assessment(
        actor=request.user,
        client=client,
        instrument=payload.instrument,
        due_on=payload.due_on,
        repeat_every_days=payload.repeat_every_days,
    )
    return Status(201, presenters.request_dict(created))


@router.post(
    "/clients/{client_id}/assessment-requests/{request_id}/cancel",
    response=RequestOut,
    summary="Cancel an open request (a scheduled one stops repeating)",
)
def cancel_request(request: HttpRequest, client_id: int, request_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    found = selectors.request_for(client, request_id)
    return presenters.request_dict(services.cancel_request(actor=request.user, request=found))


def _staff(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.is_staff_role:
        raise NotAllowed("staff only")
    return user


@router.get(
    "/instruments/{instrument}",
    response=InstrumentOut,
    summary="An instrument's items, answer options and attribution (your organisation's text if loaded)",
)
def get_instrument(request: HttpRequest, instrument: str, language: str = "en") -> Any:
    user = _staff(request)
    if instrument not in INSTRUMENTS or instrument == "safet":
        raise InvalidInput(f"unknown instrument {instrument!r}", field="instrument")
    if language not in ("en", "es"):
        raise InvalidInput("must be en or es", field="language")
    form = instrument_form(user.organisation, instrument, language)
    return {
        "instrument": form.instrument,
        "title": form.title,
        "language": form.language,
        "stem": form.stem,
        "items": [
            {
                "key": i.key,
                "text": i.text,
                "kind": i.kind,
                "options": [list(o) for o in i.options],
                "optional": i.optional,
            }
            for i in form.items
        ],
        "attribution": form.attribution,
        "official_text_loaded": form.official_text_loaded,
    }


@router.get(
    "/instrument-texts",
    response=list[InstrumentTextOut],
    summary="Official instrument text loaded by your organisation (newest first)",
)
def list_instrument_texts(request: HttpRequest) -> Any:
    user = _staff(request)
    rows = (
        InstrumentText.objects.filter(organisation_id=user.organisation_id)
        .select_related("loaded_by")
        .order_by("-loaded_at", "-id")
    )
    return [presenters.text_dict(t) for t in rows]


@router.post(
    "/instrument-texts",
    response={201: InstrumentTextOut},
    summary="Load the official wording of an instrument (e.g. the C-SSRS) for your organisation",
)
def load_instrument_text(request: HttpRequest, payload: InstrumentTextIn) -> Any:
    created = services.load_instrument_text(
        actor=request.user,
        instrument=payload.instrument,
        language=payload.language,
        version=payload.version,
        items=payload.items,
        copyright_notice=payload.copyright_notice,
    )
    return Status(201, presenters.text_dict(created))


def _action_body(row: Any) -> dict[str, Any]:
    return {
        "id": row.pk,
        "assessment_id": row.assessment_id,
        "pathway": row.pathway,
        "action": row.action,
        "outcome": row.outcome,
        "reason": row.reason,
        "recorded_by": presenters.person(row.recorded_by),
        "recorded_at": row.recorded_at,
    }


def _pathway_body(assessment: Assessment, session: int | None) -> dict[str, Any]:
    view = pathway_view(assessment)
    if view is None:
        return {"assessment_id": assessment.pk, "pathway": None}
    p = view.pathway
    steps = []
    for s in view.steps:
        status = "automatic" if s.automatic else (s.record.outcome if s.record else "open")
        steps.append(
            {
                "number": s.number,
                "action": s.action.code,
                "title": s.action.title,
                "do": s.action.do,
                "kind": s.action.kind,
                "target": s.action.target,
                "href": step_href(assessment.client_id, assessment.pk, s.action, session),
                "source": s.action.source,
                "status": status,
                "record": _action_body(s.record) if s.record else None,
            }
        )
    return {
        "assessment_id": assessment.pk,
        "pathway": p.code,
        "title": p.title,
        "urgency": p.urgency,
        "summary": p.summary,
        "source": p.source,
        "open_steps": view.open_steps,
        "steps": steps,
        "history": [_action_body(r) for r in view.history],
    }


@router.get(
    "/clients/{client_id}/assessments/{assessment_id}/pathway",
    response=PathwayOut,
    summary="The result's next actions in order, with what was done or declined for each",
)
def get_pathway(
    request: HttpRequest, client_id: int, assessment_id: int, session: int | None = None
) -> Any:
    client = get_client_for(request.user, client_id)
    assessment = selectors.assessment_for(request.user, client, assessment_id)
    return _pathway_body(assessment, session)


@router.post(
    "/clients/{client_id}/assessments/{assessment_id}/pathway-actions",
    response={201: PathwayActionOut},
    summary="Record a next action of the result's pathway as done, or declined with the reason",
)
def create_pathway_action(
    request: HttpRequest, client_id: int, assessment_id: int, payload: PathwayActionIn
) -> Any:
    client = get_client_for(request.user, client_id)
    assessment = selectors.assessment_for(request.user, client, assessment_id)
    row = record_pathway_action(
        actor=request.user,
        assessment=assessment,
        action=payload.action,
        outcome=payload.outcome,
        reason=payload.reason,
    )
    return Status(201, _action_body(row))


@router.get(
    "/clients/{client_id}/follow-up-tasks",
    response=list[FollowUpTaskOut],
    summary="Open same-day follow-ups owed to the client after a suicide-risk answer in the portal",
)
def list_follow_up_tasks(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    rows = follow_up.open_tasks(client)
    audit.record(
        actor=request.user, action="risk_task.listed", client=client, details={"count": len(rows)}
    )
    return [presenters.task_dict(t) for t in rows]


@router.post(
    "/clients/{client_id}/follow-up-tasks/{task_id}/complete",
    response=FollowUpTaskOut,
    summary="Record how a same-day follow-up was done (contacted, seen or escalated)",
)
def complete_follow_up_task(
    request: HttpRequest, client_id: int, task_id: int, payload: FollowUpTaskDoneIn
) -> Any:
    client = get_client_for(request.user, client_id)
    task = follow_up.complete_task(
        actor=request.user,
        client=client,
        task_id=task_id,
        outcome=payload.outcome,
        note=payload.note,
    )
    return presenters.task_dict(task)
