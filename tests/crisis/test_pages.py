"""The crisis pages: crisis mode keeps the client-local numbers, people and plan in view, never a plain
"Call 911"; one-tap entries; the lost-connection screen; the live view; the note editor."""

from __future__ import annotations

import re
from typing import Any

import pytest

from safeplan.crisis import services
from safeplan.crisis.models import CrisisEvent, CrisisNote, TimelineEntry
from tests.crisis import builders
from tests.factories import World

SHORT_CODE_LINK = re.compile(r"tel:\+?(911|112|999|000|988)\b")


def _no_plain_911(html: str) -> None:
    assert not SHORT_CODE_LINK.search(html)
    assert "Call 911" not in html and "call 911" not in html


@pytest.fixture
def session(world: World) -> Any:
    return builders.started_session(world)


def test_client_page_offers_crisis_mode_from_the_session(
    world: World, page_as: Any, session: Any
) -> None:
    html = page_as("clinician").get(f"/clients/{world.client.pk}/").content.decode()
    assert f"/clients/{world.client.pk}/crisis/new/?session={session.pk}" in html
    assert f"/sessions/{session.pk}/connection-lost/" in html
    _no_plain_911(html)


def test_open_crisis_mode_from_the_page(world: World, page_as: Any, session: Any) -> None:
    http = page_as("clinician")
    url = f"/clients/{world.client.pk}/crisis/new/?session={session.pk}"
    form = http.get(url)
    assert (
        form.status_code == 200 and "Suicidal ideation with intent or plan" in form.content.decode()
    )
    bad = http.post(url, {"session": session.pk, "crisis_type": "panic"})
    assert bad.status_code == 422 and not CrisisEvent.objects.exists()
    response = http.post(url, {"session": session.pk, "crisis_type": "suicidal_ideation"})
    event = CrisisEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/crisis/{event.pk}/"
    assert event.session_id == session.pk


def test_crisis_screen_keeps_what_matters_in_view(world: World, page_as: Any, session: Any) -> None:
    from safeplan.plans.services import add_pending_means_entry

    add_pending_means_entry(
        client=world.client, means="firearm", actor=world.users["clinician"], source="test"
    )
    event = builders.open_crisis(world, session=session)
    html = page_as("clinician").get(f"/crisis/{event.pk}/").content.decode()
    assert "55 Fruit Street, Apt 4" in html  # the session's confirmed location
    assert 'href="tel:+16173434200"' in html  # the 911 centre's 10-digit line there
    assert "Robin Carter (sister)" in html and 'href="tel:+16175550166"' in html
    assert "Making my environment safer" in html and "Firearm" in html  # plan section 6
    assert "Ask about ideation, plan and intent" in html  # the protocol's steps
    assert "From your phone:" in html
    _no_plain_911(html)


@pytest.mark.parametrize(
    "crisis_type",
    [
        "self_harm",
        "medical_emergency",
        "harm_to_others",
        "abuse_disclosure",
        "intoxication_overdose",
        "other",
    ],
)
def test_no_plain_911_in_any_crisis_type(
    world: World, page_as: Any, session: Any, crisis_type: str
) -> None:
    event = builders.open_crisis(world, session=session, crisis_type=crisis_type)
    html = page_as("clinician").get(f"/crisis/{event.pk}/").content.decode()
    _no_plain_911(html)
    assert 'href="tel:+16173434200"' in html


def test_one_tap_entry_and_double_tap(world: World, page_as: Any, session: Any) -> None:
    event = builders.open_crisis(world, session=session)
    http = page_as("clinician")
    body = {
        "kind": "call",
        "payload": '{"to": "psap", "outcome": "answered", "name": "Boston 911 centre"}',
        "key": "abc123",
    }
    first = http.post(f"/crisis/{event.pk}/entries/", body)
    second = http.post(f"/crisis/{event.pk}/entries/", body)
    assert first.status_code == 302 and second.status_code == 302
    assert TimelineEntry.objects.filter(event=event, kind="call").count() == 1
    page = http.get(f"/crisis/{event.pk}/").content.decode()
    assert "Emergency disclosure to record" in page  # an answered call to the PSAP
    bad = http.post(f"/crisis/{event.pk}/entries/", {"kind": "call", "payload": '{"to": "psap"}'})
    assert bad.status_code == 422 and "payload.outcome" in bad.content.decode()


