"""Clinical pathways as data: for each screener result, the next actions in order (issue 11).

A result is never a dead end (PRODUCT.md): the result page and the client page show these actions as
buttons, and what was done or declined (with a reason) is recorded (``PathwayAction``). Pure: no Django.

Sources, each cited where it is used below:

- **NIMH ASQ pathway** (clinical-rules.md §4.2: NIMH "Suicide Risk Screening Pathway" chart description and
  the adult "Brief Suicide Safety Assessment" guide). Acute positive (yes to q5): "STAT safety / full
  mental-health evaluation; patient cannot be left alone; remove dangerous items; alert responsible
  clinician", in telemental health: do not end the call, activate the emergency plan (§1.3). Non-acute
  positive (yes to any of q1–q4, no to q5, or refused): a Brief Suicide Safety Assessment (BSSA) by a
  trained clinician to decide whether a full evaluation is needed. Any positive: give the crisis resources
  (the NIMH "Patient Resource List"). The BSSA's disposition is the next tier: emergency evaluation
  (cannot be left alone), further evaluation, or resources and follow-up.
- **Columbia C-SSRS screener triage** (§3.2): high (item 4 or 5 past month, or behaviour within 3 months):
  "immediate safety precautions, do not leave alone (in TMH: keep connection, activate emergency plan),
  same-day MH evaluation"; moderate: behavioural-health evaluation, safety plan; low: crisis resources,
  referral, consider a safety plan.
- **SAMHSA SAFE-T** (§6): the five-step formulation after a positive screen decides the risk level and the
  intervention; PHQ-9 item 9 > 0 triggers a suicide-risk assessment whatever the total (§5.1, SPiER
  ``phq9.fsh``), and item 9 is not itself the suicide screen (§5.1 caveat), so the screen is run now; the
  same for the PHQ-A's item 9 and its suicide items (``suicide_screen_prompted``).
- **Portal**: a positive screen completed by the client in the portal alerts the care team and shows the
  client their crisis resources at once (§4.2 "any positive", §12 consequences; ``risk.consequences``).

An ``Action`` either links somewhere (``target``: another instrument, crisis mode with its type, the
emergency card) or is an instruction the clinician records as done or declined; ``automatic`` actions were
done by Safeplan itself when the result was saved (the alert, the client's crisis resources) and are shown
as done.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

ASQ_SOURCE = "NIMH ASQ Suicide Risk Screening Pathway (clinical-rules.md §4.2)"
BSSA_SOURCE = "NIMH Adult Brief Suicide Safety Assessment guide (clinical-rules.md §4.2)"
CSSRS_SOURCE = "Columbia C-SSRS screener triage (clinical-rules.md §3.2)"
SAFET_SOURCE = "SAMHSA SAFE-T pocket card (clinical-rules.md §6)"
PHQ9_SOURCE = "PHQ-9 item 9 (clinical-rules.md §5.1; Simon et al. 2013)"
TMH_SOURCE = "Telemental health crisis practice: PRiSMM, Zur Institute (clinical-rules.md §1.3)"

# Kinds of action: where its button goes, or what recording it means.
LINK_ASSESSMENT = "assessment"  # target: the instrument to run now
LINK_CRISIS = "crisis"  # target: the crisis type to preselect
LINK_CARD = "card"  # the session's (or the client's) emergency card
INSTRUCTION = "instruction"  # something the clinician does and records
AUTOMATIC = "automatic"  # done by Safeplan when the result was saved

URGENCIES = ("stop", "now", "today")


@dataclass(frozen=True)
class Action:
    """One next action. ``code`` is stable and recorded; ``title`` is the button; ``do`` says what to do."""

    code: str
    title: str
    do: str
    kind: str
    source: str
    target: str = ""


@dataclass(frozen=True)
class Pathway:
    """The ordered next actions for one result. ``urgency``: ``stop`` (drop everything, do not end the
    contact), ``now`` (in this session), ``today``."""

    code: str
    title: str
    urgency: str
    summary: str
    actions: tuple[Action, ...]
    source: str
    notes: tuple[str, ...] = field(default=())

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(a.code for a in self.actions)

    def action(self, code: str) -> Action | None:
        return next((a for a in self.actions if a.code == code), None)


KEEP_ON_LINE = Action(
    "keep_on_line",
    "Keep the client on the line and in view",
    "Do not end the call or let the client leave the camera's view. Make every other call from a second "
    "device so the link with the client is never dropped.",
    INSTRUCTION,
    f"{ASQ_SOURCE}: the patient cannot be left alone; {TMH_SOURCE}: stay on the line",
)
STAT_EVALUATION = Action(
    "stat_evaluation",
    "STAT safety evaluation",
    "Evaluate safety now, in this contact: ideation, plan, intent, access to lethal means, and whether the "
    "risk can be managed remotely. Alert the responsible clinician or supervisor.",
    INSTRUCTION,
    f"{ASQ_SOURCE}: STAT safety / full mental-health evaluation",
)
EMERGENCY_CARD = Action(
    "emergency_card",
    "Emergency card",
    "The numbers that reach help where the client is: the 911 centre's 10-digit line, mobile crisis, the "
    "nearest emergency department and the client's support persons.",
    LINK_CARD,
    "clinical-rules.md §1.1 item 2, §10.5 (client-local numbers, never your own 911)",
)
CRISIS_RESOURCES = Action(
    "crisis_resources",
    "Give the crisis resources",
    "Make sure the client has their crisis line and emergency number, and knows where their safety plan "
    "is.",
    INSTRUCTION,
    f"{ASQ_SOURCE}: any positive screen, give the Patient Resource List",
)
SAFET = Action(
    "safet",
    "SAFE-T formulation",
    "Risk and protective factors, suicide inquiry, risk level and intervention, documentation.",
    LINK_ASSESSMENT,
    SAFET_SOURCE,
    target="safet",
)
SAFETY_PLAN = Action(
    "safety_plan",
    "Review the safety plan with the client",
    "Go through the plan together and update it: warning signs, coping, people, professionals and crisis "
    "lines, making the environment safer.",
    INSTRUCTION,
    f"{CSSRS_SOURCE}: safety plan; clinical-rules.md §2",
)
CLINICIAN_ALERTED = Action(
    "clinician_alerted",
    "Care team alerted",
    "The care team was alerted in Safeplan when the client sent the screen.",
    AUTOMATIC,
    "clinical-rules.md §4.2, §12 (positive portal screen: the clinician is alerted)",
)
CLIENT_SAW_RESOURCES = Action(
    "client_saw_resources",
    "Client shown crisis resources",
    "The client saw their crisis lines and emergency number at once, on the page after the screen.",
    AUTOMATIC,
    f"{ASQ_SOURCE}: any positive, give the resource list",
)
CONTACT_CLIENT = Action(
    "contact_client",
    "Contact the client now",
    "Call or message the client to check on their safety and continue the pathway below with them.",
    INSTRUCTION,
    "clinical-rules.md §12 (positive portal screen: the clinician follows up)",
)


def _crisis(source: str) -> Action:
    return Action(
        "open_crisis",
        "Open crisis mode",
        "Guided steps with the client-local numbers on screen; every action is time-stamped.",
        LINK_CRISIS,
        source,
        target="suicidal_ideation",
    )


def _bssa_or_safet(available: frozenset[str]) -> tuple[Action, ...]:
    """The BSSA when this installation has it (the ASQ's second tier), then SAFE-T (§4.2: ASQ → BSSA →
    full evaluation)."""
    if "bssa" in available:
        bssa = Action(
            "bssa",
            "Brief Suicide Safety Assessment",
            "About ten minutes, by a trained clinician: decides whether a full mental-health evaluation "
            "is needed.",
            LINK_ASSESSMENT,
            BSSA_SOURCE,
            target="bssa",
        )
        return (bssa, SAFET)
    return (SAFET,)


def _screen_now(available: frozenset[str]) -> tuple[Action, ...]:
    actions = [
        Action(
            "suicide_screen",
            "Run the ASQ now",
            "Ask the four ASQ questions (and the acuity question) in this session.",
            LINK_ASSESSMENT,
            f"{PHQ9_SOURCE}: a suicide-risk screen now, whatever the total",
            target="asq",
        )
    ]
    if "cssrs_screener" in available:
        actions.append(
            Action(
                "suicide_screen_cssrs",
                "Or the C-SSRS screener",
                "The Columbia screener by item number, with its triage levels.",
                LINK_ASSESSMENT,
                f"{PHQ9_SOURCE}; {CSSRS_SOURCE}",
                target="cssrs_screener",
            )
        )
    return tuple(actions)


def _asq(code: str, available: frozenset[str]) -> Pathway | None:
    if code == "acute_positive":
        return Pathway(
            code="asq_acute_positive",
            title="Stop: imminent risk",
            urgency="stop",
            summary="The client answered yes to thoughts of killing themselves right now. Do not end "
            "the contact: the client may not be left alone.",
            actions=(
                KEEP_ON_LINE,
                STAT_EVALUATION,
                _crisis(f"{ASQ_SOURCE}: activate the emergency plan (§1.3)"),
                EMERGENCY_CARD,
            ),
            source=ASQ_SOURCE,
        )
    if code == "non_acute_positive":
        return Pathway(
            code="asq_non_acute_positive",
            title="Positive screen: assess safety in this session",
            urgency="now",
            summary="A positive ASQ without current thoughts: a brief safety assessment decides whether "
            "a full mental-health evaluation is needed. The client is not discharged until it is done.",
            actions=(*_bssa_or_safet(available), CRISIS_RESOURCES, SAFETY_PLAN),
            source=ASQ_SOURCE,
        )
    return None


def _cssrs(code: str) -> Pathway | None:
    if code == "high":
        return Pathway(
            code="cssrs_high",
            title="Stop: high risk",
            urgency="stop",
            summary="Recent intent, a plan with intent, or suicidal behaviour in the past three months: "
            "immediate safety precautions; do not leave the client alone.",
            actions=(
                KEEP_ON_LINE,
                _crisis(
                    f"{CSSRS_SOURCE}: immediate safety precautions, activate the emergency plan"
                ),
                EMERGENCY_CARD,
                SAFET,
            ),
            source=CSSRS_SOURCE,
        )
    if code == "moderate":
        return Pathway(
            code="cssrs_moderate",
            title="Moderate risk: evaluate and plan",
            urgency="now",
            summary="A method without intent, or behaviour more than three months ago: a behavioural-"
            "health evaluation and the safety plan.",
            actions=(SAFET, SAFETY_PLAN, CRISIS_RESOURCES),
            source=CSSRS_SOURCE,
        )
    if code == "low":
        return Pathway(
            code="cssrs_low",
            title="Low risk: resources and follow-up",
            urgency="today",
            summary="Wish to be dead or non-specific thoughts only: crisis resources, follow-up and a "
            "safety plan to consider.",
            actions=(CRISIS_RESOURCES, SAFETY_PLAN),
            source=CSSRS_SOURCE,
        )
    return None


def _phq9(instrument: str, flags: Iterable[str], available: frozenset[str]) -> Pathway | None:
    found = set(flags)
    if not found & {"item9_positive", "suicide_screen_prompted"}:
        return None
    adolescent = instrument == "phqa"
    return Pathway(
        code="phqa_suicide_items" if adolescent else "phq9_item9",
        title="A suicide item is positive: screen for suicide risk now"
        if adolescent
        else "Item 9 above 0: screen for suicide risk now",
        urgency="now",
        summary="Thoughts of being better off dead or of self-harm, whatever the total. PHQ-9 item 9 is "
        "not a suicide screen: run one now, in this session.",
        actions=_screen_now(available),
        source=PHQ9_SOURCE,
    )


def _bssa(code: str) -> Pathway | None:
    """The BSSA's disposition decides the next tier (§4.2: ASQ → BSSA → full evaluation)."""
    if code == "emergency_evaluation":
        return Pathway(
            code="bssa_emergency",
            title="Stop: emergency mental-health evaluation",
            urgency="stop",
            summary="The assessment found imminent risk: an urgent (STAT) evaluation; the client cannot "
            "be left alone.",
            actions=(
                KEEP_ON_LINE,
                _crisis(f"{BSSA_SOURCE}: urgent/STAT mental-health evaluation"),
                EMERGENCY_CARD,
            ),
            source=BSSA_SOURCE,
        )
    if code == "further_evaluation":
        return Pathway(
            code="bssa_further_evaluation",
            title="Full mental-health evaluation needed",
            urgency="now",
            summary="A full evaluation (referral preferably within 72 hours), a safety plan and the crisis "
            "resources.",
            actions=(SAFET, SAFETY_PLAN, CRISIS_RESOURCES),
            source=BSSA_SOURCE,
        )
    if code in ("non_urgent_follow_up", "no_further_intervention"):
        return Pathway(
            code=f"bssa_{code}",
            title="Resources and follow-up",
            urgency="today",
            summary="Any positive screen: the client leaves with their crisis resources; a referral for "
            "follow-up where the assessment found one is needed.",
            actions=(CRISIS_RESOURCES, SAFETY_PLAN),
            source=BSSA_SOURCE,
        )
    return None


