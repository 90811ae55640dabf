"""Demo assessments: several months of PHQ-9, GAD-7, ASQ and C-SSRS results, one SAFE-T per client, the
risk flag's history (raised by results, lowered by the clinician with a reason), and a pending PHQ-9
request for the portal client (Alex Rivera). Idempotent: history is written once per client; the pending
request is re-opened when it was answered. All people and answers are fictional.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.clients import facts
from safeplan.risk import eligibility
from safeplan.risk.models import Assessment, AssessmentRequest, FlagSource, RiskFlagChange
from safeplan.risk.rules import score
from safeplan.risk.rules.bssa import normalise_bssa, score_bssa
from safeplan.risk.rules.flag import automatic_level
from safeplan.risk.rules.safet import normalise_safet

NO_INQUIRY = {p: {"present": False} for p in ("ideation", "plan", "behaviours", "intent")}


def phq(total: int, item9: int = 0, items: int = 9) -> dict[str, int]:
    """Answers summing to ``total`` (item 9 fixed for the PHQ-9), spread evenly over the other items."""
    last = item9 if items == 9 else None
    free = items - 1 if last is not None else items
    left = total - (last or 0)
    values = [left // free + (1 if i < left % free else 0) for i in range(free)]
    answers = {f"item{i}": v for i, v in enumerate(values, 1)}
    if last is not None:
        answers["item9"] = last
    return answers


def gad(total: int) -> dict[str, int]:
    return phq(total, items=7)


def asq(*yes: str, q5: bool = False) -> dict[str, str]:
    answers = {k: ("yes" if k in yes else "no") for k in ("q1", "q2", "q3", "q4")}
    if yes:
        answers["q5"] = "yes" if q5 else "no"
    return answers


def cssrs(*yes: str, recent: bool = False) -> dict[str, str]:
    answers = {k: ("yes" if k in yes else "no") for k in ("1", "2", "6")}
    if "2" in yes:
        answers |= {k: ("yes" if k in yes else "no") for k in ("3", "4", "5")}
    if "6" in yes:
        answers["6_recent"] = "yes" if recent else "no"
    return answers


def safet(level: str, risk: list[str], protective: list[str], **text: Any) -> dict[str, Any]:
    inquiry = {**NO_INQUIRY, **text.pop("inquiry", {})}
    return {
        "risk_factors": risk,
        "protective_factors": protective,
        "inquiry": inquiry,
        "level": level,
        **text,
    }


# (days ago, instrument, answers) or (days ago, "lower", (level, reason)) / ("set", (level, reason)).
HISTORIES: list[list[tuple[int, str, Any]]] = [
    # Alex Rivera: depression improving over six months; flag lowered to none a month ago.
    [
        (170, "phq9", phq(19, item9=1)),
        (170, "gad7", gad(14)),
        (169, "asq", asq("q1")),
        (169, "cssrs_screener", cssrs("1", "2")),
        (
            168,
            "safet",
            safet(
                "moderate",
                ["hopelessness", "insomnia", "precipitants"],
                ["social_supports", "therapeutic_relationship"],
                inquiry={
                    "ideation": {
                        "present": True,
                        "notes": "Passive thoughts most days after job loss.",
                    }
                },
                rationale="Ideation without plan or intent after a recent job loss; strong supports.",
                intervention="Safety plan written together; weekly sessions; sleep routine.",
                follow_up="Weekly video sessions; PHQ-9 every two weeks.",
            ),
        ),
        (140, "phq9", phq(16, item9=1)),
        (140, "gad7", gad(13)),
        (112, "phq9", phq(13)),
        (112, "gad7", gad(11)),
        (84, "phq9", phq(11)),
        (84, "gad7", gad(9)),
        (84, "cssrs_screener", cssrs()),
        (80, "lower", ("low", "No ideation for four weeks; C-SSRS negative; plan reviewed.")),
        (56, "phq9", phq(8)),
        (56, "gad7", gad(7)),
        (28, "phq9", phq(6)),
        (28, "gad7", gad(6)),
        (28, "cssrs_screener", cssrs()),
        (27, "lower", ("none", "No ideation for eight weeks; C-SSRS negative twice; plan kept.")),
    ],
    # Zoë: anxiety foremost, mild low mood.
    [
        (150, "gad7", gad(17)),
        (150, "phq9", phq(8)),
        (149, "asq", asq()),
        (149, "cssrs_screener", cssrs()),
        (
            148,
            "safet",
            safet(
                "low",
                ["anxiety_panic", "insomnia"],
                ["coping_skills", "social_supports", "responsibility_family_pets"],
                rationale="No ideation; anxiety with panic; good supports.",
                intervention="CBT for panic; grounding skills in the plan.",
                follow_up="Fortnightly sessions; GAD-7 monthly.",
            ),
        ),
        (120, "gad7", gad(15)),
        (90, "gad7", gad(12)),
        (90, "phq9", phq(6)),
        (60, "gad7", gad(10)),
        (30, "gad7", gad(8)),
        (30, "phq9", phq(4)),
    ],
    # Thu: recent deterioration, acute positive ASQ ten days ago; firearm at home.
    [
        (120, "phq9", phq(9)),
        (120, "gad7", gad(8)),
        (119, "asq", asq()),
        (119, "cssrs_screener", cssrs()),
        (60, "phq9", phq(14, item9=1)),
        (60, "gad7", gad(11)),
        (59, "cssrs_screener", cssrs("1", "2")),
        (30, "phq9", phq(18, item9=2)),
        (30, "gad7", gad(12)),
        (10, "asq", asq("q1", "q3", q5=True)),
        (10, "cssrs_screener", cssrs("1", "2", "3", "4")),
        (
            10,
            "safet",
            safet(
                "high",
                ["hopelessness", "insomnia", "precipitants", "access_to_firearms"],
                ["responsibility_family_pets"],
                inquiry={
                    "ideation": {"present": True, "notes": "Daily, intense."},
                    "plan": {"present": False, "notes": "Has thought of the handgun; no plan."},
                    "intent": {"present": True, "notes": "Some intent."},
                },
                rationale="Active ideation with some intent, access to a firearm, recent separation.",
                intervention="Same-day evaluation arranged; partner to hold the handgun; crisis lines given.",
                follow_up="Daily contact until seen; review in 48 hours.",
                firearms_instructions="Partner agreed to store the handgun off-site until review.",
            ),
        ),
        (8, "phq9", phq(20, item9=2)),
    ],
    # Mateo: mild symptoms, stable.
    [
        (140, "phq9", phq(7)),
        (140, "gad7", gad(6)),
        (139, "asq", asq()),
        (139, "cssrs_screener", cssrs()),
        (
            138,
            "safet",
            safet(
                "low",
                ["precipitants"],
                ["religious_beliefs", "social_supports", "coping_skills"],
                rationale="No ideation; stress from studies; strong family support.",
                intervention="Problem-solving sessions; plan in place.",
                follow_up="Monthly sessions.",
            ),
        ),
        (100, "phq9", phq(6)),
        (60, "phq9", phq(5)),
        (60, "gad7", gad(5)),
        (20, "phq9", phq(4)),
        (20, "gad7", gad(4)),
    ],
    # Jordan (14): an attempt over a year ago, medications at home.
    [
        (130, "asq", asq("q4")),
        (130, "phq9", phq(12)),
        (130, "gad7", gad(10)),
        (129, "cssrs_screener", cssrs("6", recent=False)),
        (
            129,
            "safet",
            safet(
                "moderate",
                ["suicidal_behaviour", "impulsivity", "access_to_lethal_medications"],
                ["responsibility_family_pets", "social_supports"],
                inquiry={
                    "behaviours": {"present": True, "notes": "Overdose attempt over a year ago."}
                },
                rationale="Past attempt, impulsivity; no current ideation; engaged parent.",
                intervention="Parent to lock medications; family sessions.",
                follow_up="Weekly sessions; C-SSRS monthly.",
                guardian_role="Parent holds and locks all medications; attends every third session.",
            ),
        ),
        (90, "phq9", phq(10)),
        (60, "phq9", phq(9)),
        (60, "gad7", gad(8)),
        (30, "phq9", phq(8)),
        (29, "cssrs_screener", cssrs("6", recent=False)),
    ],
    # Priya (UK): fleeting passive thoughts, low risk.
    [
        (160, "phq9", phq(11, item9=1)),
        (160, "gad7", gad(9)),
        (159, "asq", asq()),
        (159, "cssrs_screener", cssrs("1")),
        (
            158,
            "safet",
            safet(
                "low",
                ["psychiatric_disorder"],
                ["coping_skills", "therapeutic_relationship", "social_supports"],
                inquiry={"ideation": {"present": True, "notes": "Fleeting passive thoughts."}},
                rationale="Passive ideation only, no plan or intent; good coping.",
                intervention="Behavioural activation; Samaritans and 111 in the plan.",
                follow_up="Fortnightly sessions.",
            ),
        ),
        (120, "phq9", phq(9)),
        (80, "phq9", phq(7)),
        (80, "gad7", gad(6)),
        (40, "phq9", phq(6)),
        (40, "gad7", gad(5)),
    ],
]


def _write_history(client: Any, history: list[tuple[int, str, Any]], actor: Any) -> int:
    now = timezone.now().replace(second=0, microsecond=0)
    level = "none"
    for index, (days, kind, data) in enumerate(sorted(history, key=lambda h: -h[0])):
        at = now - dt.timedelta(days=days) + dt.timedelta(minutes=index)
        if kind in ("lower", "set"):
            new, reason = data
            change = RiskFlagChange.objects.create(
                client=client,
                level=new,
                previous_level=level,
                source=FlagSource.CLINICIAN,
                set_by=actor,
                set_at=at,
                reason=reason,
            )
            audit.record(actor=actor, action="risk_flag.lowered", client=client, target=change)
            level = new
            continue
        result = score(kind, data)
        answers = normalise_safet(data) if kind == "safet" else data
        assessment = Assessment.objects.create(
            client=client,
            instrument=kind,
            version=result.version,
            answers=answers,
            code=result.code,
            total=result.total,
            implied_level=result.level,
            prompts_suicide_screen="suicide_screen_prompted" in result.flags,
            positive=result.positive,
            flags=list(result.flags),
            explanation=list(result.explanation),
            channel="clinician",
            administered_by=actor,
            completed_at=at,
        )
        audit.record(
            actor=actor,
            action="assessment.recorded",
            client=client,
            target=assessment,
            details={"instrument": kind, "channel": "clinician", "demo": True},
        )
        raised = automatic_level(level, result.level)
        if raised is not None:
            RiskFlagChange.objects.create(
                client=client,
                level=raised,
                previous_level=level,
                source=FlagSource.SAFET if kind == "safet" else FlagSource.ASSESSMENT,
                assessment=assessment,
                set_by=actor,
                set_at=at,
            )
            level = raised
    return len(history)


# The BSSA that followed each non-acute positive ASQ (NIMH pathway ASQ → BSSA, §4.2), by the ASQ's key.
BSSA_AFTER_ASQ: dict[str, dict[str, Any]] = {
    "q1": {
        "thoughts_past_weeks": "yes",
        "thoughts_how_often": "Most days, briefly, since the job loss.",
        "thoughts_last_time": "Two days ago.",
        "thoughts_now": "no",
        "plan": "no",
        "attempt_ever": "no",
        "symptoms": ["depression", "hopelessness", "sleep"],
        "trusted_person": "Sister; has seen a counsellor before.",
        "reasons_for_living": "Sister and nephew; the dog.",
        "safety_plan_made": "yes",
        "needs_help_to_be_safe": "no",
        "disposition": "further_evaluation",
    },
    "q4": {
        "thoughts_past_weeks": "no",
        "thoughts_now": "no",
        "plan": "no",
        "attempt_ever": "yes",
        "attempt_details": "Took tablets from the bathroom cabinet over a year ago; treated in the ED.",
        "symptoms": ["impulsivity", "irritability"],
        "conflict_at_home": "yes",
        "trusted_person": "Mother; school counsellor.",
        "safety_plan_made": "yes",
        "needs_help_to_be_safe": "no",
        "disposition": "further_evaluation",
    },
}


def _seed_bssa(client: Any, actor: Any) -> bool:
    """A BSSA ten minutes after the client's first non-acute positive ASQ, once (fictional answers)."""
    if Assessment.objects.filter(client=client, instrument="bssa").exists():
        return False
    for asq_row in Assessment.objects.filter(
        client=client, instrument="asq", code="non_acute_positive"
    ).order_by("completed_at", "id"):
        key = next((k for k in ("q1", "q4") if asq_row.answers.get(k) == "yes"), None)
        if key is None:
            continue
        answers = BSSA_AFTER_ASQ[key]
        variant = "youth" if eligibility.is_minor(client) else "adult"
        result = score_bssa(answers, variant=variant)
        created = Assessment.objects.create(
            client=client,
            instrument="bssa",
            version=result.version,
            answers=normalise_bssa(answers),
            code=result.code,
            implied_level=result.level,
            positive=result.positive,
            flags=list(result.flags),
            explanation=list(result.explanation),
            channel="clinician",
            administered_by=actor,
            follows=asq_row,
            completed_at=asq_row.completed_at + dt.timedelta(minutes=10),
        )
        audit.record(
            actor=actor,
            action="assessment.recorded",
            client=client,
            target=created,
            details={"instrument": "bssa", "channel": "clinician", "demo": True},
        )
        return True
    return False


