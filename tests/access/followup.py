"""Access cases for follow-up: check-ins, caring contacts, messages, notifications, the dashboard, the
calendar feed, the client's portal pages and the two pages reached by a link (opt-out, calendar)."""

from __future__ import annotations

from typing import Any

from tests.access import Case, staff_api, staff_page
from tests.factories import World

PERSONAS = (
    "anonymous",
    "admin",
    "supervisor",
    "clinician",
    "clinician_off",
    "client",
    "other_admin",
)
ANSWERS = {"mood": 5, "urges": 1, "safe_now": True, "used_plan": False}
PHONE_FORM = {
    "phone-mood": "5",
    "phone-urges": "1",
    "phone-safe_now": "yes",
    "phone-used_plan": "no",
}


def _all(status: Any, **overrides: Any) -> dict[str, Any]:
    return {**dict.fromkeys(PERSONAS, status), **overrides}


def portal_only(ok: int, anonymous: int) -> dict[str, Any]:
    return _all(404, client=ok, anonymous=anonymous)


def _schedule(world: World) -> dict[str, Any]:
    from safeplan.followup import selectors
    from safeplan.followup.services import schedules

    schedule = schedules.set_schedule(
        actor=world.users["clinician"], client=world.client, changes={"interval_days": 7}
    )
    return {"checkin_id": selectors.open_checkin(schedule).pk}  # type: ignore[union-attr]


def _series(world: World) -> dict[str, Any]:
    from safeplan.followup import optout
    from safeplan.followup.services import caring

    series = caring.start_series(
        actor=world.users["clinician"], client=world.client, reason="crisis", channel="sms"
    )
    return {"series_id": series.pk, "token": optout.opt_out_token(series)}


def _alert(world: World) -> dict[str, Any]:
    from safeplan.notifications import services
    from safeplan.notifications.models import Notification

    services.notify(
        recipients=[world.users["clinician"]],
        kind="checkin_missed",
        title="Check-in missed: A-001",
        link=f"/clients/{world.client.pk}/",
        client=world.client,
        dedupe_key="access:alert",
        urgent=True,
    )
    return {
        "notification_id": Notification.objects.get(
            dedupe_key=f"access:alert|u{world.users['clinician'].pk}"
        ).pk
    }


def _feed(world: World) -> dict[str, Any]:
    from safeplan.followup.services import calendar as calendar_services

    url = calendar_services.create_or_rotate(actor=world.users["clinician"])
    return {"secret": url.rsplit("/", 1)[1].removesuffix(".ics")}


CLINICAL_ONLY = _all(403, anonymous=401, supervisor=200, clinician=200, clinician_off=200)

