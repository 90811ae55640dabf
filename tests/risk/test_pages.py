"""Clinician and portal pages: forms score and save through the same services, errors show next to the
question, the client page shows the flag, the prompted screen, results with explanations and the chart."""

from __future__ import annotations

from typing import Any

from safeplan.risk import services
from safeplan.risk.models import Assessment, AssessmentRequest
from safeplan.risk.selectors import current_risk_level

PHQ = {f"item{i}": "0" for i in range(1, 9)}


def test_clinician_runs_phq9_on_the_page(world, page_as) -> None:
    page = page_as("clinician")
    form = page.get(f"/clients/{world.client.pk}/assessments/new/phq9/")
    assert form.status_code == 200
    html = form.content.decode()
    assert "Little interest or pleasure in doing things" in html
    assert "with an educational grant from Pfizer Inc." in html
    r = page.post(f"/clients/{world.client.pk}/assessments/new/phq9/", PHQ | {"item9": "1"})
    assert r.status_code == 302
    a = Assessment.objects.get()
    assert (a.total, a.code, a.channel) == (1, "minimal", "clinician")
    detail = page.get(r["Location"]).content.decode()
    assert "item 9 = 1 (&gt; 0) → item 9 positive" in detail
    assert "Run the ASQ" in detail


def test_missing_item_is_stored_as_incomplete_and_says_so(world, page_as) -> None:
    page = page_as("clinician")
    r = page.post(f"/clients/{world.client.pk}/assessments/new/phq9/", PHQ)
    assert r.status_code == 302
    a = Assessment.objects.get()
    assert (a.complete, a.total, a.missing_items) == (False, None, ["item9"])
    html = page.get(r["Location"]).content.decode()
    assert "Incomplete" in html and "item 9 not answered" in html  # in words (issue 11)
    assert f"/clients/{world.client.pk}/assessments/new/phq9/?corrects={a.pk}" in html


def test_asq_skip_logic_error_on_the_page(world, page_as) -> None:
    r = page_as("clinician").post(
        f"/clients/{world.client.pk}/assessments/new/asq/",
        {"q1": "no", "q2": "no", "q3": "no", "q4": "no", "q5": "no"},
    )
    assert r.status_code == 422
    assert 'id="err-q5"' in r.content.decode()
    assert Assessment.objects.count() == 0


def test_cssrs_page_ships_no_columbia_wording(world, page_as) -> None:
    html = page_as("clinician").get(f"/clients/{world.client.pk}/assessments/new/cssrs_screener/")
    text = html.content.decode()
    assert "Passive wish to be dead or not to wake up" in text
    assert "item wording is not included" in text


def test_client_page_panel(world, page_as) -> None:
    clinician = world.users["clinician"]
    services.record_assessment(
        actor=clinician,
        client=world.client,
        instrument="phq9",
        answers={f"item{i}": 2 for i in range(1, 9)} | {"item9": 1},
    )
    services.record_assessment(
        actor=clinician,
        client=world.client,
        instrument="gad7",
        answers={f"item{i}": 1 for i in range(1, 8)},
    )
    html = page_as("clinician").get(f"/clients/{world.client.pk}/").content.decode()
    assert 'data-risk-level="low"' in html
    assert "Suicide-risk screen prompted." in html
    assert "total 17" in html and "moderately severe" in html
    assert "items 1–9 sum to 17" in html
    assert "<svg" in html and "PHQ-9 and GAD-7 totals over time" in html
    assert "Risk level over time" in html
    assert "<table>" in html  # the chart's data as a table
    assert "tel:911" not in html