def _safet(code: str) -> Pathway | None:
    if code == "high":
        return Pathway(
            code="safet_high",
            title="High risk: suicide precautions",
            urgency="stop",
            summary="Admission is generally indicated unless a significant change reduces the risk.",
            actions=(
                KEEP_ON_LINE,
                _crisis(f"{SAFET_SOURCE}: suicide precautions"),
                EMERGENCY_CARD,
            ),
            source=SAFET_SOURCE,
        )
    if code == "moderate":
        return Pathway(
            code="safet_moderate",
            title="Moderate risk: crisis plan",
            urgency="today",
            summary="Admission may be necessary depending on risk factors; develop a crisis plan and give "
            "the emergency and crisis numbers.",
            actions=(SAFETY_PLAN, CRISIS_RESOURCES),
            source=SAFET_SOURCE,
        )
    return None


def pathway_for(
    instrument: str,
    code: str,
    *,
    flags: Iterable[str] = (),
    positive: bool = False,
    channel: str = "clinician",
    available: Iterable[str] = (),
) -> Pathway | None:
    """The pathway for one result, or ``None`` when the result needs no next step (a negative screen;
    clinical judgement can always act on it all the same, §4.2).

    ``available``: the instruments this installation can run (the BSSA is offered once it exists, SAFE-T
    otherwise). ``channel`` "portal": the client completed it in the portal; the care-team alert and the
    client's crisis resources come first (done by Safeplan), then "contact the client" and the
    instrument's own pathway.
    """
    have = frozenset(available)
    found: Pathway | None = None
    if instrument == "asq":
        found = _asq(code, have)
    elif instrument == "cssrs_screener":
        found = _cssrs(code)
    elif instrument in ("phq9", "phqa"):
        found = _phq9(instrument, flags, have)
    elif instrument == "bssa":
        found = _bssa(code)
    elif instrument == "safet":
        found = _safet(code)
    if channel != "portal" or not positive:
        return found
    rest = found.actions if found else (CRISIS_RESOURCES,)
    return Pathway(
        code=f"portal_{found.code}" if found else "portal_positive",
        title=found.title if found else "Positive screen in the portal",
        urgency=found.urgency if found else "today",
        summary=(found.summary + " " if found else "")
        + "The client completed this in the portal: contact them now.",
        actions=(CLINICIAN_ALERTED, CLIENT_SAW_RESOURCES, CONTACT_CLIENT, *rest),
        source=found.source if found else "clinical-rules.md §4.2, §12",
    )


# Every action code any pathway can produce (recorded actions are checked against it).
ALL_ACTIONS: frozenset[str] = frozenset(
    {
        "keep_on_line",
        "stat_evaluation",
        "open_crisis",
        "emergency_card",
        "crisis_resources",
        "safet",
        "bssa",
        "safety_plan",
        "suicide_screen",
        "suicide_screen_cssrs",
        "clinician_alerted",
        "client_saw_resources",
        "contact_client",
    }
)
