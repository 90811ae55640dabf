"""The follow-up API end to end: bad input is a 4xx naming the field with nothing written; the client's
endpoints return crisis resources when answers or messages suggest risk; the calendar feed rotates."""

from __future__ import annotations

from typing import Any

import pytest
from icalendar import Calendar

from safeplan.followup.models import CalendarFeed, CaringSeries, CheckIn, CheckInSchedule, Message

ANSWERS = {"mood": 5, "urges": 1, "safe_now": True, "used_plan": False}


def _loc(response: Any) -> list[str]:
    return [".".join(str(p) for p in d["loc"][1:]) for d in response.json()["detail"]]


def test_schedule_round_trip(api_as: Any, world: Any) -> None:
    api = api_as("clinician")
    url = f"/api/v1/clients/{world.client.pk}/check-in-schedule"
    assert api.get(url).json() == {"schedule": None, "open_checkin": None}
    body = api.put(url, {"interval_days": 3, "quiet_start": "22:00", "quiet_end": "07:30"}).json()
    assert body["schedule"]["interval_days"] == 3
    assert body["schedule"]["quiet_start"] == "22:00" and body["schedule"]["quiet_end"] == "07:30"
    assert body["open_checkin"]["state"] == "due" and "answers" not in body["open_checkin"]
    body = api.put(url, {"interval_days": None}).json()
    assert body["schedule"]["follows_risk_level"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"interval_days": 0}, "interval_days"),
        ({"interval_days": -2}, "interval_days"),
        ({"quiet_start": "09:00", "quiet_end": "09:00"}, "quiet_end"),
        ({"time_zone": "Atlantis/Capital"}, "time_zone"),
    ],
)
def test_bad_schedule_is_422_and_writes_nothing(
    api_as: Any, world: Any, body: dict[str, Any], field: str
) -> None:
    response = api_as("clinician").put(f"/api/v1/clients/{world.client.pk}/check-in-schedule", body)
    assert response.status_code == 422
    assert field in _loc(response)
    assert not CheckInSchedule.objects.exists()


def test_portal_checkin_with_risk_returns_crisis_resources(api_as: Any, world: Any) -> None:
    api_as("clinician").put(f"/api/v1/clients/{world.client.pk}/check-in-schedule", {})
    response = api_as("client").post(
        "/api/v1/portal/check-ins", {"answers": {**ANSWERS, "safe_now": False}}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["checkin"]["risk_indicated"] is True
    resources = body["crisis_resources"]
    assert resources["emergency_number"] == "911"
    assert any(line["phone"] == "988" for line in resources["crisis_lines"])


def test_portal_checkin_bad_answer_names_the_field(api_as: Any, world: Any) -> None:
    api_as("clinician").put(f"/api/v1/clients/{world.client.pk}/check-in-schedule", {})
    response = api_as("client").post(
        "/api/v1/portal/check-ins", {"answers": {**ANSWERS, "mood": 99}}
    )
    assert response.status_code == 422
    assert _loc(response) == ["answers.mood"]
    assert CheckIn.objects.get().state == "due"


def test_oversize_message_is_refused(api_as: Any, world: Any) -> None:
    response = api_as("client").post("/api/v1/portal/messages", {"body": "x" * 2001})
    assert response.status_code == 422 and _loc(response) == ["body"]
    assert not Message.objects.exists()


def test_portal_message_with_crisis_language(api_as: Any, world: Any) -> None:
    response = api_as("client").post("/api/v1/portal/messages", {"body": "me quiero morir"})
    body = response.json()
    assert response.status_code == 201 and body["crisis"] is True
    assert body["crisis_resources"]["emergency_number"] == "911"
    assert "crisis_flag" not in body["message"], "the client does not see the staff flag"
    staff_view = api_as("clinician").get(f"/api/v1/clients/{world.client.pk}/messages").json()
    assert staff_view[0]["crisis_flag"] is True and staff_view[0]["body"] == "me quiero morir"


def test_caring_series_via_api(api_as: Any, world: Any) -> None:
    api = api_as("clinician")
    url = f"/api/v1/clients/{world.client.pk}/caring-contacts"
    created = api.post(url, {"reason": "discharge", "channel": "sms"})
    assert created.status_code == 201 and len(created.json()["contacts"]) == 11
    again = api.post(url, {"reason": "discharge", "channel": "sms"})
    assert again.status_code == 409
    bad = api.post(url, {"reason": "discharge", "channel": "pager"})
    assert bad.status_code == 422 and _loc(bad) == ["channel"]
    assert CaringSeries.objects.count() == 1
    stopped = api_as("client").post("/api/v1/portal/caring-contacts/stop")
    assert stopped.status_code == 200
    assert api_as("client").post("/api/v1/portal/caring-contacts/stop").status_code == 409


def test_calendar_feed_rotates_and_revokes(api_as: Any, world: Any, client: Any) -> None:
    api = api_as("clinician")
    api.put(f"/api/v1/clients/{world.client.pk}/check-in-schedule", {"interval_days": 2})
    first = api.post("/api/v1/me/calendar-feed").json()["url"]
    path = first.split("127.0.0.1:8000", 1)[1]
    response = client.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    summaries = [str(e["summary"]) for e in cal.walk("VEVENT")]
    assert summaries == ["Check-in due: A-001 (CC)"]
    assert b"Cleo" not in response.content and b"Client A-001" not in response.content
    second = api.post("/api/v1/me/calendar-feed").json()["url"]
    assert second != first
    assert client.get(path).status_code == 404, "the old address stops working at once"
    assert api.delete("/api/v1/me/calendar-feed").status_code == 204
    assert client.get(second.split("127.0.0.1:8000", 1)[1]).status_code == 404
    assert not CalendarFeed.objects.exists()


def test_dashboard_api(api_as: Any, world: Any) -> None:
    body = api_as("clinician").get("/api/v1/dashboard").json()
    assert set(body) >= {"overdue_checkins", "plans_past_review", "flagged", "alerts"}
    assert api_as("admin").get("/api/v1/dashboard").status_code == 403
