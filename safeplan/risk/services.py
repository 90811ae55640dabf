"""Every write of risk data: assessments, the risk flag, requests to the client, official instrument text.

One transaction per call, an audit entry in it, nothing written on bad input (``InvalidInput`` names the
field). Assessments are append-only: a correction is a new assessment that points at the one it corrects.
The flag is only raised by software (``rules.flag.automatic_level``); staff raise or lower it, and
lowering needs a reason (PRODUCT.md, clinical-rules.md §12).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.clients import facts
from safeplan.lib.errors import Conflict, DomainError, InvalidInput, NotAllowed
from safeplan.risk import consequences, eligibility, pathway_records, safet_check
from safeplan.risk.models import (
    Assessment,
    AssessmentRequest,
    Channel,
    FlagSource,
    InstrumentText,
    PathwayAction,
    RiskFlagChange,
)
from safeplan.risk.rules import AnswerError, ScreenResult, score
from safeplan.risk.rules.base import LEVEL_RANK
from safeplan.risk.rules.bssa import normalise_bssa
from safeplan.risk.rules.flag import automatic_level, check_manual_change
from safeplan.risk.rules.safet import normalise_safet
from safeplan.risk.rules.scoring import SELF_REPORT
from safeplan.risk.selectors import current_risk_level
from safeplan.risk.texts import official_text, text_keys

REASON_MAX = 2000
MAX_REPEAT_DAYS = 365


def _clean_text(value: Any, field: str, *, required: bool = False) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput("must be text", field=field)
    value = value.strip()
    if required and not value:
        raise InvalidInput("is required", field=field)
    if len(value) > REASON_MAX:
        raise InvalidInput(f"is longer than {REASON_MAX} characters", field=field)
    if any(ord(ch) < 32 and ch not in "\n\r\t" for ch in value):
        raise InvalidInput("must not contain control characters", field=field)
    return value


def _channel_for(actor: Any, client: Any) -> str:
    if getattr(actor, "is_clinical", False) and actor.organisation_id == client.organisation_id:
        return Channel.CLINICIAN
    if getattr(actor, "is_client", False) and client.portal_user_id == actor.pk:
        return Channel.PORTAL
    raise NotAllowed("only clinicians, supervisors or the client themself record assessments")


def _score(instrument: str, answers: Any, variant: str | None) -> ScreenResult:
    try:
        return score(instrument, answers, variant=variant)
    except AnswerError as exc:
        raise InvalidInput(exc.message, field=exc.field) from exc


@transaction.atomic
def record_assessment(
    *,
    actor: Any,
    client: Any,
    instrument: str,
    answers: Any,
    variant: str | None = None,
    request: AssessmentRequest | None = None,
    corrects: Assessment | None = None,
    correction_reason: str = "",
    language: str = "en",
    completed_at: dt.datetime | None = None,
    follows: Assessment | None = None,
    confirm: bool = False,
    confirm_reason: str = "",
) -> Assessment:
    """Score and store one instrument (or a SAFE-T formulation), then raise the flag if it implies more.

    A screener with items missing is stored as incomplete (no total; its answered safety items act as in
    a complete one, issue 12) and leaves its request open. A client (portal) may only answer an open
    request of theirs. Consequences of the result follow in the same transaction
    (``consequences.after_assessment``). A BSSA names the positive ASQ it ``follows`` and a PHQ-A is
    for minors only (``eligibility``).
    ``completed_at`` keeps the clinical timeline of a record brought in from elsewhere (FHIR import:
    when the answers were given, not when they were imported); it is written with the row, which is
    never edited afterwards (append-only), and may not be in the future.
    A SAFE-T "low" that its inquiry or a same-day C-SSRS/ASQ contradicts needs ``confirm`` and a
    ``confirm_reason`` (``safet_check``; 409 naming ``confirm`` until then).
    """
    channel = _channel_for(actor, client)
    result = _score(instrument, answers, variant)
    if instrument == "safet":
        answers = normalise_safet(answers)
    if instrument == "bssa":
        if channel != Channel.CLINICIAN:
            raise NotAllowed("the BSSA is conducted by a clinician")
        eligibility.check_bssa(
            client, variant=variant, follows=follows, at=completed_at or timezone.now()
        )
        answers = normalise_bssa(answers)
    elif follows is not None:
        raise InvalidInput("only a BSSA follows up another screen", field="follows")
    if instrument == "phqa":
        eligibility.check_phqa(client)
    if channel == Channel.PORTAL:
        if instrument not in SELF_REPORT:
            raise NotAllowed("this instrument is completed by a clinician")
        if request is None:
            raise NotAllowed("the client completes instruments their clinician requested")
    if request is not None:
        request = AssessmentRequest.objects.select_for_update().get(pk=request.pk)
        if request.client_id != client.pk or request.instrument != instrument:
            raise InvalidInput("the request is for another instrument", field="request")
        if not request.is_open:
            raise Conflict("this request was already completed or cancelled", field="request")
    reason = ""
    if corrects is not None:
        if channel != Channel.CLINICIAN:
            raise NotAllowed("only clinicians correct an assessment")
        if corrects.client_id != client.pk or corrects.instrument != instrument:
            raise InvalidInput("a correction must be of the same instrument", field="corrects")
        reason = _clean_text(correction_reason, "correction_reason", required=True)
    now = timezone.now()
    if completed_at is not None and completed_at > now + dt.timedelta(minutes=5):
        raise InvalidInput("cannot be in the future", field="completed_at")
    flags, explanation, confirmation = list(result.flags), list(result.explanation), ""
    if instrument == "safet":
        confirmed, confirmation = safet_check.check_low_level(
            client=client,
            formulation=answers,
            at=completed_at or now,
            confirm=confirm,
            reason=confirm_reason,
        )
        flags += confirmed
        if confirmed:
            explanation.append(
                "level low confirmed by the clinician, with a reason, despite: "
                + ", ".join(c.removeprefix(safet_check.FLAG_PREFIX) for c in confirmed)
            )
    assessment = Assessment.objects.create(
        client=client,
        instrument=instrument,
        version=result.version,
        language=language,
        answers=answers,
        code=result.code,
        total=result.total,
        implied_level=result.level,
        prompts_suicide_screen="suicide_screen_prompted" in result.flags,
        positive=result.positive,
        flags=flags,
        complete=result.complete,
        missing_items=list(result.missing),
        explanation=explanation,
        channel=channel,
        administered_by=actor,
        request=request,
        corrects=corrects,
        correction_reason=reason,
        confirmation_reason=confirmation,
        follows=follows,
        completed_at=completed_at or now,
    )
    audit.record(
        actor=actor,
        action="assessment.recorded",
        client=client,
        target=assessment,
        details={
            "instrument": instrument,
            "channel": channel,
            "corrects": corrects.pk if corrects else None,
            "request": request.pk if request else None,
            "complete": result.complete,
            "follows": follows.pk if follows else None,
        },
    )
    if request is not None and result.complete:
        # An incomplete answer leaves the request open: the client may finish it later.
        _complete_request(request, actor=actor, at=now)
    if follows is not None:
        _bssa_step_done(actor=actor, asq=follows)
    flag_change = _raise_flag(client=client, assessment=assessment, actor=actor, at=now)
    consequences.after_assessment(
        client=client, assessment=assessment, flag_change=flag_change, actor=actor
    )
    return assessment


def _bssa_step_done(*, actor: Any, asq: Assessment) -> None:
    """The ASQ's pathway step "bssa" is done once a BSSA follows it (recorded once; an ASQ whose pathway
    has no such step, or where it is already recorded, is left as it is)."""
    if PathwayAction.objects.filter(assessment=asq, action="bssa").exists():
        return
    try:
        with transaction.atomic():
            pathway_records.record_pathway_action(
                actor=actor, assessment=asq, action="bssa", outcome="done"
            )
    except DomainError:
        pass


def _lock_flag(client: Any) -> None:
    """Serialise flag changes per client: two at once must not both start from the same "current" level
    (the later row would otherwise win and could lower the level). ``set_at`` is taken after the lock."""
    type(client).objects.select_for_update().filter(pk=client.pk).values_list("pk").first()


def _raise_flag(
    *, client: Any, assessment: Assessment, actor: Any, at: dt.datetime
) -> RiskFlagChange | None:
    if assessment.implied_level == "none":
        return None
    _lock_flag(client)
    current = current_risk_level(client)
    new = automatic_level(current, assessment.implied_level)
    if new is None:
        return None
    change = RiskFlagChange.objects.create(
        client=client,
        level=new,
        previous_level=current,
        source=FlagSource.SAFET if assessment.instrument == "safet" else FlagSource.ASSESSMENT,
        assessment=assessment,
        set_by=actor,
        set_at=max(at, timezone.now()),
    )
    audit.record(
        actor=actor,
        action="risk_flag.raised",
        client=client,
        target=change,
        details={"assessment": assessment.pk, "automatic": True},
    )
    return change


@transaction.atomic
def set_risk_level(*, actor: Any, client: Any, level: str, reason: str = "") -> RiskFlagChange:
    """A clinician or supervisor sets the client's risk level; lowering it requires a reason."""
    if not getattr(actor, "is_clinical", False) or actor.organisation_id != client.organisation_id:
        raise NotAllowed("only clinicians and supervisors change the risk level")
    if level not in LEVEL_RANK:
        raise InvalidInput("must be none, low, moderate or high", field="level")
    reason = _clean_text(reason, "reason")
    _lock_flag(client)
    current = current_risk_level(client)
    problem = check_manual_change(current, level, reason)
    if problem:
        raise InvalidInput(problem, field="reason")
    change = RiskFlagChange.objects.create(
        client=client,
        level=level,
        previous_level=current,
        source=FlagSource.CLINICIAN,
        set_by=actor,
        set_at=timezone.now(),
        reason=reason,
    )
    audit.record(
        actor=actor,
        action="risk_flag.lowered" if change.lowered else "risk_flag.set",
        client=client,
        target=change,
        details={"automatic": False, "with_reason": bool(reason)},
    )
    consequences.after_flag_set(client=client, flag_change=change, actor=actor)
    return change


