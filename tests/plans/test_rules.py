"""Pure rules: content checks, authorship, the diff, the three-way merge, review dates and warnings."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan.lib.errors import InvalidInput
from safeplan.lib.validation import parse_phone
from safeplan.plans import library, review, rules
from tests.plans.helpers import full_sections


def _normalise(raw: Any, country: str = "US") -> dict[str, Any]:
    return rules.normalise_content(
        raw, country=country, parse_phone=parse_phone, skills=library.CODES
    )


def test_sections_are_in_the_order_of_the_plan() -> None:
    assert rules.SECTIONS == (
        "warning_signs",
        "coping",
        "distractions",
        "help_people",
        "professionals",
        "environment",
        "reasons",
    )
    assert rules.MEANS == (
        "firearm",
        "medication",
        "sharps",
        "ligature",
        "household_poison",
        "other",
    )
    assert "not_yet" in rules.ACTIONS and "no_access_confirmed" in rules.ACTIONS


def test_normalise_fills_ids_and_parses_phones() -> None:
    content = _normalise(full_sections())
    assert all(e["id"].startswith("e") for s in rules.SECTIONS for e in content[s])
    assert content["help_people"][0]["phone"] == "+16175550123"
    assert content["professionals"][0]["phone"] == "+16175550100"
    assert (
        _normalise({"professionals": [{"kind": "crisis_line", "name": "988", "phone": "988"}]})[
            "professionals"
        ][0]["phone"]
        == "988"
    )


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"warning_signs": [{"text": "x" * 501}]}, "warning_signs.0.text"),
        ({"warning_signs": [{"text": "  "}]}, "warning_signs.0.text"),
        ({"warning_signs": [{"text": "a\x00b"}]}, "warning_signs.0.text"),
        ({"coping": [{"skill": "juggling"}]}, "coping.0.skill"),
        ({"environment": [{"means": "rope"}]}, "environment.0.means"),
        ({"environment": [{"means": "firearm", "action": "hide"}]}, "environment.0.action"),
        (
            {"environment": [{"means": "firearm", "action": "not_yet", "status": "done"}]},
            "environment.0.status",
        ),
        ({"environment": [{"means": "sharps"}, {"means": "sharps"}]}, "environment.1.means"),
        ({"help_people": [{"name": "Ana", "phone": "988"}]}, "help_people.0.phone"),
        ({"help_people": [{"name": "Ana", "phone": "not a number"}]}, "help_people.0.phone"),
        ({"help_people": [{"phone": "+16175550123"}]}, "help_people.0.name"),
        ({"help_people": [{"name": "Ana", "colour": "red"}]}, "help_people.0.colour"),
        ({"feelings": []}, "feelings"),
        ({"reasons": [{"text": "a", "id": "x"}, {"text": "b", "id": "x"}]}, "reasons.1.id"),
        ({"reasons": [{"text": str(i)} for i in range(31)]}, "reasons"),
    ],
)
def test_bad_entries_name_the_field(raw: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        _normalise(raw)
    assert err.value.field == field


def test_other_means_may_repeat_and_uk_numbers_parse() -> None:
    content = _normalise(
        {
            "environment": [{"means": "other", "text": "car keys"}, {"means": "other"}],
            "help_people": [{"name": "Anika", "phone": "020 7946 0018"}],
        },
        country="GB",
    )
    assert content["help_people"][0]["phone"] == "+442079460018"


def test_authors_follow_the_words() -> None:
    base = _normalise(full_sections())
    new = copy.deepcopy(base)
    new["reasons"][0]["author"] = "clinician"  # unchanged words keep their author
    new["warning_signs"][1]["text"] = "Giving things away"
    new["warning_signs"][1]["author"] = "clinician"
    by_client = rules.assign_authors(base, copy.deepcopy(new), writer="client")
    assert by_client["reasons"][0]["author"] == "client"
    assert by_client["warning_signs"][1]["author"] == "client"
    by_team = rules.assign_authors(base, copy.deepcopy(new), writer="clinician")
    assert by_team["warning_signs"][1]["author"] == "clinician"
    assert by_team["help_people"][0]["author"] == "clinician"


def test_diff_names_every_kind_of_change() -> None:
    old = _normalise(full_sections())
    new = copy.deepcopy(old)
    new["reasons"].append({"id": "enew1", "author": "client", "text": "My dog"})
    removed = new["warning_signs"].pop(0)
    new["help_people"][0]["phone"] = "+16175550999"
    moved = new["distractions"].pop(1)
    new["help_people"].append({**moved, "relationship": "", "text": ""})
    del new["help_people"][-1]["kind"]
    changes = rules.diff_contents(old, new)
    kinds = {(c.kind, c.section, c.entry_id) for c in changes}
    assert ("added", "reasons", "enew1") in kinds
    assert ("removed", "warning_signs", removed["id"]) in kinds
    assert ("changed", "help_people", old["help_people"][0]["id"]) in kinds
    assert ("moved", "help_people", moved["id"]) in kinds
    changed = next(c for c in changes if c.kind == "changed")
    assert changed.fields == ["phone"]
    assert rules.diff_contents(old, copy.deepcopy(old)) == []
    assert len(rules.diff_contents(None, old)) == sum(len(v) for v in old.values())


def test_merge_keeps_both_sides_and_reports_conflicts() -> None:
    base = _normalise(full_sections())
    current = copy.deepcopy(base)
    current["help_people"].append(
        {"id": "eteam", "author": "clinician", "name": "Ana", "phone": ""}
    )
    current["reasons"][0]["text"] = "My family"
    proposed = copy.deepcopy(base)
    proposed["reasons"].append({"id": "emine", "author": "client", "text": "My garden"})
    proposed["warning_signs"].pop(0)
    merged = rules.merge_proposal(base, current, proposed)
    assert merged.conflicts == []
    assert [e["id"] for e in merged.content["help_people"]][-1] == "eteam"
    assert merged.content["reasons"][0]["text"] == "My family"
    assert merged.content["reasons"][-1]["id"] == "emine"
    assert len(merged.content["warning_signs"]) == 1
    proposed["reasons"][0]["text"] = "My niece"
    clash = rules.merge_proposal(base, current, proposed)
    assert clash.conflicts == [base["reasons"][0]["id"]]
    assert clash.content["reasons"][0]["text"] == "My family"


def test_merge_never_lets_a_client_drop_protected_entries() -> None:
    base = _normalise(full_sections())
    proposed = copy.deepcopy(base)
    proposed["professionals"] = []
    merged = rules.merge_proposal(base, base, proposed)
    assert merged.content["professionals"] == base["professionals"]
    unprotected = rules.merge_proposal(base, base, proposed, protect=False)
    assert unprotected.content["professionals"] == []


entry_text = st.text(alphabet="abcdefghij ", min_size=1, max_size=8).map(str.strip).filter(bool)


@st.composite
def edits(draw: Any, base: dict[str, Any]) -> dict[str, Any]:
    new = copy.deepcopy(base)
    for section in ("warning_signs", "reasons"):
        entries = new[section]
        for entry in list(entries):
            action = draw(st.sampled_from(["keep", "change", "drop"]))
            if action == "change":
                entry["text"] = draw(entry_text)
            elif action == "drop":
                entries.remove(entry)
        for _ in range(draw(st.integers(0, 2))):
            entries.append(
                {
                    "id": "e" + draw(st.uuids()).hex[:10],
                    "author": "client",
                    "text": draw(entry_text),
                }
            )
    return new


BASE = _normalise(full_sections())


@settings(max_examples=200, deadline=None)
@given(current=edits(BASE), proposed=edits(BASE))
def test_merge_properties(current: dict[str, Any], proposed: dict[str, Any]) -> None:
    merged = rules.merge_proposal(BASE, current, proposed, protect=False)
    result = rules.entries_by_id(merged.content)
    cur, prop, base = (rules.entries_by_id(x) for x in (current, proposed, BASE))
    for eid in set(cur) | set(prop) | set(base):
        if eid in merged.conflicts:
            assert result.get(eid) == cur.get(eid)  # the care team's words are kept
        elif base.get(eid) == prop.get(eid):
            assert result.get(eid) == cur.get(eid)  # untouched by the client: as the team has it
        else:
            assert result.get(eid) == prop.get(eid)  # the client's change
    # Merging with no change on one side gives the other side.
    assert rules.merge_proposal(BASE, current, BASE, protect=False).content == current
    assert rules.merge_proposal(BASE, BASE, proposed, protect=False).content == proposed


def test_review_interval_is_sooner_when_risk_is_raised() -> None:
    policy = review.ReviewPolicy(default_days=30, moderate_days=14, high_days=7)
    today = dt.date(2026, 3, 1)
    assert review.review_due_for(today=today, risk_level="none", policy=policy) == (
        dt.date(2026, 3, 31),
        "default",
    )
    assert review.review_due_for(today=today, risk_level="low", policy=policy)[0] == dt.date(
        2026, 3, 31
    )
    assert review.review_due_for(today=today, risk_level="moderate", policy=policy) == (
        dt.date(2026, 3, 15),
        "risk_moderate",
    )
    assert review.review_due_for(today=today, risk_level="high", policy=policy) == (
        dt.date(2026, 3, 8),
        "risk_high",
    )
    chosen = review.review_due_for(
        today=today, risk_level="high", policy=policy, requested=dt.date(2026, 3, 2)
    )
    assert chosen == (dt.date(2026, 3, 2), "clinician")
    with pytest.raises(InvalidInput):
        review.review_due_for(
            today=today, risk_level="high", policy=policy, requested=dt.date(2026, 3, 9)
        )
    with pytest.raises(InvalidInput):
        review.review_due_for(
            today=today, risk_level="none", policy=policy, requested=dt.date(2026, 2, 28)
        )
    short = review.ReviewPolicy(default_days=5, moderate_days=14, high_days=7)
    assert review.review_interval("high", short) == (5, "risk_high")


def test_warnings() -> None:
    today = dt.date(2026, 3, 1)
    full = _normalise(full_sections())
    assert review.plan_warnings(full, today=today, review_due=today, has_crisis_line=True) == [
        "means_not_done"
    ]
    empty = rules.empty_content()
    assert review.plan_warnings(
        empty, today=today, review_due=dt.date(2026, 2, 28), has_crisis_line=False
    ) == [
        "no_help_people",
        "no_professionals",
        "no_distractions",
        "review_overdue",
        "no_crisis_line",
    ]
    assert review.plan_warnings(None, today=today, review_due=None, has_crisis_line=True) == [
        "no_plan"
    ]


def test_library_is_complete_in_both_languages() -> None:
    assert {"grounding_54321", "paced_breathing", "muscle_relaxation", "present_moment"} <= set(
        library.CODES
    )
    for skill in library.SKILLS:
        assert skill.title["en"] and skill.title["es"]
        assert len(skill.steps["en"]) == len(skill.steps["es"]) >= 3
    assert library.BY_CODE["grounding_54321"].steps_in("es")[0].startswith("Mire")
