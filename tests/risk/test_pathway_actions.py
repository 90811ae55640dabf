"""The pathway on the result page, the client page and the API; what was done or declined is recorded
through one audited, append-only service (issue 11)."""

from __future__ import annotations

import pytest

from safeplan.audit.models import AuditEvent
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.risk import services
from safeplan.risk.models import PathwayAction
from safeplan.risk.pathway_records import pathway_view, record_pathway_action

ACUTE = {"q1": "yes", "q2": "no", "q3": "yes", "q4": "no", "q5": "yes"}
NON_ACUTE = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}
NEGATIVE = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}


def _asq(world, answers=ACUTE):
    return services.record_assessment(
        actor=world.users["clinician"], client=world.client, instrument="asq", answers=answers
    )


def test_done_and_declined_are_recorded_and_audited(world) -> None:
    a = _asq(world)
    clinician = world.users["clinician"]
    done = record_pathway_action(
        actor=clinician, assessment=a, action="keep_on_line", outcome="done"
    )
    assert (done.pathway, done.action, done.outcome) == (
        "asq_acute_positive",
        "keep_on_line",
        "done",
    )
    declined = record_pathway_action(
        actor=clinician,
        assessment=a,
        action="emergency_card",
        outcome="declined",
        reason="Client already at the emergency department with staff",
    )
    assert declined.reason.startswith("Client already")
    entries = AuditEvent.objects.filter(action="risk.pathway_action").order_by("id")
    assert [e.details["step"] for e in entries] == ["keep_on_line", "emergency_card"]
    assert entries[1].details == {
        "assessment": a.pk,
        "pathway": "asq_acute_positive",
        "step": "emergency_card",
        "outcome": "declined",
    }  # no words of the reason in the audit
    view = pathway_view(a)
    assert view is not None
    assert [s.record.outcome if s.record else None for s in view.steps] == [
        "done",
        None,
        None,
        "declined",
    ]
    assert view.open_steps == 2


def test_declined_needs_a_reason_and_nothing_is_written(world) -> None:
    a = _asq(world)
    with pytest.raises(InvalidInput) as exc:
        record_pathway_action(
            actor=world.users["clinician"],
            assessment=a,
            action="stat_evaluation",
            outcome="declined",
            reason="  ",
        )
    assert exc.value.field == "reason"
    assert PathwayAction.objects.count() == 0


@pytest.mark.parametrize(
    ("action", "outcome", "field"),
    [
        ("bssa", "done", "action"),  # not a step of the acute pathway
        ("nonsense", "done", "action"),
        ("keep_on_line", "maybe", "outcome"),
    ],
)
def test_bad_input_names_the_field(world, action, outcome, field) -> None:
    a = _asq(world)
    with pytest.raises(InvalidInput) as exc:
        record_pathway_action(
            actor=world.users["clinician"], assessment=a, action=action, outcome=outcome
        )
    assert exc.value.field == field
    assert PathwayAction.objects.count() == 0


def test_automatic_steps_and_results_without_pathway_are_refused(world) -> None:
    with pytest.raises(Conflict):
        record_pathway_action(
            actor=world.users["clinician"],
            assessment=_asq(world, NEGATIVE),
            action="keep_on_line",
            outcome="done",
        )
    request = services.request_assessment(
        actor=world.users["clinician"], client=world.client, instrument="asq"
    )
    portal = services.record_assessment(
        actor=world.users["client"],
        client=world.client,
        instrument="asq",
        answers=NON_ACUTE,
        request=request,
    )
    with pytest.raises(InvalidInput) as exc:
        record_pathway_action(
            actor=world.users["clinician"],
            assessment=portal,
            action="clinician_alerted",
            outcome="done",
        )
    assert exc.value.field == "action"
    with pytest.raises(NotAllowed):
        record_pathway_action(
            actor=world.users["client"], assessment=portal, action="contact_client", outcome="done"
        )


def test_rows_are_written_once(world) -> None:
    row = record_pathway_action(
        actor=world.users["clinician"],
        assessment=_asq(world),
        action="keep_on_line",
        outcome="done",
    )
    row.outcome = "declined"
    with pytest.raises(PermissionError):
        row.save()
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(PermissionError):
        PathwayAction.objects.all().update(outcome="declined")
    with pytest.raises(PermissionError):
        PathwayAction.objects.all().delete()