def _complete_request(request: AssessmentRequest, *, actor: Any, at: dt.datetime) -> None:
    request.completed_at = at
    request.save(update_fields=["completed_at"])
    if request.repeat_every_days:
        following = AssessmentRequest.objects.create(
            client_id=request.client_id,
            instrument=request.instrument,
            requested_by_id=request.requested_by_id,
            requested_at=at,
            # The client's calendar day, not the server's: at 00:30 UTC a Boston client is still on
            # the day before, and the next request is due `repeat_every_days` after that day.
            due_on=max(request.due_on, facts.date_of(request.client, at))
            + dt.timedelta(days=request.repeat_every_days),
            repeat_every_days=request.repeat_every_days,
            follows=request,
        )
        audit.record(
            actor=actor,
            action="assessment_request.scheduled",
            client_id=request.client_id,
            target=following,
            details={"instrument": request.instrument, "follows": request.pk},
        )


@transaction.atomic
def request_assessment(
    *,
    actor: Any,
    client: Any,
    instrument: str,
    due_on: dt.date | None = None,
    repeat_every_days: int | None = None,
) -> AssessmentRequest:
    """Ask the client to complete ``instrument`` in the portal, once or every ``repeat_every_days``."""
    if not getattr(actor, "is_clinical", False) or actor.organisation_id != client.organisation_id:
        raise NotAllowed("only clinicians and supervisors request assessments")
    if instrument not in SELF_REPORT:
        raise InvalidInput(
            f"clients can complete {', '.join(SELF_REPORT)}; {instrument!r} is not one of them",
            field="instrument",
        )
    if (
        instrument == "cssrs_screener"
        and official_text(client.organisation, instrument, "en") is None
    ):
        raise InvalidInput(
            "the C-SSRS wording is not shipped; an admin must load your organisation's official "
            "text before clients can be asked to complete it",
            field="instrument",
        )
    if instrument == "phqa":
        eligibility.check_phqa(client)
    today = facts.today(client)
    due_on = due_on or today
    if due_on < today:
        raise InvalidInput("cannot be in the past", field="due_on")
    if due_on > today + dt.timedelta(days=MAX_REPEAT_DAYS):
        raise InvalidInput("must be within a year", field="due_on")
    if repeat_every_days is not None and not 1 <= repeat_every_days <= MAX_REPEAT_DAYS:
        raise InvalidInput(f"must be from 1 to {MAX_REPEAT_DAYS} days", field="repeat_every_days")
    open_same = AssessmentRequest.objects.filter(
        client=client, instrument=instrument, completed_at__isnull=True, cancelled_at__isnull=True
    )
    if open_same.exists():
        raise Conflict("an open request for this instrument already exists", field="instrument")
    created = AssessmentRequest.objects.create(
        client=client,
        instrument=instrument,
        requested_by=actor,
        due_on=due_on,
        repeat_every_days=repeat_every_days,
    )
    audit.record(
        actor=actor,
        action="assessment_request.created",
        client=client,
        target=created,
        details={"instrument": instrument, "repeat_every_days": repeat_every_days},
    )
    return created