# Minors in the demo answer the PHQ-A rather than the PHQ-9 (written once per minor).
PHQA_DEMO = {f"item{i}": v for i, v in enumerate([2, 1, 1, 1, 1, 1, 1, 0, 0], 1)} | {
    "serious_thoughts_past_month": "no",
    "attempt_ever": "yes",
    "past_year": "yes",
    "difficulty": "somewhat_difficult",
}


def _seed_phqa(client: Any, actor: Any) -> bool:
    if not eligibility.is_minor(client):
        return False
    if Assessment.objects.filter(client=client, instrument="phqa").exists():
        return False
    result = score("phqa", PHQA_DEMO)
    created = Assessment.objects.create(
        client=client,
        instrument="phqa",
        version=result.version,
        answers=PHQA_DEMO,
        code=result.code,
        total=result.total,
        implied_level=result.level,
        prompts_suicide_screen="suicide_screen_prompted" in result.flags,
        positive=result.positive,
        flags=list(result.flags),
        explanation=list(result.explanation),
        channel="clinician",
        administered_by=actor,
        completed_at=timezone.now().replace(second=0, microsecond=0) - dt.timedelta(days=14),
    )
    audit.record(
        actor=actor,
        action="assessment.recorded",
        client=client,
        target=created,
        details={"instrument": "phqa", "channel": "clinician", "demo": True},
    )
    return True


def seed(ctx: Any) -> None:
    actor = ctx.clinician
    for client, history in zip(ctx.clients, HISTORIES, strict=False):
        if not Assessment.objects.filter(client=client).exists():
            count = _write_history(client, history, actor)
            ctx.log.append(f"risk: {count} assessments and flag changes for {client.record_number}")
        if _seed_bssa(client, actor):
            ctx.log.append(f"risk: a BSSA after the non-acute ASQ of {client.record_number}")
        if _seed_phqa(client, actor):
            ctx.log.append(f"risk: a PHQ-A for {client.record_number} (a minor)")
    client = ctx.portal_client
    open_phq = AssessmentRequest.objects.filter(
        client=client, instrument="phq9", completed_at__isnull=True, cancelled_at__isnull=True
    )
    if not open_phq.exists():
        AssessmentRequest.objects.create(
            client=client,
            instrument="phq9",
            requested_by=actor,
            due_on=facts.today(client),
            repeat_every_days=14,
        )
        ctx.log.append(f"risk: PHQ-9 requested from {client.record_number} in the portal")