CASES = [
    # --- staff API on a client ---------------------------------------------------------------------
    Case("GET", "/api/v1/clients/{client_id}/check-in-schedule", staff_api()),
    Case(
        "PUT",
        "/api/v1/clients/{client_id}/check-in-schedule",
        staff_api(),
        body={"interval_days": 7, "quiet_start": "21:00", "quiet_end": "08:00"},
    ),
    Case("GET", "/api/v1/clients/{client_id}/check-ins", staff_api()),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/check-ins",
        staff_api(supervisor=201, clinician=201),
        body={"answers": ANSWERS},
    ),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/check-ins/{checkin_id}/close",
        staff_api(),
        body={"outcome": "reached"},
        setup=_schedule,
    ),
    Case("GET", "/api/v1/clients/{client_id}/caring-contacts", staff_api()),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/caring-contacts",
        staff_api(supervisor=201, clinician=201),
        body={"reason": "crisis", "channel": "sms"},
    ),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/caring-contacts/{series_id}/stop",
        staff_api(),
        setup=_series,
    ),
    Case("GET", "/api/v1/clients/{client_id}/messages", staff_api()),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/messages",
        staff_api(supervisor=201, clinician=201),
        body={"body": "Hello from your clinician"},
    ),
    # --- the client's own API ------------------------------------------------------------------------
    Case("GET", "/api/v1/portal/check-in", portal_only(200, 401)),
    Case(
        "POST",
        "/api/v1/portal/check-ins",
        portal_only(201, 401),
        body={"answers": ANSWERS},
        setup=_schedule,
    ),
    Case("GET", "/api/v1/portal/messages", portal_only(200, 401)),
    Case("POST", "/api/v1/portal/messages", portal_only(201, 401), body={"body": "Hello"}),
    Case("POST", "/api/v1/portal/caring-contacts/stop", portal_only(200, 401), setup=_series),
    # --- me --------------------------------------------------------------------------------------------
    Case("GET", "/api/v1/dashboard", CLINICAL_ONLY),
    Case("GET", "/api/v1/me/notifications", _all(200, anonymous=401)),
    Case(
        "POST",
        "/api/v1/me/notifications/{notification_id}/acknowledge",
        _all(404, anonymous=401, clinician=200),
        setup=_alert,
    ),
    Case(
        "POST",
        "/api/v1/me/notifications/{notification_id}/read",
        _all(404, anonymous=401, clinician=200),
        setup=_alert,
    ),
    Case(
        "POST",
        "/api/v1/me/calendar-feed",
        _all(403, anonymous=401, supervisor=201, clinician=201, clinician_off=201),
    ),
    Case(
        "DELETE",
        "/api/v1/me/calendar-feed",
        _all(403, anonymous=401, supervisor=204, clinician=204, clinician_off=204),
    ),
    # --- staff pages -----------------------------------------------------------------------------------
    Case("GET", "/dashboard/", staff_page(clinician_off=200), kind="page"),
    Case(
        "GET",
        "/notifications/",
        _all(200, anonymous=302, client=404),
        kind="page",
    ),
    Case(
        "POST",
        "/notifications/{notification_id}/acknowledge/",
        _all(404, anonymous=302, clinician=302),
        kind="page",
        setup=_alert,
    ),
    Case("GET", "/clients/{client_id}/check-ins/", staff_page(), kind="page"),
    Case(
        "POST",
        "/clients/{client_id}/check-ins/phone/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        body=PHONE_FORM,
    ),
    Case(
        "POST",
        "/clients/{client_id}/check-ins/{checkin_id}/close/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        body={"outcome": "no_answer"},
        setup=_schedule,
    ),
    Case("GET", "/clients/{client_id}/caring/", staff_page(), kind="page"),
    Case(
        "POST",
        "/clients/{client_id}/caring/{series_id}/stop/",
        staff_page(supervisor=302, clinician=302),
        kind="page",
        setup=_series,
    ),
    Case("GET", "/clients/{client_id}/messages/", staff_page(), kind="page"),
    Case(
        "GET",
        "/settings/caring-contacts/",
        _all(404, anonymous=302, admin=200, supervisor=200, other_admin=200),
        kind="page",
    ),
    Case(
        "GET",
        "/settings/calendar/",
        _all(404, anonymous=302, supervisor=200, clinician=200, clinician_off=200),
        kind="page",
    ),
    # --- the client's pages ----------------------------------------------------------------------------
    Case("GET", "/portal/check-in/", portal_only(200, 302), kind="page"),
    Case("GET", "/portal/messages/", portal_only(200, 302), kind="page"),
    Case("POST", "/portal/caring/stop/", portal_only(200, 302), kind="page", setup=_series),
    # --- reached by a link -------------------------------------------------------------------------------
    Case(
        "GET",
        "/caring/stop/{token}/",
        _all(200),
        kind="page",
        setup=_series,
        note="the signed token is the authority; it shows one button and changes nothing",
    ),
    Case(
        "GET",
        "/calendar/{secret}.ics",
        _all(200),
        kind="page",
        setup=_feed,
        note="the secret in the URL is the authority (revocable)",
    ),
]
