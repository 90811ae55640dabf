"""The signed-in user's own follow-up endpoints: notifications, the dashboard, the calendar feed."""

from typing import Any

from django.http import HttpRequest
from ninja import Status

from safeplan.followup.dashboard import dashboard_for
from safeplan.followup.router import router
from safeplan.followup.schemas import FeedOut
from safeplan.followup.services import calendar as calendar_services
from safeplan.lib.errors import NotAllowed
from safeplan.notifications import selectors as notification_selectors
from safeplan.notifications import services as notifications


def _clinical(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.is_clinical:
        raise NotAllowed("the dashboard is for clinicians and supervisors")
    return user


@router.get("/dashboard", response=dict[str, Any], summary="My dashboard: what needs doing")
def dashboard(request: HttpRequest) -> Any:
    return dashboard_for(_clinical(request)).as_dict()


@router.get(
    "/me/notifications",
    response=list[dict[str, Any]],
    summary="My notifications: open alerts first, then the newest",
)
def my_notifications(request: HttpRequest) -> Any:
    return [
        notification_selectors.as_dict(n)
        for n in notification_selectors.for_user(request.user, limit=100)
    ]


@router.post(
    "/me/notifications/{notification_id}/acknowledge",
    response=dict[str, Any],
    summary="Acknowledge an alert (stops its escalation; acknowledges every copy of it)",
)
def acknowledge(request: HttpRequest, notification_id: int) -> Any:
    note = notifications.acknowledge(actor=request.user, notification_id=notification_id)
    return notification_selectors.as_dict(note)


@router.post(
    "/me/notifications/{notification_id}/read",
    response=dict[str, Any],
    summary="Mark a notification read",
)
def mark_read(request: HttpRequest, notification_id: int) -> Any:
    note = notifications.mark_read(actor=request.user, notification_id=notification_id)
    return notification_selectors.as_dict(note)


@router.post(
    "/me/calendar-feed",
    response={201: FeedOut},
    summary="Create or rotate my calendar feed's secret URL (the old URL stops working)",
)
def create_feed(request: HttpRequest) -> Any:
    return Status(201, {"url": calendar_services.create_or_rotate(actor=request.user)})


@router.delete("/me/calendar-feed", response={204: None}, summary="Revoke my calendar feed")
def delete_feed(request: HttpRequest) -> Any:
    calendar_services.revoke(actor=request.user)
    return Status(204, None)