def test_result_page_shows_the_acute_pathway_as_buttons(world, page_as) -> None:
    a = _asq(world)
    page = page_as("clinician")
    html = page.get(f"/clients/{world.client.pk}/assessments/{a.pk}/?session=7").content.decode()
    assert 'data-pathway="asq_acute_positive"' in html
    assert "Keep the client on the line and in view" in html
    assert "STAT safety evaluation" in html
    crisis_link = f"/clients/{world.client.pk}/crisis/new/?type=suicidal_ideation&amp;assessment={a.pk}&amp;session=7"
    assert crisis_link in html
    assert 'href="/sessions/7/" data-step-link="emergency_card"' in html
    # "Why this result" in words, never the raw code.
    why = html.split('id="why-h"', 1)[1].split("</ul>", 1)[0]
    assert "question 5 = yes → acute positive" in why
    assert "acute_positive" not in why and "_" not in why


def test_result_page_records_done_and_refuses_declined_without_reason(world, page_as) -> None:
    a = _asq(world)
    page = page_as("clinician")
    url = f"/clients/{world.client.pk}/assessments/{a.pk}/pathway/"
    r = page.post(url, {"action": "keep_on_line", "outcome": "done", "session": "7"})
    assert r.status_code == 302
    assert r["Location"] == f"/clients/{world.client.pk}/assessments/{a.pk}/?session=7#pathway"
    r = page.post(url, {"action": "stat_evaluation", "outcome": "declined", "reason": ""})
    assert r.status_code == 422
    html = r.content.decode()
    assert "reason: say why this step was declined" in html
    assert 'aria-invalid="true"' in html
    assert list(PathwayAction.objects.values_list("action", "outcome")) == [
        ("keep_on_line", "done")
    ]
    html = page.get(f"/clients/{world.client.pk}/assessments/{a.pk}/").content.decode()
    assert 'data-recorded="done"' in html


def test_client_page_shows_the_open_pathway(world, page_as) -> None:
    a = _asq(world, NON_ACUTE)
    page = page_as("clinician")
    html = page.get(f"/clients/{world.client.pk}/").content.decode()
    assert 'data-pathway="asq_non_acute_positive"' in html
    assert (
        f'href="/clients/{world.client.pk}/assessments/new/safet/" data-step-link="safet"' in html
    )
    r = page.post(
        f"/clients/{world.client.pk}/assessments/{a.pk}/pathway/",
        {"action": "safet", "outcome": "done", "next": "client"},
    )
    assert r["Location"] == f"/clients/{world.client.pk}/#risk"
    for code in ("crisis_resources", "safety_plan"):
        record_pathway_action(
            actor=world.users["clinician"], assessment=a, action=code, outcome="done"
        )
    # The BSSA step is done by recording the BSSA that follows this ASQ (issue 12, instruments).
    services.record_assessment(
        actor=world.users["clinician"],
        client=world.client,
        instrument="bssa",
        variant="adult",
        follows=a,
        answers={
            "thoughts_past_weeks": "yes",
            "thoughts_now": "no",
            "plan": "no",
            "attempt_ever": "no",
            "disposition": "further_evaluation",
        },
    )
    html = page.get(f"/clients/{world.client.pk}/").content.decode()
    # Every step of the ASQ's pathway is recorded: the panel now asks for the BSSA's next tier.
    assert 'data-pathway="asq_non_acute_positive"' not in html
    assert 'data-pathway="bssa_further_evaluation"' in html


def test_pathway_api(world, api_as) -> None:
    a = _asq(world)
    api = api_as("clinician")
    base = f"/api/v1/clients/{world.client.pk}/assessments/{a.pk}"
    body = api.get(f"{base}/pathway?session=3").json()
    assert body["pathway"] == "asq_acute_positive" and body["urgency"] == "stop"
    assert [s["action"] for s in body["steps"]] == [
        "keep_on_line",
        "stat_evaluation",
        "open_crisis",
        "emergency_card",
    ]
    crisis = body["steps"][2]
    assert crisis["kind"] == "crisis" and crisis["target"] == "suicidal_ideation"
    assert crisis["href"].endswith(f"?type=suicidal_ideation&assessment={a.pk}&session=3")
    assert {s["status"] for s in body["steps"]} == {"open"}
    r = api.post(f"{base}/pathway-actions", {"action": "open_crisis", "outcome": "declined"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "reason"]
    r = api.post(f"{base}/pathway-actions", {"action": "wrong", "outcome": "done"})
    assert r.status_code == 422
    r = api.post(
        f"{base}/pathway-actions",
        {"action": "open_crisis", "outcome": "declined", "reason": "Mobile crisis already on site"},
    )
    assert r.status_code == 201 and r.json()["outcome"] == "declined"
    body = api.get(f"{base}/pathway").json()
    assert body["steps"][2]["status"] == "declined" and body["open_steps"] == 3
    negative = _asq(world, NEGATIVE)
    body = api.get(f"/api/v1/clients/{world.client.pk}/assessments/{negative.pk}/pathway").json()
    assert body["pathway"] is None and body["steps"] == []