@transaction.atomic
def cancel_request(*, actor: Any, request: AssessmentRequest) -> AssessmentRequest:
    if not getattr(actor, "is_clinical", False):
        raise NotAllowed("only clinicians and supervisors cancel requests")
    request = AssessmentRequest.objects.select_for_update().get(pk=request.pk)
    if not request.is_open:
        raise Conflict("this request was already completed or cancelled")
    request.cancelled_at = timezone.now()
    request.cancelled_by = actor
    request.save(update_fields=["cancelled_at", "cancelled_by"])
    audit.record(
        actor=actor,
        action="assessment_request.cancelled",
        client_id=request.client_id,
        target=request,
        details={"instrument": request.instrument},
    )
    return request


@transaction.atomic
def load_instrument_text(
    *,
    actor: Any,
    instrument: str,
    language: str,
    version: str,
    items: Any,
    copyright_notice: str,
) -> InstrumentText:
    """An admin loads the official wording of an instrument (or an official translation) for their
    organisation. Every item must be given; the copyright notice is required for the C-SSRS (§3.3)."""
    if getattr(actor, "role", "") != "admin" or actor.organisation_id is None:
        raise NotAllowed("only clinic admins load official instrument text")
    keys = text_keys(instrument)
    if keys is None:
        raise InvalidInput(f"unknown instrument {instrument!r}", field="instrument")
    if language not in ("en", "es"):
        raise InvalidInput("must be en or es", field="language")
    version = _clean_text(version, "version", required=True)
    if len(version) > 80 or "\n" in version:
        raise InvalidInput("must be one line of at most 80 characters", field="version")
    notice = _clean_text(copyright_notice, "copyright_notice")
    if instrument == "cssrs_screener" and not notice:
        raise InvalidInput(
            "the C-SSRS copyright notice must be kept with its wording", field="copyright_notice"
        )
    if not isinstance(items, dict):
        raise InvalidInput("must be an object of item → wording", field="items")
    for key in items:
        if key not in keys:
            raise InvalidInput(f"{key} is not an item of this instrument", field=f"items.{key}")
    cleaned = {}
    for key in keys:
        cleaned[key] = _clean_text(items.get(key), f"items.{key}", required=True)
    created = InstrumentText.objects.create(
        organisation_id=actor.organisation_id,
        instrument=instrument,
        language=language,
        version=version,
        items=cleaned,
        copyright_notice=notice,
        loaded_by=actor,
    )
    audit.record(
        actor=actor,
        action="instrument_text.loaded",
        target=created,
        details={"instrument": instrument, "language": language},
    )
    return created
