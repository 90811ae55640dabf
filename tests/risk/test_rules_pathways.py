"""Pure tests of the clinical pathways (safeplan.risk.rules.pathways): each result's next actions, in order,
scored through the real instruments so that the pathway follows what the scoring says."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from safeplan.risk.rules import pathways, score
from safeplan.risk.rules.pathways import pathway_for

ALL = ("asq", "phq9", "gad7", "cssrs_screener", "safet", "phqa")


def _for(instrument: str, answers: dict[str, object], **kw: object) -> pathways.Pathway | None:
    result = score(instrument, answers)
    return pathway_for(
        instrument,
        result.code,
        flags=result.flags,
        positive=result.positive,
        available=kw.pop("available", ALL),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


ACUTE = {"q1": "yes", "q2": "no", "q3": "yes", "q4": "no", "q5": "yes"}
NON_ACUTE = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}
NEGATIVE = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}


def test_asq_acute_positive_stops_everything() -> None:
    p = _for("asq", ACUTE)
    assert p is not None
    assert p.code == "asq_acute_positive"
    assert p.urgency == "stop"
    assert p.codes == ("keep_on_line", "stat_evaluation", "open_crisis", "emergency_card")
    crisis = p.action("open_crisis")
    assert crisis is not None and crisis.kind == pathways.LINK_CRISIS
    assert crisis.target == "suicidal_ideation"  # the crisis type preselected
    card = p.action("emergency_card")
    assert card is not None and card.kind == pathways.LINK_CARD
    assert "may not be left alone" in p.summary
    assert "NIMH" in p.source


def test_asq_non_acute_positive_goes_to_safet_until_the_bssa_exists() -> None:
    p = _for("asq", NON_ACUTE)
    assert p is not None and p.code == "asq_non_acute_positive" and p.urgency == "now"
    assert p.codes == ("safet", "crisis_resources", "safety_plan")
    with_bssa = _for("asq", NON_ACUTE, available=(*ALL, "bssa"))
    assert with_bssa is not None
    assert with_bssa.codes == ("bssa", "safet", "crisis_resources", "safety_plan")
    bssa = with_bssa.action("bssa")
    assert bssa is not None and bssa.target == "bssa" and "Brief Suicide Safety" in bssa.title


def test_asq_refusal_is_non_acute_positive_pathway() -> None:
    refused = {"q1": "refused", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}
    p = _for("asq", refused)
    assert p is not None and p.code == "asq_non_acute_positive"
    # Everything refused, q5 included: counted as acute until a clinician asks q5 (riskcore rule).
    p = _for("asq", {"refused": True})
    assert p is not None and p.code == "asq_acute_positive"


def test_asq_negative_needs_no_pathway() -> None:
    assert _for("asq", NEGATIVE) is None


def test_phq9_item9_above_zero_prompts_a_suicide_screen_now() -> None:
    answers = {f"item{i}": 0 for i in range(1, 9)} | {"item9": 1}  # total 1: minimal, yet item 9
    p = _for("phq9", answers)
    assert p is not None and p.code == "phq9_item9" and p.urgency == "now"
    assert p.codes == ("suicide_screen", "suicide_screen_cssrs")
    first = p.actions[0]
    assert first.kind == pathways.LINK_ASSESSMENT and first.target == "asq"
    assert "in this session" in first.do


def test_phq9_item9_zero_has_no_pathway_even_when_severe() -> None:
    answers = {f"item{i}": 3 for i in range(1, 9)} | {"item9": 0}  # total 24, severe
    assert _for("phq9", answers) is None


def test_cssrs_high_goes_to_crisis_mode() -> None:
    answers = {"1": "yes", "2": "yes", "3": "yes", "4": "yes", "5": "no", "6": "no"}
    p = _for("cssrs_screener", answers)
    assert p is not None and p.code == "cssrs_high" and p.urgency == "stop"
    assert p.codes == ("keep_on_line", "open_crisis", "emergency_card", "safet")
    assert "Columbia" in p.source


def test_cssrs_moderate_and_low() -> None:
    moderate = {"1": "yes", "2": "yes", "3": "yes", "4": "no", "5": "no", "6": "no"}
    p = _for("cssrs_screener", moderate)
    assert p is not None and p.code == "cssrs_moderate"
    assert p.codes == ("safet", "safety_plan", "crisis_resources")
    low = {"1": "yes", "2": "no", "6": "no"}
    p = _for("cssrs_screener", low)
    assert p is not None and p.code == "cssrs_low"
    assert p.codes == ("crisis_resources", "safety_plan")
    assert _for("cssrs_screener", {"1": "no", "2": "no", "6": "no"}) is None


def test_positive_portal_screen_alerts_and_shows_resources_first() -> None:
    p = _for("asq", NON_ACUTE, channel="portal")
    assert p is not None and p.code == "portal_asq_non_acute_positive"
    assert p.codes[:3] == ("clinician_alerted", "client_saw_resources", "contact_client")
    assert p.codes[3:] == ("safet", "crisis_resources", "safety_plan")
    assert all(a.kind == pathways.AUTOMATIC for a in p.actions[:2])


def test_positive_portal_screen_without_a_pathway_of_its_own() -> None:
    # GAD-7 ≥ 10 is positive (further evaluation) but carries no suicide pathway.
    answers = {f"item{i}": 2 for i in range(1, 8)}
    p = _for("gad7", answers, channel="portal")
    assert p is not None and p.code == "portal_positive"
    assert p.codes == (
        "clinician_alerted",
        "client_saw_resources",
        "contact_client",
        "crisis_resources",
    )
    assert _for("gad7", answers) is None  # administered by the clinician: no suicide pathway


def test_negative_portal_screen_has_no_pathway() -> None:
    assert _for("asq", NEGATIVE, channel="portal") is None


def test_phqa_suicide_items_prompt_a_screen_now() -> None:
    p = pathway_for(
        "phqa", "mild", flags=("item9_positive", "suicide_screen_prompted"), available=ALL
    )
    assert p is not None and p.code == "phqa_suicide_items" and p.codes[0] == "suicide_screen"
    p = pathway_for("phqa", "mild", flags=("suicide_screen_prompted",), available=ALL)
    assert p is not None  # a positive past-month or lifetime attempt item, item 9 = 0
    assert pathway_for("phqa", "severe", flags=("screen_positive",), available=ALL) is None


def test_bssa_dispositions() -> None:
    stop = pathway_for("bssa", "emergency_evaluation")
    assert stop is not None and stop.urgency == "stop"
    assert stop.codes == ("keep_on_line", "open_crisis", "emergency_card")
    further = pathway_for("bssa", "further_evaluation")
    assert further is not None and further.codes == ("safet", "safety_plan", "crisis_resources")
    for code in ("non_urgent_follow_up", "no_further_intervention"):
        p = pathway_for("bssa", code)
        assert p is not None and p.codes == ("crisis_resources", "safety_plan")


def test_safet_levels() -> None:
    high = pathway_for("safet", "high")
    assert high is not None and high.codes == ("keep_on_line", "open_crisis", "emergency_card")
    moderate = pathway_for("safet", "moderate")
    assert moderate is not None and moderate.codes == ("safety_plan", "crisis_resources")
    assert pathway_for("safet", "low") is None


@given(
    instrument=st.sampled_from(ALL),
    code=st.sampled_from(
        ("negative", "non_acute_positive", "acute_positive", "low", "moderate", "high", "mild")
    ),
    flags=st.lists(st.sampled_from(("item9_positive", "further_evaluation")), max_size=2),
    positive=st.booleans(),
    channel=st.sampled_from(("clinician", "portal")),
    bssa=st.booleans(),
)
def test_every_pathway_is_well_formed(
    instrument: str, code: str, flags: list[str], positive: bool, channel: str, bssa: bool
) -> None:
    available = (*ALL, "bssa") if bssa else ALL
    p = pathway_for(
        instrument, code, flags=flags, positive=positive, channel=channel, available=available
    )
    if p is None:
        return
    assert p.urgency in pathways.URGENCIES
    assert p.actions, "a pathway always has a next step"
    assert len(set(p.codes)) == len(p.codes)
    assert set(p.codes) <= pathways.ALL_ACTIONS
    for a in p.actions:
        assert a.source and a.title and a.do
        if a.kind == pathways.LINK_ASSESSMENT:
            assert a.target in available
    if "bssa" in p.codes:
        assert bssa
    if channel == "portal" and positive:
        assert p.codes[:2] == ("clinician_alerted", "client_saw_resources")


def test_rules_module_is_pure() -> None:
    tree = ast.parse(Path(pathways.__file__).read_text())
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(n.startswith("django") for n in names)
