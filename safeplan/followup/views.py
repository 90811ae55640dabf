"""Staff pages: the dashboard, a client's check-ins, caring contacts and messages, notifications.

Every client page starts with ``get_client_for`` (404 for anyone who may not see the client) and calls
the same services as the API. Bad input re-renders the form with the message next to the field (422).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.audit import services as audit
from safeplan.clients.access import get_client_for
from safeplan.followup import selectors
from safeplan.followup import settings as fsettings
from safeplan.followup.dashboard import dashboard_for
from safeplan.followup.forms import CheckInForm, CloseForm, MessageForm, ScheduleForm, SeriesForm
from safeplan.followup.models import OPEN_STATES
from safeplan.followup.services import caring, messages, outreach, schedules
from safeplan.lib.errors import DomainError
from safeplan.notifications import selectors as notification_selectors
from safeplan.notifications import services as notifications
from safeplan.telehealth.selectors import consented_support_persons
from safeplan.worker.heartbeat import worker_status


def _clinical(request: HttpRequest) -> Any:
    user: Any = request.user
    if not getattr(user, "is_clinical", False):
        raise Http404("Not found")
    return user


def _form_error(form: Any, exc: DomainError, prefix: str = "") -> None:
    name = (exc.field or "").removeprefix(prefix)
    form.add_error(name if name in form.fields else None, exc.message)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    user = _clinical(request)
    board = dashboard_for(user)
    return render(
        request,
        "followup/dashboard.html",
        {"board": board, "worker": worker_status(), "org_wide": user.role == "supervisor"},
    )


def _schedule_initial(client: Any, schedule: Any) -> dict[str, Any]:
    if schedule is None:
        return {
            "follow_risk": True,
            "reminder_channel": "sms" if client.phone else "email" if client.email else "none",
            "time_zone": client.time_zone,
            "quiet_start": "21:00",
            "quiet_end": "08:00",
            "active": True,
        }
    return {
        "follow_risk": schedule.interval_days is None,
        "interval_days": schedule.interval_days,
        "reminder_channel": schedule.reminder_channel,
        "time_zone": schedule.time_zone,
        "quiet_start": schedule.quiet_start.strftime("%H:%M") if schedule.quiet_start else "",
        "quiet_end": schedule.quiet_end.strftime("%H:%M") if schedule.quiet_end else "",
        "screener": schedule.screener,
        "active": schedule.active,
    }


def _outreach_people(client: Any, rows: list[Any]) -> list[Any]:
    """The consented support persons, when a check-in is at the outreach protocol's support-person step."""
    if not any(c.outreach_step == "support_person" and c.is_open for c in rows):
        return []
    return consented_support_persons(client)


