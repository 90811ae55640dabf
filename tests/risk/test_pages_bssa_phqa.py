"""BSSA and PHQ-A pages: the BSSA is reached from its ASQ by URL, shows the ASQ answers, saves through the
service, errors sit next to the item; the PHQ-A form is offered for minors."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from safeplan.risk import services
from safeplan.risk.models import Assessment

ASQ = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "no"}
BSSA_POST = {
    "variant": "adult",
    "thoughts_past_weeks": "yes",
    "thoughts_how_often": "a couple of times a week",
    "thoughts_now": "no",
    "plan": "no",
    "attempt_ever": "no",
    "symptoms": ["sleep", "hopelessness"],
    "intent": "2",
    "disposition": "further_evaluation",
}


def _asq(world: Any) -> Assessment:
    return services.record_assessment(
        actor=world.users["clinician"], client=world.client, instrument="asq", answers=ASQ
    )


def test_bssa_page_follows_the_asq(world, page_as) -> None:
    asq = _asq(world)
    page = page_as("clinician")
    base = f"/clients/{world.client.pk}/assessments/new/bssa/"
    form = page.get(f"{base}?follows={asq.pk}")
    assert form.status_code == 200
    html = form.content.decode()
    assert "Follows the ASQ of" in html
    assert "Are you having thoughts of killing yourself right now?" in html
    assert "National Institute of Mental Health" in html
    r = page.post(base, BSSA_POST | {"follows": str(asq.pk)})
    assert r.status_code == 302, r.content.decode()[:2000]
    created = Assessment.objects.get(instrument="bssa")
    assert (created.follows_id, created.code) == (asq.pk, "further_evaluation")
    assert created.answers["symptoms"] == ["hopelessness", "sleep"]
    assert created.answers["intent"] == 2
    detail = page.get(r["Location"]).content.decode()
    assert "Further evaluation of risk is necessary" in detail
    assert "Hopelessness, Sleep pattern" in detail
    asq_detail = page.get(f"/clients/{world.client.pk}/assessments/{asq.pk}/").content.decode()
    assert "Followed up by" in asq_detail


def test_bssa_page_errors_next_to_the_item_and_nothing_saved(world, page_as) -> None:
    asq = _asq(world)
    page = page_as("clinician")
    base = f"/clients/{world.client.pk}/assessments/new/bssa/"
    r = page.post(base, BSSA_POST | {"follows": str(asq.pk), "thoughts_now": "yes"})
    assert r.status_code == 422
    html = r.content.decode()
    assert 'id="err-disposition"' in html and "STAT" in html
    r = page.post(base, BSSA_POST)  # no ASQ
    assert r.status_code == 422
    assert "a BSSA follows a positive ASQ" in r.content.decode()
    assert not Assessment.objects.filter(instrument="bssa").exists()


def test_bssa_page_unknown_asq_is_404(world, page_as) -> None:
    page = page_as("clinician")
    r = page.get(f"/clients/{world.client.pk}/assessments/new/bssa/?follows=999999")
    assert r.status_code == 404


def test_phqa_page_for_a_minor(world, page_as) -> None:
    world.client.date_of_birth = dt.date(timezone.localdate().year - 15, 1, 1)
    world.client.save()
    page = page_as("clinician")
    home = page.get(f"/clients/{world.client.pk}/").content.decode()
    assert "/assessments/new/phqa/" in home
    base = f"/clients/{world.client.pk}/assessments/new/phqa/"
    html = page.get(base).content.decode()
    assert "Feeling down, depressed, irritable, or hopeless?" in html
    assert "Have you EVER, in your WHOLE LIFE, tried to kill yourself" in html
    post = {f"item{i}": "1" for i in range(1, 10)} | {
        "serious_thoughts_past_month": "no",
        "attempt_ever": "no",
    }
    r = page.post(base, post)
    assert r.status_code == 302
    a = Assessment.objects.get(instrument="phqa")
    assert (a.total, a.code, a.implied_level) == (9, "mild", "low")


def test_phqa_page_for_an_adult_is_refused(world, page_as) -> None:
    page = page_as("clinician")
    post = {f"item{i}": "0" for i in range(1, 10)} | {
        "serious_thoughts_past_month": "no",
        "attempt_ever": "no",
    }
    r = page.post(f"/clients/{world.client.pk}/assessments/new/phqa/", post)
    assert r.status_code == 422
    assert "use the PHQ-9" in r.content.decode()
    assert not Assessment.objects.exists()


def test_asq_result_pathway_offers_the_bssa_for_this_asq(world, page_as) -> None:
    asq = _asq(world)
    page = page_as("clinician")
    html = page.get(f"/clients/{world.client.pk}/assessments/{asq.pk}/").content.decode()
    href = f"/clients/{world.client.pk}/assessments/new/bssa/?follows={asq.pk}"
    assert f'href="{href}"' in html
    assert "Follows the ASQ of" in page.get(href).content.decode()


def test_minor_completes_a_requested_phqa_in_the_portal(world, page_as) -> None:
    """A minor answers "yes" to a lifetime attempt only: the safety item acts (resources, flag low)."""
    world.client.date_of_birth = dt.date(timezone.localdate().year - 16, 1, 1)
    world.client.save()
    req = services.request_assessment(
        actor=world.users["clinician"], client=world.client, instrument="phqa"
    )
    page = page_as("client")
    html = page.get(f"/portal/assessments/{req.pk}/").content.decode()
    assert "Have you EVER, in your WHOLE LIFE, tried to kill yourself" in html
    post = {f"item{i}": "0" for i in range(1, 10)} | {
        "serious_thoughts_past_month": "no",
        "attempt_ever": "yes",
    }
    r = page.post(f"/portal/assessments/{req.pk}/", post)
    assert r.status_code == 302
    done = page.get(r["Location"]).content.decode()
    assert "Help is available right now" in done
    a = Assessment.objects.get(instrument="phqa")
    assert (a.channel, a.implied_level, a.total) == ("portal", "low", 0)


def test_asq_form_shows_the_youth_guidance_where_it_applies(world, page_as) -> None:
    page = page_as("clinician")
    url = f"/clients/{world.client.pk}/assessments/new/asq/"
    assert "Youth ASQ (NIMH)" not in page.get(url).content.decode()  # an adult
    world.client.date_of_birth = dt.date(timezone.localdate().year - 21, 1, 1)
    world.client.save()
    assert "Youth ASQ (NIMH)" not in page.get(url).content.decode()  # 21, workflow not set
    world.org.policy = {**(world.org.policy or {}), "risk.youth_asq_workflow": True}
    world.org.save()
    assert "Youth ASQ (NIMH)" in page.get(url).content.decode()  # 21, youth workflow 10–24
    world.client.date_of_birth = dt.date(timezone.localdate().year - 7, 1, 1)
    world.client.save()
    assert "arrange a full mental-health evaluation" in page.get(url).content.decode()
