"""No safety answer is lost (PRODUCT.md; issue 12 "Never lose a safety signal").

A screener stopped half-way is stored as incomplete, with the answers given and no total; every safety item
that was answered acts exactly as in a complete one: PHQ-9 item 9 > 0 prompts the suicide screen and sets
the flag to at least low (clinical-rules.md §5.1); an ASQ with a "yes" to any of q1–q4 is a positive screen
(§4.2). API, clinician pages and the portal.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeplan.risk import services
from safeplan.risk.models import Assessment
from safeplan.risk.rules import score_asq, score_phq9
from safeplan.risk.rules.base import LEVEL_RANK
from safeplan.risk.selectors import current_risk_level, prompted_suicide_screen


def url(world: Any, suffix: str = "") -> str:
    return f"/api/v1/clients/{world.client.pk}/assessments{suffix}"


def test_api_phq9_item9_with_a_missing_item_is_stored_and_acts(world, api_as) -> None:
    api = api_as("clinician")
    answers = {"item1": 1, "item2": 0, "item9": 2}
    r = api.post(url(world), {"instrument": "phq9", "answers": answers})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["complete"] is False
    assert body["missing"] == ["item3", "item4", "item5", "item6", "item7", "item8"]
    assert (body["code"], body["total"], body["level"]) == ("incomplete", None, "low")
    assert body["suicide_screen_prompted"] is True
    assert body["flags"] == ["item9_positive", "suicide_screen_prompted", "incomplete"]
    assert body["risk_level_after"] == "low"
    stored = Assessment.objects.get()
    assert stored.answers == answers  # the answers given, nothing guessed
    assert (stored.complete, stored.total) == (False, None)
    assert prompted_suicide_screen(world.client) == stored


def test_api_asq_yes_with_items_missing_is_a_positive_screen(world, api_as) -> None:
    r = api_as("clinician").post(url(world), {"instrument": "asq", "answers": {"q2": "yes"}})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["complete"] is False and body["positive"] is True
    # q5 (acuity) was not asked: it counts as acute until a clinician asks it.
    assert (body["code"], body["level"]) == ("acute_positive", "high")
    assert "acuity_not_known" in body["flags"]
    assert current_risk_level(world.client) == "high"


def test_portal_client_who_gives_up_after_item9_raises_prompt_and_flag(world, page_as) -> None:
    req = services.request_assessment(
        actor=world.users["clinician"], client=world.client, instrument="phq9"
    )
    page = page_as("client")
    r = page.post(f"/portal/assessments/{req.pk}/", {"item9": "1"})
    assert r.status_code == 302, r.content.decode()[:400]
    stored = Assessment.objects.get()
    assert (stored.complete, stored.total, stored.channel) == (False, None, "portal")
    assert stored.prompts_suicide_screen is True
    assert current_risk_level(world.client) == "low"
    done = page.get(r["Location"]).content.decode()
    assert "Help is available right now" in done


# --- hypothesis: any PHQ-9 with item 9 > 0, complete or not, prompts the screen and sets at least low ----

PHQ_KEYS = [f"item{i}" for i in range(1, 10)]
partial_phq9 = st.dictionaries(st.sampled_from(PHQ_KEYS[:8]), st.integers(0, 3), max_size=8)


@given(partial_phq9, st.integers(1, 3))
def test_rule_item9_positive_acts_complete_or_not(others: dict[str, int], item9: int) -> None:
    answers = {**others, "item9": item9}
    result = score_phq9(answers)
    assert "suicide_screen_prompted" in result.flags and "item9_positive" in result.flags
    assert LEVEL_RANK[result.level] >= LEVEL_RANK["low"] and result.positive
    assert result.complete is (len(others) == 8)
    # Never scored from guessed answers: a total only when every item was answered.
    assert (result.total is None) is (not result.complete)
    assert result.missing == tuple(k for k in PHQ_KEYS if k not in answers)


@given(partial_phq9)
def test_rule_missing_items_never_lower_the_level(others: dict[str, int]) -> None:
    """Dropping answers never makes a result more alarming than the answers given, nor less safe:
    with item 9 unanswered no level is invented, and the missing item 9 is flagged to be asked."""
    if not others:
        return
    result = score_phq9(others)
    assert result.level == "none" and "item9_not_answered" in result.flags


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    others=partial_phq9, item9=st.integers(1, 3), channel=st.sampled_from(["clinician", "portal"])
)
def test_service_item9_positive_prompts_and_flags_complete_or_not(
    world, others: dict[str, int], item9: int, channel: str
) -> None:
    client = world.client
    with transaction.atomic():
        sid = transaction.savepoint()
        actor = world.users["clinician"]
        request = None
        if channel == "portal":
            request = services.request_assessment(actor=actor, client=client, instrument="phq9")
            actor = world.users["client"]
        stored = services.record_assessment(
            actor=actor,
            client=client,
            instrument="phq9",
            answers={**others, "item9": item9},
            request=request,
        )
        assert stored.prompts_suicide_screen is True
        assert stored.complete is (len(others) == 8)
        assert LEVEL_RANK[current_risk_level(client)] >= LEVEL_RANK["low"]
        assert prompted_suicide_screen(client) == stored
        transaction.savepoint_rollback(sid)


@given(
    st.dictionaries(
        st.sampled_from(["q1", "q2", "q3", "q4"]), st.sampled_from(["yes", "no", "refused"])
    ),
    st.sampled_from([None, "yes", "no", "refused"]),
)
def test_rule_asq_any_yes_or_refusal_is_positive_complete_or_not(
    screen: dict[str, str], q5: str | None
) -> None:
    answers: dict[str, object] = dict(screen)
    if q5 is not None:
        answers["q5"] = q5
    positive_items = any(v in ("yes", "refused") for v in screen.values())
    if not answers or (not positive_items and len(screen) == 4 and q5 == "no"):
        return  # nothing answered, or q5 asked after four noes: 422 (tested above)
    result = score_asq(answers)
    if positive_items or q5 in ("yes", "refused"):
        assert result.positive
        # After a positive screen only q5 = no makes it non-acute (NIMH §4.2; issue 12).
        expected = "non_acute_positive" if q5 == "no" else "acute_positive"
        assert result.code == expected
    else:
        assert result.code == ("negative" if len(screen) == 4 else "incomplete")
        assert not result.positive