@login_required
@require_http_methods(["GET", "POST"])
def client_checkins(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    schedule = selectors.schedule_of(client)
    form = ScheduleForm(request.POST or None, initial=_schedule_initial(client, schedule))
    phone = CheckInForm(prefix="phone")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                schedules.set_schedule(actor=user, client=client, changes=form.changes())
            except DomainError as exc:
                _form_error(form, exc)
            else:
                flash.success(request, "Check-in schedule saved.")
                return redirect(f"/clients/{client.pk}/check-ins/")
        status = 422
    rows = selectors.checkins_for(user, client)
    return render(
        request,
        "followup/client_checkins.html",
        {
            "client": client,
            "schedule": schedule,
            "form": form,
            "phone_form": phone,
            "close_form": CloseForm(),
            "checkins": rows,
            "confirmation": selectors.latest_confirmation(schedule),
            "support_people": _outreach_people(client, rows),
            "open_states": OPEN_STATES,
            "client_url": f"/clients/{client.pk}/",
        },
        status=status,
    )


@login_required
@require_POST
def record_phone_checkin(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    form = CheckInForm(request.POST, prefix="phone")
    if form.is_valid():
        try:
            done = schedules.complete_checkin(actor=user, client=client, answers=form.answers())
        except DomainError as exc:
            _form_error(form, exc, "answers.")
        else:
            if done.risk_indicated:
                flash.warning(request, "Check-in recorded. The answers indicate risk: act now.")
            else:
                flash.success(request, "Phone check-in recorded.")
            return redirect(f"/clients/{client.pk}/check-ins/")
    schedule = selectors.schedule_of(client)
    return render(
        request,
        "followup/client_checkins.html",
        {
            "client": client,
            "schedule": schedule,
            "form": ScheduleForm(initial=_schedule_initial(client, schedule)),
            "phone_form": form,
            "close_form": CloseForm(),
            "checkins": selectors.checkins_for(user, client),
            "support_people": [],
            "open_states": OPEN_STATES,
            "client_url": f"/clients/{client.pk}/",
        },
        status=422,
    )


@login_required
@require_POST
def close_checkin(request: HttpRequest, client_id: int, checkin_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    form = CloseForm(request.POST)
    if not form.is_valid():
        flash.error(request, "Choose the outcome of your outreach.")
        return redirect(f"/clients/{client.pk}/check-ins/")
    try:
        done = outreach.close_checkin(
            actor=user, client=client, checkin_id=checkin_id, outcome=form.cleaned_data["outcome"]
        )
    except DomainError as exc:
        flash.error(request, exc.message)
    else:
        if done.is_open:
            flash.warning(
                request,
                f"Not reached: outreach continues. Next step: {done.get_outreach_step_display()}.",
            )
        else:
            flash.success(request, "Check-in closed; the next one is scheduled.")
    return redirect(f"/clients/{client.pk}/check-ins/")


@login_required
@require_http_methods(["GET", "POST"])
def client_caring(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    form = SeriesForm(
        request.POST or None,
        initial={
            "reason": "crisis",
            "channel": "sms" if client.phone else "email" if client.email else "portal",
            "language": client.preferred_language if client.preferred_language == "es" else "en",
            "schedule": fsettings.get(client.organisation, "followup.caring_schedule"),
            "months": fsettings.get(client.organisation, "followup.caring_months"),
        },
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                caring.start_series(actor=user, client=client, **form.cleaned_data)
            except DomainError as exc:
                _form_error(form, exc)
            else:
                flash.success(request, "Caring contacts started.")
                return redirect(f"/clients/{client.pk}/caring/")
        status = 422
    series = selectors.caring_for(user, client)
    return render(
        request,
        "followup/client_caring.html",
        {"client": client, "series": series, "form": form},
        status=status,
    )


@login_required
@require_POST
def stop_caring(request: HttpRequest, client_id: int, series_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    try:
        caring.stop_series(actor=user, client=client, series_id=series_id)
    except DomainError as exc:
        flash.error(request, exc.message)
    else:
        flash.success(request, "Caring contacts stopped.")
    return redirect(f"/clients/{client.pk}/caring/")


@login_required
@require_http_methods(["GET", "POST"])
def client_messages(request: HttpRequest, client_id: int) -> HttpResponse:
    user = _clinical(request)
    client = get_client_for(user, client_id)
    form = MessageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                messages.send_to_client(actor=user, client=client, body=form.cleaned_data["body"])
            except DomainError as exc:
                _form_error(form, exc)
            else:
                return redirect(f"/clients/{client.pk}/messages/#latest")
        status = 422
    thread = selectors.thread_for(user, client)
    messages.mark_read_by_staff(actor=user, client=client)
    return render(
        request,
        "followup/client_messages.html",
        {
            "client": client,
            "thread": thread,
            "form": form,
            "flagged": any(m.crisis_flag for m in thread),
        },
        status=status,
    )


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not user.is_staff_role:
        raise Http404("Not found")
    rows = notification_selectors.for_user(user, limit=100)
    audit.record(actor=user, action="notification.listed", details={"count": len(rows)})
    return render(request, "followup/notifications.html", {"notifications": rows})


@login_required
@require_POST
def notification_acknowledge(request: HttpRequest, notification_id: int) -> HttpResponse:
    user: Any = request.user
    if not user.is_staff_role:
        raise Http404("Not found")
    notifications.acknowledge(actor=user, notification_id=notification_id)
    flash.success(request, "Alert acknowledged.")
    back = request.POST.get("next") or "/notifications/"
    return redirect(back if back in ("/dashboard/", "/notifications/") else "/notifications/")