def test_closing_from_the_page_and_signing_the_note(world: World, page_as: Any) -> None:
    event = builders.open_crisis(world)
    http = page_as("clinician")
    bad = http.post(f"/crisis/{event.pk}/close/", {"outcome": "", "disposition": "other"})
    assert bad.status_code == 422
    form = http.get(f"/crisis/{event.pk}/close/").content.decode()
    assert "Safety-critical steps (required)" in form
    assert 'data-check="lethal_means"' in form and 'name="skip_lethal_means"' in form
    assert 'Outcome <span class="req small">(required)</span>' in form
    basics = {
        "outcome": "resolved_remotely",
        "disposition": "continue_outpatient",
        "risk_level": "low",
    }
    refused = http.post(f"/crisis/{event.pk}/close/", {**basics, "skip_lethal_means": "None"})
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "Not closed." in html and "location confirmed" in html and "disposition" in html
    assert "None" in html  # the reason typed is kept
    assert event.entries.filter(kind="step_skipped").count() == 0  # nothing written
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="step_done",
        payload={"step": "confirm_location"},
    )
    done = http.post(
        f"/crisis/{event.pk}/close/",
        {
            **basics,
            "skip_suicide_inquiry": "Inquiry done in the ASQ and SAFE-T",
            "skip_lethal_means": "No means at home",
            "skip_arrange_care": "Manageable remotely",
        },
    )
    note = CrisisNote.objects.get(event=event)
    assert done.status_code == 302 and done["Location"] == f"/crisis/notes/{note.pk}/"
    editor = http.get(f"/crisis/notes/{note.pk}/").content.decode()
    assert "Complete and sign" in editor
    content = dict(note.content)
    content["risk_rationale"] = (
        "Ideation without intent after the plan was reviewed; sister present."
    )
    signed = http.post(f"/crisis/notes/{note.pk}/", {**content, "action": "sign"})
    assert signed.status_code == 302
    note.refresh_from_db()
    assert note.is_signed and note.signed_by == world.users["clinician"]
    page = http.get(f"/crisis/notes/{note.pk}/").content.decode()
    assert "Signed by" in page and "Write an amendment" in page


def test_lost_connection_screen(world: World, page_as: Any, session: Any) -> None:
    http = page_as("clinician")
    response = http.post(f"/sessions/{session.pk}/connection-lost/", {"at_risk": "1"})
    event = CrisisEvent.objects.get(crisis_type="lost_connection")
    assert response["Location"] == f"/crisis/{event.pk}/"
    html = http.get(f"/crisis/{event.pk}/").content.decode()
    assert "Now: Retry the video once" in html
    assert "data-deadline=" in html and "/static/js/crisis.js" in html
    assert "client at risk this session" in html
    _no_plain_911(html)
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="video_retry",
        payload={"outcome": "failed"},
    )
    html = http.get(f"/crisis/{event.pk}/").content.decode()
    assert "Now: Call the client&#x27;s backup phone" in html
    assert 'href="tel:+16175550101"' in html and 'href="tel:+16175550155"' in html


def test_live_view_lists_open_crises(world: World, page_as: Any) -> None:
    event = builders.open_crisis(world)
    html = page_as("supervisor").get("/crisis/").content.decode()
    assert f"/crisis/{event.pk}/" in html and 'hx-get="/crisis/live/"' in html
    partial = page_as("supervisor").get("/crisis/live/").content.decode()
    assert "A-001" in partial
    assert "A-001" not in page_as("clinician_off").get("/crisis/live/").content.decode()


def test_client_portal_says_the_clinician_is_calling(
    world: World, page_as: Any, session: Any
) -> None:
    portal = page_as("client")
    assert "The video connection was lost" not in portal.get("/portal/").content.decode()
    event, _ = services.start_disconnection(actor=world.users["clinician"], session=session)
    html = portal.get("/portal/").content.decode()
    assert "The video connection was lost" in html
    assert "Your clinician is trying to reach you at +1 617-555-0101" in html
    world.client.preferred_language = "es"
    world.client.save()
    spanish = page_as("client").get("/portal/").content.decode()
    assert "Se perdió la conexión de video" in spanish
    assert "Su profesional está intentando comunicarse con usted al +1 617-555-0101" in spanish
    world.client.preferred_language = "en"
    world.client.save()
    services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="reconnected",
        payload={"channel": "video"},
    )
    assert "The video connection was lost" not in portal.get("/portal/").content.decode()


def test_lost_connection_screen_applies_a_passed_deadline(
    world: World, page_as: Any, session: Any
) -> None:
    import datetime as dt

    import time_machine
    from django.utils import timezone

    from safeplan.crisis.models import DisconnectionProtocol
    from safeplan.notifications.models import Notification

    event, _ = services.start_disconnection(
        actor=world.users["clinician"], session=session, clinician_flag=True
    )
    http = page_as("clinician")
    assert 'class="cr-pending"' not in http.get(f"/crisis/{event.pk}/").content.decode()
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=11), tick=False):
        html = http.get(f"/crisis/{event.pk}/").content.decode()
        # The screen already shows where time has brought the protocol, and asks the server to record it.
        assert "Now: Call the support person" in html and 'class="cr-pending"' in html
        assert DisconnectionProtocol.objects.get(event=event).step == "retry_video"
        assert http.post(f"/crisis/{event.pk}/advance/", {"js": "1"}).status_code == 204
        stored = DisconnectionProtocol.objects.get(event=event)
        assert stored.step == "call_support_person" and stored.escalated == "at_risk_unreached"
        assert 'class="cr-pending"' not in http.get(f"/crisis/{event.pk}/").content.decode()
    assert Notification.objects.filter(kind="crisis.escalated", urgent=True).count() == 1
