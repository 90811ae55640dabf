"""The client's follow-up pages (mobile-first, English and Spanish): answer a check-in, messages with
the care team, and stopping caring messages. Answers or messages that suggest risk show the client
their crisis lines and emergency number at once; a message is never blocked or hidden."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.audit import services as audit
from safeplan.clients.access import portal_client_for
from safeplan.followup import selectors
from safeplan.followup.forms import CheckInForm, MessageForm
from safeplan.followup.resources import crisis_resources
from safeplan.followup.services import caring, messages, schedules
from safeplan.lib.errors import DomainError
from safeplan.portal.views import activate_client_language


def _client(request: HttpRequest) -> Any:
    client = portal_client_for(request.user)
    activate_client_language(client)
    return client


@require_http_methods(["GET", "POST"])
def checkin_page(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("/portal/login/")
    client = _client(request)
    current = selectors.next_checkin(client)
    form = CheckInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                done = schedules.complete_checkin(
                    actor=request.user, client=client, answers=form.answers()
                )
            except DomainError as exc:
                name = (exc.field or "").removeprefix("answers.")
                form.add_error(name if name in form.fields else None, exc.message)
            else:
                return render(
                    request,
                    "followup/portal_checkin_done.html",
                    {
                        "client": client,
                        "checkin": done,
                        "resources": crisis_resources(client) if done.risk_indicated else None,
                        "next": selectors.next_checkin(client),
                    },
                )
        status = 422
    audit.record(actor=request.user, action="checkin.viewed", client=client)
    return render(
        request,
        "followup/portal_checkin.html",
        {"client": client, "checkin": current, "form": form},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def messages_page(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("/portal/login/")
    client = _client(request)
    form = MessageForm(request.POST or None)
    status = 200
    sent = None
    if request.method == "POST":
        if form.is_valid():
            try:
                sent = messages.send_from_client(
                    actor=request.user, client=client, body=form.cleaned_data["body"]
                )
            except DomainError as exc:
                form.add_error("body" if exc.field == "body" else None, exc.message)
                status = 422
            else:
                form = MessageForm()
        else:
            status = 422
    thread = selectors.thread_for(request.user, client)
    messages.mark_read_by_client(actor=request.user, client=client)
    series = selectors.active_series(client)
    return render(
        request,
        "followup/portal_messages.html",
        {
            "client": client,
            "thread": thread,
            "form": form,
            "sent": sent,
            "resources": sent.resources if sent is not None and sent.crisis else None,
            "caring_active": series is not None,
        },
        status=status,
    )


@require_POST
def stop_caring(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("/portal/login/")
    client = _client(request)
    series = selectors.active_series(client)
    if series is not None:
        caring.opt_out(series=series, actor=request.user, via="portal")
    return render(request, "followup/opt_out_done.html", {"portal": True})
