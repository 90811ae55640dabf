"""JSON API for the safety plan (mounted under /api/v1/ by safeplan.api).

Every read and change is audited; every route starts with ``get_client_for`` (outsiders get 404). A new
version is the whole plan with ``base_version``: a stale base answers 409 naming the newer version.
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from ninja import Query, Router, Schema, Status
from pydantic import Field

from safeplan.clients import facts
from safeplan.clients.access import get_client_for
from safeplan.clients.screen_cache import ScreenCache
from safeplan.plans import downloads, library, outputs, proposals, selectors, services
from safeplan.plans.models import SafetyPlanVersion
from safeplan.plans.schemas import (
    AcceptIn,
    CommentIn,
    DiffOut,
    PlanIn,
    PlanOut,
    ProposalOut,
    ReplyIn,
    SignatureOut,
    SignIn,
    SkillOut,
    VersionSummary,
)

router = Router(tags=["plans"])


def _plan_out(user: Any, client: Any, version: SafetyPlanVersion) -> dict[str, Any]:
    current = version.plan.current_number
    # Warnings are about the plan as it stands: the current version, whichever one is shown.
    latest = version if version.number == current else selectors.current_plan(client)
    return outputs.version(
        version,
        current_number=current,
        signed_number=version.plan.signed_number,
        warnings=selectors.warnings_for(client, latest, facts.today(client)),
    )


def _current(client: Any) -> SafetyPlanVersion:
    found = selectors.current_with_signatures(client)
    if found is None:
        raise Http404("This client has no safety plan yet")
    return found


# The current plan as the API shows it, per client, local day (warnings count days) and language, until the
# client's data change (clients.screen_cache); the read is audited every time.
_CURRENT: ScreenCache[tuple[int, dict[str, Any]]] = ScreenCache("safety_plan")


def _current_out(user: Any, client: Any) -> tuple[int, dict[str, Any]]:
    version = _current(client)
    return version.number, _plan_out(user, client, version)


@router.get(
    "/clients/{client_id}/safety-plan",
    response=PlanOut,
    summary="The current version of the client's safety plan",
)
def get_plan(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    number, out = _CURRENT.get(
        client,
        lambda: _current_out(request.user, client),
        extra=(facts.today(client), translation.get_language()),
    )
    selectors.record_read(request.user, client, "plan.viewed", number=number)
    return out


@router.post(
    "/clients/{client_id}/safety-plan",
    response={201: PlanOut},
    summary="Save the whole plan as a new version (409 when base_version is not the current one)",
)
def save_plan(request: HttpRequest, client_id: int, payload: PlanIn) -> Any:
    client = get_client_for(request.user, client_id)
    version = services.save_plan(
        client=client,
        actor=request.user,
        content=payload.raw_sections(),
        base_version=payload.base_version,
        change_note=payload.change_note,
        review_due=payload.review_due,
    )
    return Status(201, _plan_out(request.user, client, selectors.version(client, version.number)))


@router.get(
    "/clients/{client_id}/safety-plan/versions",
    response=list[VersionSummary],
    summary="Every version, newest first, with author, time, signatures and number of changes",
)
def list_versions(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    found = selectors.versions(client)
    selectors.record_read(request.user, client, "plan.versions_listed", count=len(found))
    older = {v.number: v for v in found}
    return [outputs.version_summary(v, older.get(v.number - 1)) for v in found]


@router.get(
    "/clients/{client_id}/safety-plan/versions/{number}",
    response=PlanOut,
    summary="One version (numbered from 1)",
)
def get_version(request: HttpRequest, client_id: int, number: int) -> Any:
    client = get_client_for(request.user, client_id)
    version = selectors.version(client, number)
    selectors.record_read(request.user, client, "plan.version_viewed", number=number)
    return _plan_out(request.user, client, version)


class DiffQuery(Schema):
    from_number: int = Field(alias="from", ge=1)
    to_number: int = Field(alias="to", ge=1)


@router.get(
    "/clients/{client_id}/safety-plan/diff",
    response=DiffOut,
    summary="What changed between two versions (?from=a&to=b)",
)
def diff(request: HttpRequest, client_id: int, query: Query[DiffQuery]) -> Any:
    client = get_client_for(request.user, client_id)
    old = selectors.version(client, query.from_number)
    new = selectors.version(client, query.to_number)
    selectors.record_read(
        request.user, client, "plan.diff_viewed", from_number=old.number, to_number=new.number
    )
    with translation.override("en"):
        changes = outputs.changes(old.content, new.content)
    return {"from_number": old.number, "to_number": new.number, "changes": changes}


@router.post(
    "/clients/{client_id}/safety-plan/versions/{number}/sign",
    response={201: SignatureOut},
    summary="Sign the current version as the clinician, or record the client's signature",
)
def sign(request: HttpRequest, client_id: int, number: int, payload: SignIn) -> Any:
    client = get_client_for(request.user, client_id)
    signature = services.sign_version(
        client=client, number=number, actor=request.user, method=payload.method, name=payload.name
    )
    return Status(201, outputs.signature(signature))


class PdfQuery(Schema):
    version: int | None = Field(default=None, ge=1)


@router.get(
    "/clients/{client_id}/safety-plan.pdf",
    response={200: bytes},
    summary="The plan as a PDF in the client's language (the current version, or ?version=n)",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def plan_pdf(request: HttpRequest, client_id: int, query: Query[PdfQuery]) -> HttpResponse:
    client = get_client_for(request.user, client_id)
    version = selectors.version(client, query.version) if query.version else _current(client)
    selectors.record_read(request.user, client, "plan.pdf_downloaded", number=version.number)
    return downloads.plan_pdf_response(client, version)


@router.get(
    "/clients/{client_id}/safety-plan/wallet-card.pdf",
    response={200: bytes},
    summary="The wallet card (85.6 × 54 mm) of the current version",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def wallet_card(request: HttpRequest, client_id: int) -> HttpResponse:
    client = get_client_for(request.user, client_id)
    version = _current(client)
    selectors.record_read(
        request.user, client, "plan.wallet_card_downloaded", number=version.number
    )
    return downloads.wallet_card_response(client, version)


# --- the client's proposals ---------------------------------------------------------------------


def _proposal_out(client: Any, proposal: Any) -> dict[str, Any]:
    base = selectors.version(client, proposal.base_number)
    conflicts: list[str] = []
    if proposal.status == "pending":
        conflicts = proposals.merge_preview(proposal).conflicts
    with translation.override("en"):
        return outputs.proposal(proposal, base=base.content, conflicts=conflicts)


@router.get(
    "/clients/{client_id}/safety-plan/proposals",
    response=list[ProposalOut],
    summary="Changes the client proposed from the portal, newest first",
)
def list_proposals(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    found = selectors.proposals(client)
    selectors.record_read(request.user, client, "plan.proposals_listed", count=len(found))
    return [_proposal_out(client, p) for p in found]


@router.get(
    "/clients/{client_id}/safety-plan/proposals/{proposal_id}",
    response=ProposalOut,
    summary="One proposal, as a diff against the version the client saw",
)
def get_proposal(request: HttpRequest, client_id: int, proposal_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    found = selectors.proposal(client, proposal_id)
    selectors.record_read(request.user, client, "plan.proposal_viewed", proposal_id=found.pk)
    return _proposal_out(client, found)


@router.post(
    "/clients/{client_id}/safety-plan/proposals/{proposal_id}/accept",
    response={201: PlanOut},
    summary="Accept the client's proposal: their changes become a new version",
)
def accept_proposal(
    request: HttpRequest, client_id: int, proposal_id: int, payload: AcceptIn
) -> Any:
    client = get_client_for(request.user, client_id)
    version = proposals.accept_proposal(
        client=client,
        proposal_id=proposal_id,
        actor=request.user,
        base_version=payload.base_version,
    )
    return Status(201, _plan_out(request.user, client, selectors.version(client, version.number)))


@router.post(
    "/clients/{client_id}/safety-plan/proposals/{proposal_id}/decline",
    response=ProposalOut,
    summary="Decline the proposal with a reply the client reads on the portal",
)
def decline_proposal(
    request: HttpRequest, client_id: int, proposal_id: int, payload: ReplyIn
) -> Any:
    client = get_client_for(request.user, client_id)
    proposals.decline_proposal(
        client=client, proposal_id=proposal_id, actor=request.user, reply=payload.reply
    )
    return _proposal_out(client, selectors.proposal(client, proposal_id))


@router.post(
    "/clients/{client_id}/safety-plan/proposals/{proposal_id}/comments",
    response={201: ProposalOut},
    summary="Reply to the client about a proposal (it stays open)",
)
def comment(request: HttpRequest, client_id: int, proposal_id: int, payload: CommentIn) -> Any:
    client = get_client_for(request.user, client_id)
    proposals.comment_on_proposal(
        client=client, proposal_id=proposal_id, actor=request.user, text=payload.text
    )
    return Status(201, _proposal_out(client, selectors.proposal(client, proposal_id)))


class SkillQuery(Schema):
    language: str = Field(default="en", pattern=r"^(en|es)$")


@router.get(
    "/self-care-skills",
    response=list[SkillOut],
    summary="The self-care library: coping skills a clinician can add to section 2",
)
def skills(request: HttpRequest, query: Query[SkillQuery]) -> Any:
    return [
        {
            "code": s.code,
            "title": s.title_in(query.language),
            "steps": list(s.steps_in(query.language)),
        }
        for s in library.SKILLS
    ]
