"""Pure rules around the timeline: protocols as data, entry payloads, disclosure prompts and rules, the
drafted note (SAFE-T step 5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safeplan.crisis.rules import disclosure, entries, note, protocols, types
from safeplan.lib.errors import InvalidInput

NOW = dt.datetime(2026, 3, 8, 6, 59, 30, tzinfo=dt.UTC)  # 01:59:30 EST; DST begins at 02:00


def test_every_crisis_type_has_a_protocol_that_ends_in_documentation() -> None:
    for crisis_type in types.CRISIS_TYPES:
        steps = protocols.default_protocol(crisis_type)
        codes = [s["code"] for s in steps]
        assert len(codes) == len(set(codes)), crisis_type
        for step in steps:
            assert step["title"] and step["do"] and step["record"] and step["source"], step["code"]
            assert set(step["actions"]) <= protocols.ACTIONS, step["code"]
        last = codes[-1]
        assert last in ("document", "follow_up"), crisis_type
        # Adapting one copy never changes the defaults.
        steps[0]["title"] = "changed"
        assert protocols.default_protocol(crisis_type)[0]["title"] != "changed"


def test_no_default_step_tells_the_clinician_to_dial_911() -> None:
    for crisis_type in types.CRISIS_TYPES:
        for step in protocols.default_protocol(crisis_type):
            text = f"{step['title']} {step['do']}".lower()
            assert "call 911" not in text and "dial 911" not in text
            if "911" in text:
                assert "10-digit" in text or "never your own 911" in text


def test_emergency_steps_name_the_client_local_line() -> None:
    steps = {s["code"]: s for s in protocols.default_protocol("medical_emergency")}
    assert "call:psap" in steps["call_ems"]["actions"]
    assert "never your own 911" in steps["call_ems"]["do"]
    assert steps["call_ems"]["source"] == "clinical-rules.md §1.1 item 2, §10.5"


def test_normalise_protocol() -> None:
    good = [{"code": "on_call", "title": "Call on-call", "do": "Call the line.", "record": "Who."}]
    clean = protocols.normalise_protocol("other", good)
    assert clean == [
        {
            "code": "on_call",
            "title": "Call on-call",
            "do": "Call the line.",
            "record": "Who.",
            "actions": [],
            "source": "Organisation protocol",
        }
    ]
    cases: list[tuple[str, Any, str]] = [
        ("panic", good, "crisis_type"),
        ("lost_connection", good, "crisis_type"),
        ("other", [], "steps"),
        ("other", [{**good[0], "code": "Bad Code"}], "steps.0.code"),
        ("other", [good[0], good[0]], "steps.1.code"),
        ("other", [{**good[0], "title": ""}], "steps.0.title"),
        ("other", [{**good[0], "actions": ["call:911"]}], "steps.0.actions"),
        ("other", [{**good[0], "colour": "red"}], "steps.0.colour"),
        ("other", [{**good[0], "do": "x\x00"}], "steps.0.do"),
    ]
    for crisis_type, steps, field in cases:
        with pytest.raises(InvalidInput) as exc:
            protocols.normalise_protocol(crisis_type, steps)
        assert exc.value.field == field, (crisis_type, steps)


def test_normalise_entry_names_the_field() -> None:
    assert entries.normalise_entry(
        "call", {"to": "psap", "outcome": "answered", "number": "+1 (617) 343-4200", "name": " PD "}
    ) == {"to": "psap", "outcome": "answered", "number": "+1 (617) 343-4200", "name": "PD"}
    assert entries.normalise_entry(
        "step_skipped", {"step": "a", "reason": "no time"}, steps=["a"]
    ) == {"step": "a", "reason": "no time"}
    bad: list[tuple[str, Any, str]] = [
        ("call", {"to": "psap", "outcome": "maybe"}, "payload.outcome"),
        ("call", {"to": "psap", "outcome": "answered", "number": "call me"}, "payload.number"),
        (
            "call",
            {"to": "psap", "outcome": "answered", "support_person_id": True},
            "payload.support_person_id",
        ),
        ("step_skipped", {"step": "a"}, "payload.reason"),
        ("note", {"text": "x" * 2001}, "payload.text"),
        ("note", {"text": 5}, "payload.text"),
        ("client_state", {"state": "calm", "mood": 3}, "payload.mood"),
        ("client_state", [1, 2], "payload"),
        ("opened", {}, "kind"),
    ]
    for kind, payload, field in bad:
        with pytest.raises(InvalidInput) as exc:
            entries.normalise_entry(kind, payload, steps=["a"])
        assert exc.value.field == field, (kind, payload)


@settings(max_examples=300, deadline=None)
@given(
    kind=st.sampled_from([*types.ENTRY_KINDS, "x"]),
    payload=st.dictionaries(
        st.sampled_from(["to", "outcome", "text", "step", "reason", "state", "number", "x"]),
        st.one_of(
            st.none(), st.booleans(), st.integers(), st.text(max_size=40), st.lists(st.integers())
        ),
        max_size=5,
    ),
)
def test_normalise_entry_either_cleans_or_names_a_field(kind: str, payload: dict[str, Any]) -> None:
    try:
        clean = entries.normalise_entry(kind, payload, steps=["keep_contact"])
    except InvalidInput as exc:
        assert exc.field and (exc.field == "kind" or exc.field.startswith("payload"))
    else:
        assert set(clean) <= set(entries.FIELDS[kind])
        assert entries.describe(kind, clean, {})


def _prompts(rows: list[tuple[int, str, dict[str, Any]]], **kw: Any) -> list[disclosure.Prompt]:
    return disclosure.disclosure_prompts(rows, covered_entry_ids=kw.pop("covered", []), **kw)


def test_disclosure_prompts() -> None:
    rows = [
        (1, "call", {"to": "psap", "outcome": "answered"}),
        (2, "call", {"to": "psap", "outcome": "no_answer"}),
        (3, "call", {"to": "support_person", "outcome": "answered", "consented": True}),
        (4, "call", {"to": "support_person", "outcome": "answered", "consented": False}),
        (5, "welfare_check_requested", {"agency": "Springfield Police", "number": "1"}),
        (6, "support_person_reached", {"action": "check_on_client"}),
        (7, "call", {"to": "mobile_crisis", "outcome": "answered"}),
        (8, "call", {"to": "crisis_line", "outcome": "answered"}),
        (9, "handed_over", {"to": "emergency_department"}),
    ]
    found = _prompts(rows)
    assert [(p.entry_id, p.recipient_type) for p in found] == [
        (1, "psap"),
        (4, "support_person"),
        (5, "police"),
        (6, "support_person"),
        (7, "mobile_crisis"),
    ]
    assert all(p.suggested_basis == "hipaa_164_512_j" for p in found)
    assert [p.entry_id for p in _prompts(rows, covered=[1, 4], corrected_entry_ids=[5])] == [6, 7]
    abuse = _prompts(
        [(1, "call", {"to": "protective_services", "outcome": "answered"})],
        crisis_type="abuse_disclosure",
    )
    assert abuse[0].suggested_basis == "mandated_report"
    warned = _prompts(
        [(1, "call", {"to": "other", "outcome": "answered"})], crisis_type="harm_to_others"
    )
    assert warned[0].recipient_type == "person_at_risk"
    assert _prompts([(1, "call", {"to": "other", "outcome": "answered"})]) == []
    assert (
        _prompts([(1, "call", {"to": "psap", "outcome": "answered", "entered_in_error": True})])
        == []
    )


def test_disclosure_record_requirements() -> None:
    opened = NOW - dt.timedelta(minutes=30)
    base = {
        "recipient_name": "Dispatcher 12",
        "recipient_type": "psap",
        "basis": "hipaa_164_512_j",
        "information_disclosed": "Address and risk.",
        "nature_of_emergency": "Imminent risk.",
    }
    clean = disclosure.normalise_disclosure(base, now=NOW, opened_at=opened)
    assert clean["disclosed_at"] == NOW and clean["basis"] == "hipaa_164_512_j"
    bad: list[tuple[dict[str, Any], str]] = [
        ({**base, "recipient_name": " "}, "recipient_name"),
        ({**base, "recipient_type": "journalist"}, "recipient_type"),
        ({**base, "basis": None}, "basis"),
        ({**base, "basis": "because"}, "basis"),
        ({**base, "information_disclosed": ""}, "information_disclosed"),
        ({**base, "nature_of_emergency": ""}, "nature_of_emergency"),
        ({**base, "basis": "other"}, "basis_detail"),
        ({**base, "basis": "part2_2_51", "recipient_type": "ems"}, "recipient_affiliation"),
        (
            {
                **base,
                "basis": "part2_2_51",
                "recipient_affiliation": "PD",
                "recipient_type": "police",
            },
            "recipient_type",
        ),
        ({**base, "disclosed_at": NOW + dt.timedelta(hours=1)}, "disclosed_at"),
        ({**base, "disclosed_at": dt.datetime(2026, 3, 8, 1, 0)}, "disclosed_at"),
        ({**base, "disclosed_at": opened - dt.timedelta(days=2)}, "disclosed_at"),
    ]
    for data, field in bad:
        with pytest.raises(InvalidInput) as exc:
            disclosure.normalise_disclosure(data, now=NOW, opened_at=opened)
        assert exc.value.field == field, data


def _facts(**kw: Any) -> note.NoteFacts:
    lines = (
        note.NoteLine(NOW - dt.timedelta(seconds=50), "Carl", "Crisis opened", 1),
        note.NoteLine(
            NOW - dt.timedelta(seconds=20), "Carl", "Called PSAP: answered", 2, "call_ems"
        ),
        note.NoteLine(
            NOW + dt.timedelta(seconds=45),
            "Sue",
            "Firearm in the closet; brother takes it",
            3,
            "lethal_means",
            corrected_by=((NOW + dt.timedelta(seconds=50), "Rifle, not a handgun"),),
        ),
    )
    values: dict[str, Any] = {
        "client_ref": "A-001",
        "crisis_type": "suicidal_ideation",
        "time_zone": "America/New_York",
        "opened_at": NOW - dt.timedelta(seconds=50),
        "opened_by": "Carl",
        "closed_at": NOW + dt.timedelta(minutes=5),
        "closed_by": "Carl",
        "outcome": "emergency_department",
        "disposition": "ed_evaluation",
        "risk_level": "high",
        "risk_before": "moderate",
        "lines": lines,
        "follow_up_due": NOW + dt.timedelta(hours=24),
        "follow_up_hours": 24,
        "plan_review_due": dt.date(2026, 3, 9),
        "disclosures": ("01:59 EST: disclosed to Dispatcher (911 centre)",),
    }
    values.update(kw)
    return note.NoteFacts(**values)


def test_draft_note_has_every_action_with_its_time_across_a_dst_change() -> None:
    draft = note.draft_note(_facts())
    actions = draft["actions"].splitlines()
    assert actions == [
        "01:58:40 EST: Crisis opened (Carl)",
        "01:59:10 EST: Called PSAP: answered (Carl)",
        "03:00:15 EDT: Firearm in the closet; brother takes it (Sue) "
        "[corrected 03:00:20 EDT: Rifle, not a handgun]",
    ]
    assert draft["risk_level"] == "high"
    assert "Risk flag before the crisis: moderate." in draft["risk_rationale"]
    assert draft["lethal_means"] == "03:00:15 EDT: Firearm in the closet; brother takes it"
    assert draft["follow_up_plan"] == (
        "Follow-up contact due by 09 Mar 2026 02:59:30 EDT (24 hours after closing). "
        "Safety plan review due by 09 Mar 2026."
    )
    assert draft["treatment_plan"] == "Emergency department evaluation."
    assert "Outcome: Client went or was taken to an emergency department." in draft["summary"]
    assert draft["youth"] == ""
    assert note.sign_problems(draft) == []


def test_draft_note_for_a_minor_and_sign_problems() -> None:
    guardian = note.NoteLine(NOW, "Carl", "Called Guardian / safe adult: answered", 4)
    draft = note.draft_note(_facts(is_minor=True, guardian_lines=(guardian,), risk_level=""))
    assert (
        draft["youth"]
        == "The client is a minor.\n01:59:30 EST: Called Guardian / safe adult: answered"
    )
    assert draft["risk_level"] == ""
    assert note.sign_problems(draft, is_minor=True) == [
        ("content.risk_level", "choose the risk level (low, moderate or high)")
    ]
    empty = dict.fromkeys(note.SECTIONS, "")
    assert [f for f, _ in note.sign_problems(empty, is_minor=True)] == [
        "content.risk_level",
        "content.risk_rationale",
        "content.actions",
        "content.follow_up_plan",
        "content.youth",
    ]


def test_normalise_note_content() -> None:
    clean = note.normalise_content({"summary": "ok", "risk_level": "low"})
    assert clean["summary"] == "ok" and clean["actions"] == ""
    for content, field in (
        ({"opinion": "x"}, "content.opinion"),
        ({"summary": 3}, "content.summary"),
        ({"risk_level": "extreme"}, "content.risk_level"),
        ({"summary": "x" * 8001}, "content.summary"),
    ):
        with pytest.raises(InvalidInput) as exc:
            note.normalise_content(content)
        assert exc.value.field == field
    assert note.render_text({"summary": "A", "actions": "B"}) == "Summary\nA\n\nWhat was done\nB"
