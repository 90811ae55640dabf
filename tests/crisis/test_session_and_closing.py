"""Issue 11: crisis mode belongs to its session and opens preselected from a result's pathway; the screen
puts the current step first; a close needs the safety-critical steps (pure rules and service)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safeplan.crisis import services
from safeplan.crisis.models import CrisisEvent, TimelineEntry
from safeplan.crisis.rules import close_checks
from safeplan.crisis.rules.protocols import DEFAULT_PROTOCOLS, default_protocol
from safeplan.lib.errors import Conflict
from safeplan.risk import services as risk_services
from tests.crisis import builders
from tests.factories import World

ACUTE = {"q1": "yes", "q2": "no", "q3": "yes", "q4": "no", "q5": "yes"}


@pytest.fixture
def session(world: World) -> Any:
    return builders.started_session(world)


def test_crisis_from_the_client_page_joins_the_session_in_progress(world: World, session) -> None:
    event, _ = services.open_crisis(
        actor=world.users["clinician"], client=world.client, crisis_type="suicidal_ideation"
    )
    assert event.session_id == session.pk


def test_no_session_in_progress_means_no_session(world: World) -> None:
    event = builders.open_crisis(world)
    assert event.session_id is None


def test_acute_asq_pathway_opens_crisis_preselected_on_the_session(
    world: World, session, page_as
) -> None:
    a = risk_services.record_assessment(
        actor=world.users["clinician"], client=world.client, instrument="asq", answers=ACUTE
    )
    http = page_as("clinician")
    result = http.get(f"/clients/{world.client.pk}/assessments/{a.pk}/").content.decode()
    link = f"/clients/{world.client.pk}/crisis/new/?type=suicidal_ideation&amp;assessment={a.pk}"
    assert link in result
    url = link.replace("&amp;", "&")
    form = http.get(url).content.decode()
    assert 'value="suicidal_ideation"' in form
    assert re.search(r'<input[^>]*value="suicidal_ideation"[^>]*checked', form)
    assert not re.search(r'<input[^>]*value="self_harm"[^>]*checked', form)
    assert f"session {session.pk}</a> (in progress)" in form
    assert 'id="preselected"' in form
    opened = http.post(url, {"crisis_type": "suicidal_ideation", "assessment": str(a.pk)})
    assert opened.status_code == 302
    event = CrisisEvent.objects.get()
    assert event.session_id == session.pk and opened["Location"] == f"/crisis/{event.pk}/"
    first = TimelineEntry.objects.get(event=event, seq=1)
    assert first.payload["from_assessment"] == a.pk and first.payload["session_id"] == session.pk
    screen = http.get(f"/crisis/{event.pk}/").content.decode()
    assert f'id="crisis-session">session {session.pk}</a> at its confirmed location' in screen
    assert "outside a session" not in screen
    assert "from a screening result" in screen


def test_crisis_new_refuses_someone_elses_assessment(world: World, page_as) -> None:
    http = page_as("clinician")
    url = f"/clients/{world.client.pk}/crisis/new/?type=suicidal_ideation&assessment=999999"
    assert http.get(url).status_code == 404
    bad = f"/clients/{world.client.pk}/crisis/new/?assessment=1x"
    assert http.get(bad).status_code == 404


def test_screen_shows_the_current_step_open_and_the_rest_folded(world: World, page_as) -> None:
    event = builders.open_crisis(world)
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="step_done",
        payload={"step": "keep_contact"},
    )
    html = page_as("clinician").get(f"/crisis/{event.pk}/").content.decode()
    current = html.split('id="step-confirm_location"', 1)[1].split("</li>", 1)[0]
    assert "Now</span> Step 2 of 9" in current and "<details" not in current.split("<h3>")[0]
    folded = html.split('id="step-lethal_means"', 1)[1].split("</li>", 1)[0]
    assert '<details class="cr-step-fold">' in folded and "needed to close" in folded
    done = html.split('id="step-keep_contact"', 1)[1].split("</li>", 1)[0]
    assert '<details class="cr-step-fold">' in done and 'badge low">done' in done
    assert 'id="close-needs"' in html and "lethal means" in html
    assert '<details class="card cr-fold"><summary>Safety plan</summary>' in html


def test_close_refused_until_each_safety_step_is_done_or_skipped(world: World) -> None:
    event = builders.open_crisis(world)
    clinician = world.users["clinician"]
    close = {"outcome": "resolved_remotely", "disposition": "continue_outpatient"}
    with pytest.raises(Conflict) as exc:
        services.close_crisis(actor=clinician, event=event, **close)
    assert exc.value.field == "steps"
    assert exc.value.message == (
        "account for these safety-critical steps first (done, or skipped with a reason): "
        "location confirmed; imminent-danger assessment; lethal means; disposition"
    )
    for step in ("confirm_location", "suicide_inquiry"):
        services.add_entry(actor=clinician, event=event, kind="step_done", payload={"step": step})
    with pytest.raises(Conflict) as exc:
        services.close_crisis(
            actor=clinician, event=event, skipped={"lethal_means": "None in the home"}, **close
        )
    assert exc.value.message.endswith(": disposition")
    # The refused close wrote nothing, not even the skip it carried.
    assert not event.entries.filter(kind="step_skipped").exists()
    services.close_crisis(
        actor=clinician,
        event=event,
        skipped={"lethal_means": "None in the home", "arrange_care": "Manageable remotely"},
        follow_up_skip_reason="Admitted to the inpatient unit; the ward follows up",
        **close,
    )
    event.refresh_from_db()
    assert not event.is_open and event.follow_up_due_at is None
    skips = {
        e.payload["step"]: e.payload["reason"] for e in event.entries.filter(kind="step_skipped")
    }
    assert skips == {"lethal_means": "None in the home", "arrange_care": "Manageable remotely"}
    closed = event.entries.get(kind="closed")
    assert closed.payload["follow_up_skipped"].startswith("Admitted")


def test_lost_connection_close_is_not_held_by_step_checks() -> None:
    codes = [s["code"] for s in default_protocol("lost_connection")]
    assert close_checks.applicable(codes) == []


def test_every_default_protocol_asks_for_location_and_danger() -> None:
    for crisis_type, steps in DEFAULT_PROTOCOLS.items():
        found = {req.code for req, _ in close_checks.applicable(s["code"] for s in steps)}
        assert {"location", "imminent_danger", "disposition"} <= found | (
            {"imminent_danger"} if crisis_type == "medical_emergency" else set()
        ), crisis_type
        if crisis_type in ("suicidal_ideation", "self_harm", "intoxication_overdose", "other"):
            assert "lethal_means" in found, crisis_type


@given(
    crisis_type=st.sampled_from(sorted(DEFAULT_PROTOCOLS)),
    accounted=st.dictionaries(
        st.sampled_from(sorted({s["code"] for v in DEFAULT_PROTOCOLS.values() for s in v})),
        st.sampled_from(("done", "skipped", "")),
    ),
)
def test_missing_is_exactly_the_requirements_without_an_accounted_step(
    crisis_type: str, accounted: dict[str, str]
) -> None:
    codes = [s["code"] for s in DEFAULT_PROTOCOLS[crisis_type]]
    lacking = close_checks.missing(codes, accounted)
    for req, steps in close_checks.applicable(codes):
        met = any(accounted.get(c) in ("done", "skipped") for c in steps)
        assert (req in lacking) is not met
    needed = close_checks.steps_needed(codes, accounted)
    assert needed <= set(codes)
    assert not lacking or needed


def test_note_marks_what_signing_needs_and_leaves_out_the_guardian_for_an_adult(
    world: World, page_as
) -> None:
    from safeplan.crisis.models import CrisisNote

    event = builders.closed_crisis(world)
    note = CrisisNote.objects.get(event=event)
    html = page_as("clinician").get(f"/crisis/notes/{note.pk}/").content.decode()
    for label in ("Risk level", "Risk level rationale", "What was done", "Follow-up plan"):
        assert f'{label} <span class="req small">(required to sign)</span>' in html
    assert 'Plan to address the risk <span class="muted small">(optional)</span>' in html
    assert "Role of the young person and guardian" not in html  # an adult client