def test_crisis_banner_on_client_page_after_asq_acute(world, page_as) -> None:
    services.record_assessment(
        actor=world.users["clinician"],
        client=world.client,
        instrument="asq",
        answers={"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "yes"},
    )
    html = page_as("supervisor").get(f"/clients/{world.client.pk}/").content.decode()
    assert "crisis-banner" in html and "High risk" in html
    assert "Call 911" not in html and "tel:911" not in html


def test_flag_page_lowering_without_reason(world, page_as) -> None:
    services.set_risk_level(actor=world.users["clinician"], client=world.client, level="high")
    page = page_as("clinician")
    r = page.post(f"/clients/{world.client.pk}/risk-flag/", {"level": "low", "reason": ""})
    assert r.status_code == 422
    assert "requires a reason" in r.content.decode()
    assert current_risk_level(world.client) == "high"
    r = page.post(
        f"/clients/{world.client.pk}/risk-flag/", {"level": "low", "reason": "Reassessed"}
    )
    assert r.status_code == 302 and current_risk_level(world.client) == "low"


def test_safet_page_saves_and_adds_means(world, page_as) -> None:
    r = page_as("clinician").post(
        f"/clients/{world.client.pk}/assessments/new/safet/",
        {
            "risk_factors": ["access_to_firearms", "hopelessness"],
            "protective_factors": ["social_supports"],
            "inquiry_ideation": "yes",
            "inquiry_ideation_notes": "Daily passive thoughts",
            "inquiry_plan": "no",
            "inquiry_behaviours": "no",
            "inquiry_intent": "no",
            "level": "moderate",
            "rationale": "Ideation without plan",
            "intervention": "Safety plan updated",
            "follow_up": "Call in 48 hours",
            "firearms_instructions": "Brother will store the rifle",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    a = Assessment.objects.get(instrument="safet")
    assert a.answers["inquiry"]["ideation"] == {"present": True, "notes": "Daily passive thoughts"}
    assert current_risk_level(world.client) == "moderate"


def test_safet_page_names_missing_inquiry(world, page_as) -> None:
    r = page_as("clinician").post(
        f"/clients/{world.client.pk}/assessments/new/safet/",
        {
            "level": "low",
            "rationale": "r",
            "intervention": "i",
            "follow_up": "f",
            "inquiry_ideation": "no",
        },
    )
    assert r.status_code == 422
    assert 'id="inq-plan-err"' in r.content.decode()


def _request(world: Any, instrument: str = "phq9") -> AssessmentRequest:
    return services.request_assessment(
        actor=world.users["clinician"], client=world.client, instrument=instrument
    )


def test_portal_client_completes_request_and_sees_crisis_resources(world, page_as) -> None:
    req = _request(world)
    page = page_as("client")
    home = page.get("/portal/").content.decode()
    assert f"/portal/assessments/{req.pk}/" in home
    form = page.get(f"/portal/assessments/{req.pk}/")
    assert form.status_code == 200
    r = page.post(f"/portal/assessments/{req.pk}/", PHQ | {"item9": "2"})
    assert r.status_code == 302
    done = page.get(r["Location"]).content.decode()
    assert "Help is available right now" in done
    assert 'href="tel:' in done
    a = Assessment.objects.get()
    assert (a.channel, a.administered_by, a.request_id) == ("portal", world.users["client"], req.pk)
    req.refresh_from_db()
    assert req.completed_at is not None
    assert current_risk_level(world.client) == "low"
    # answered requests cannot be answered twice
    again = page.post(f"/portal/assessments/{req.pk}/", PHQ | {"item9": "0"})
    assert "Already answered" in again.content.decode()
    assert Assessment.objects.count() == 1


def test_portal_negative_screen_shows_no_alarm(world, page_as) -> None:
    req = _request(world, "gad7")
    page = page_as("client")
    r = page.post(f"/portal/assessments/{req.pk}/", {f"item{i}": "0" for i in range(1, 8)})
    done = page.get(r["Location"]).content.decode()
    assert "Help is available right now" not in done
    assert "Thank you" in done


def test_portal_spanish_ui_with_english_instrument(world, page_as) -> None:
    world.client.preferred_language = "es"
    world.client.save()
    req = _request(world)
    html = page_as("client").get(f"/portal/assessments/{req.pk}/").content.decode()
    assert "Little interest or pleasure in doing things" in html  # official English text
    assert 'lang="en"' in html
    assert "no está instalada" in html  # Spanish chrome says the official Spanish is not installed


def test_repeating_request_opens_the_next_one(world, page_as) -> None:
    req = services.request_assessment(
        actor=world.users["clinician"], client=world.client, instrument="gad7", repeat_every_days=14
    )
    page_as("client").post(f"/portal/assessments/{req.pk}/", {f"item{i}": "1" for i in range(1, 8)})
    following = AssessmentRequest.objects.exclude(pk=req.pk).get()
    assert following.follows_id == req.pk and following.is_open
    assert (following.due_on - req.due_on).days == 14


def test_request_from_client_page_form(world, page_as) -> None:
    page = page_as("clinician")
    r = page.post(
        f"/clients/{world.client.pk}/assessment-requests/",
        {"req-instrument": "phq9", "req-repeat_every_days": "7"},
    )
    assert r.status_code == 302
    assert AssessmentRequest.objects.get().repeat_every_days == 7
    r = page.post(f"/clients/{world.client.pk}/assessment-requests/", {"req-instrument": "phq9"})
    assert r.status_code == 422  # one open request per instrument


def test_admin_loads_cssrs_text_then_clients_can_be_asked(world, page_as, api_as) -> None:
    r = api_as("clinician").post(
        f"/api/v1/clients/{world.client.pk}/assessment-requests", {"instrument": "cssrs_screener"}
    )
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "instrument"]
    items = "\n".join(
        f"{k} = Official wording {k}" for k in ("1", "2", "3", "4", "5", "6", "6_recent")
    )
    r = page_as("admin").post(
        "/risk/instrument-texts/",
        {
            "instrument": "cssrs_screener",
            "language": "en",
            "version": "Screen (test)",
            "items": items,
            "copyright_notice": "© The Research Foundation for Mental Hygiene, Inc.",
        },
    )
    assert r.status_code == 302
    html = (
        page_as("clinician")
        .get(f"/clients/{world.client.pk}/assessments/new/cssrs_screener/")
        .content.decode()
    )
    assert "Official wording 4" in html and "Research Foundation for Mental Hygiene" in html
    r = api_as("clinician").post(
        f"/api/v1/clients/{world.client.pk}/assessment-requests", {"instrument": "cssrs_screener"}
    )
    assert r.status_code == 201


def test_admin_cssrs_text_without_notice_is_refused(world, page_as) -> None:
    items = "\n".join(f"{k} = w" for k in ("1", "2", "3", "4", "5", "6", "6_recent"))
    r = page_as("admin").post(
        "/risk/instrument-texts/",
        {"instrument": "cssrs_screener", "language": "en", "version": "v", "items": items},
    )
    assert r.status_code == 422 and "copyright notice" in r.content.decode()
