"""Follow-up pages: staff forms (bad input → 422 next to the field, nothing written), the client's
check-in and messages pages (crisis resources shown at once, Spanish for Spanish speakers), the opt-out
link (forged → 400, GET changes nothing, POST stops at once) and the settings pages."""

from __future__ import annotations

from typing import Any

from django.core import signing

from safeplan.followup import optout
from safeplan.followup.models import CaringMessageText, CaringSeries, CheckInSchedule, Message
from safeplan.followup.services import caring, schedules

PHONE = {"phone-mood": "4", "phone-urges": "2", "phone-safe_now": "yes", "phone-used_plan": "no"}
PORTAL = {
    "mood": "4",
    "urges": "2",
    "safe_now": "yes",
    "used_plan": "yes",
    "plan_helped": "somewhat",
}


def _schedule(world: Any) -> CheckInSchedule:
    return schedules.set_schedule(
        actor=world.users["clinician"], client=world.client, changes={"interval_days": 7}
    )


def test_schedule_form_saves_and_rejects(world: Any, page_as: Any) -> None:
    page = page_as("clinician")
    url = f"/clients/{world.client.pk}/check-ins/"
    assert page.get(url).status_code == 200
    form = {
        "interval_days": "5",
        "reminder_channel": "sms",
        "time_zone": "America/Chicago",
        "quiet_start": "22:00",
        "quiet_end": "22:00",
        "active": "on",
    }
    bad = page.post(url, form)
    assert bad.status_code == 422 and b"quiet hours cannot cover the whole day" in bad.content
    assert not CheckInSchedule.objects.exists()
    ok = page.post(url, {**form, "quiet_end": "07:00"})
    assert ok.status_code == 302
    assert CheckInSchedule.objects.get().time_zone == "America/Chicago"


def test_phone_checkin_and_close(world: Any, page_as: Any) -> None:
    schedule = _schedule(world)
    page = page_as("clinician")
    response = page.post(f"/clients/{world.client.pk}/check-ins/phone/", PHONE)
    assert response.status_code == 302
    assert schedule.checkins.filter(state="completed", channel="phone").count() == 1
    bad = page.post(f"/clients/{world.client.pk}/check-ins/phone/", {**PHONE, "phone-mood": "12"})
    assert bad.status_code == 422


def test_portal_checkin_shows_crisis_resources_when_not_safe(world: Any, page_as: Any) -> None:
    _schedule(world)
    page = page_as("client")
    assert page.get("/portal/check-in/").status_code == 200
    done = page.post("/portal/check-in/", {**PORTAL, "safe_now": "no"})
    assert done.status_code == 200
    assert b"Help is available right now" in done.content
    assert b'href="tel:911"' in done.content and b'href="tel:988"' in done.content


def test_portal_checkin_in_spanish(world: Any, page_as: Any) -> None:
    world.client.preferred_language = "es"
    world.client.save()
    _schedule(world)
    page = page_as("client")
    assert (
        "¿Puede mantenerse a salvo ahora mismo?".encode() in page.get("/portal/check-in/").content
    )
    done = page.post("/portal/check-in/", PORTAL)
    assert "Su seguimiento se envió a su equipo de atención.".encode() in done.content


def test_portal_message_with_crisis_language_shows_help(world: Any, page_as: Any) -> None:
    response = page_as("client").post("/portal/messages/", {"body": "I want to kill myself"})
    assert response.status_code == 200
    assert b"Help is available right now" in response.content
    assert b"I want to kill myself" in response.content, "never hidden"
    assert Message.objects.get().crisis_flag


def test_portal_message_too_long(world: Any, page_as: Any) -> None:
    response = page_as("client").post("/portal/messages/", {"body": "x" * 2001})
    assert response.status_code == 422 and not Message.objects.exists()


def test_staff_messages_page_never_offers_a_plain_911(world: Any, page_as: Any) -> None:
    page_as("client").post("/portal/messages/", {"body": "I want to die"})
    staff = page_as("clinician").get(f"/clients/{world.client.pk}/messages/")
    assert staff.status_code == 200
    assert b"crisis language" in staff.content
    assert b"tel:911" not in staff.content and b"Call 911" not in staff.content
    reply = page_as("clinician").post(
        f"/clients/{world.client.pk}/messages/", {"body": "Calling you now."}
    )
    assert reply.status_code == 302
    assert Message.objects.filter(direction="to_client").count() == 1


def _series(world: Any) -> CaringSeries:
    return caring.start_series(
        actor=world.users["clinician"], client=world.client, reason="crisis", channel="sms"
    )


def test_opt_out_link(world: Any, client: Any) -> None:
    series = _series(world)
    url = f"/caring/stop/{optout.opt_out_token(series)}/"
    page = client.get(url)
    assert page.status_code == 200 and b"Stop the messages" in page.content
    series.refresh_from_db()
    assert series.ended_at is None, "a GET (or a mail scanner) changes nothing"
    done = client.post(url)
    assert done.status_code == 200 and b"Messages stopped" in done.content
    series.refresh_from_db()
    assert series.end_reason == "opted_out"
    again = client.get(url)
    assert b"already stopped" in again.content


def test_forged_or_expired_opt_out_link_is_400(world: Any, client: Any) -> None:
    series = _series(world)
    forged = signing.dumps({"s": series.pk}, salt="not-ours")
    for token in (forged, "garbage", optout.opt_out_token(series)[:-3] + "abc"):
        response = client.post(f"/caring/stop/{token}/")
        assert response.status_code == 400
    series.refresh_from_db()
    assert series.ended_at is None


def test_caring_pages(world: Any, page_as: Any) -> None:
    page = page_as("clinician")
    url = f"/clients/{world.client.pk}/caring/"
    assert (
        page.post(url, {"reason": "crisis", "channel": "email", "language": "en"}).status_code
        == 422
    )
    assert (
        page.post(url, {"reason": "crisis", "channel": "sms", "language": "en"}).status_code == 302
    )
    listing = page.get(url)
    assert listing.status_code == 200 and listing.content.count(b"<tr><td>") == 11


def test_caring_wording_settings(world: Any, page_as: Any) -> None:
    page = page_as("admin")
    assert page.get("/settings/caring-contacts/").status_code == 200
    response = page.post("/settings/caring-contacts/", {"en-1": "Thinking of you, from Clinic A."})
    assert response.status_code == 302
    assert CaringMessageText.objects.get().body == "Thinking of you, from Clinic A."
    too_long = page.post("/settings/caring-contacts/", {"en-2": "x" * 601})
    assert too_long.status_code == 422


def test_calendar_settings_page(world: Any, page_as: Any) -> None:
    page = page_as("clinician")
    created = page.post("/settings/calendar/", {"action": "create"})
    assert created.status_code == 200 and b"/calendar/" in created.content
    revoked = page.post("/settings/calendar/", {"action": "revoke"})
    assert revoked.status_code == 302


def test_client_page_panel(world: Any, page_as: Any) -> None:
    _schedule(world)
    page = page_as("clinician").get(f"/clients/{world.client.pk}/")
    assert page.status_code == 200 and b"Between sessions" in page.content


def test_portal_home_panel(world: Any, page_as: Any) -> None:
    _schedule(world)
    page = page_as("client").get("/portal/")
    assert page.status_code == 200 and b"Answer my check-in" in page.content
