"""Crisis mode pages: open a crisis, the crisis screen, one-tap entries, the lost-connection screen, the
supervisor's live view. Every page calls the same services as the API; outsiders get 404."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.audit import services as audit
from safeplan.clients.access import get_client_for
from safeplan.crisis import presenters, selectors, services
from safeplan.crisis.access import get_crisis_for, get_session_for
from safeplan.crisis.forms import CrisisTypeForm
from safeplan.crisis.screen import build_screen
from safeplan.lib.errors import DomainError, InvalidInput
from safeplan.lib.pages import domain_error_page


def clinical(request: HttpRequest) -> Any:
    user: Any = request.user
    if not getattr(user, "is_clinical", False):
        raise Http404("Not found")
    return user


def error_page(request: HttpRequest, exc: DomainError, title: str = "Not recorded") -> HttpResponse:
    return domain_error_page(request, exc, title)


def _digits(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name) or request.POST.get(name)
    if not raw:
        return None
    if not str(raw).isdigit() or len(str(raw)) > 12:
        raise Http404("Not found")
    return int(raw)


@login_required
@require_http_methods(["GET", "POST"])
def crisis_new(request: HttpRequest, client_id: int) -> HttpResponse:
    """Choose the crisis type and open crisis mode.

    From a session (``?session=<id>``), or while one of the client's sessions is in progress, the crisis
    belongs to that session. From a result's pathway (``?type=…&assessment=<id>``) the type is preselected
    and the result is recorded on the timeline (issue 11).
    """
    user = clinical(request)
    client = get_client_for(user, client_id)
    session = None
    raw_session = _digits(request, "session")
    if raw_session is not None:
        session = get_session_for(user, raw_session)
        if session.client_id != client.pk:
            raise Http404("Not found")
    else:
        session = services.running_session(client)
    from_assessment = _digits(request, "assessment")
    if from_assessment is not None and not selectors.client_has_assessment(client, from_assessment):
        raise Http404("Not found")
    preselected = request.GET.get("type", "")
    initial = {"crisis_type": preselected} if preselected in dict(CrisisTypeForm.CHOICES) else {}
    form = CrisisTypeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            event, _ = services.open_crisis(
                actor=user,
                client=client,
                crisis_type=form.cleaned_data["crisis_type"],
                session=session,
                from_assessment=from_assessment,
            )
        except DomainError as exc:
            form.add_error("crisis_type" if exc.field == "crisis_type" else None, exc.message)
        else:
            return redirect(f"/crisis/{event.pk}/")
    audit.record(actor=user, action="crisis.form_viewed", client=client)
    context = {
        "client": client,
        "session": session,
        "form": form,
        "preselected": initial.get("crisis_type", ""),
        "from_assessment": from_assessment,
    }
    return render(request, "crisis/new.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def connection_lost(request: HttpRequest, session_id: int) -> HttpResponse:
    """ "Connection lost" from a session: start the technology backup plan's protocol (§9)."""
    user = clinical(request)
    session = get_session_for(user, session_id)
    try:
        event, _ = services.start_disconnection(
            actor=user, session=session, clinician_flag=request.POST.get("at_risk") == "1"
        )
    except DomainError as exc:
        return error_page(request, exc, "The protocol did not start")
    return redirect(f"/crisis/{event.pk}/")


@login_required
def crisis_page(request: HttpRequest, event_id: int) -> HttpResponse:
    user = clinical(request)
    event = get_crisis_for(user, event_id)
    return render(request, "crisis/crisis.html", build_screen(user, event))


@login_required
def timeline_partial(request: HttpRequest, event_id: int) -> HttpResponse:
    """The timeline alone, for the live refresh of a crisis screen (HTMX)."""
    user = clinical(request)
    event = get_crisis_for(user, event_id)
    selectors.crisis_detail(user, event)
    return render(
        request,
        "crisis/_timeline.html",
        {"event": event, "timeline": presenters.timeline(event), "live": True},
    )


def _payload(request: HttpRequest) -> dict[str, Any]:
    """The entry's fields: the button's JSON (``payload``) plus any ``p_<field>`` inputs typed in."""
    raw = request.POST.get("payload") or "{}"
    try:
        payload = json.loads(raw)
    except ValueError as exc:
        raise InvalidInput("the form was damaged; reload the page", field="payload") from exc
    if not isinstance(payload, dict):
        raise InvalidInput("the form was damaged; reload the page", field="payload")
    for key, value in request.POST.items():
        if key.startswith("p_") and value != "":
            payload[key[2:]] = value
    if "support_person_id" in payload:
        try:
            payload["support_person_id"] = int(payload["support_person_id"])
        except (TypeError, ValueError) as exc:
            raise InvalidInput("must be a number", field="payload.support_person_id") from exc
    return payload


@login_required
@require_POST
def entry_add(request: HttpRequest, event_id: int) -> HttpResponse:
    """One tap: record an action on the timeline (a double tap sends the same key: one entry)."""
    user = clinical(request)
    event = get_crisis_for(user, event_id)
    try:
        entry, _ = services.add_entry(
            actor=user,
            event=event,
            kind=request.POST.get("kind", ""),
            payload=_payload(request),
            idempotency_key=request.POST.get("key", ""),
        )
    except DomainError as exc:
        context = build_screen(user, event)
        context["error"] = exc
        return render(request, "crisis/crisis.html", context, status=exc.status)
    messages.success(request, f"Recorded: {presenters.describe_entry(event, entry)}")
    return redirect(f"/crisis/{event.pk}/#{request.POST.get('back') or 'timeline'}")


@login_required
@require_POST
def join(request: HttpRequest, event_id: int) -> HttpResponse:
    user = clinical(request)
    event = get_crisis_for(user, event_id)
    try:
        services.join_crisis(actor=user, event=event)
    except DomainError as exc:
        return error_page(request, exc)
    return redirect(f"/crisis/{event.pk}/")


@login_required
@require_POST
def advance(request: HttpRequest, event_id: int) -> HttpResponse:
    """The lost-connection screen's countdown reached zero: apply the time that passed."""
    user = clinical(request)
    event = get_crisis_for(user, event_id)
    services.advance(event=event, actor=user)
    if request.headers.get("HX-Request") or request.POST.get("js") == "1":
        return HttpResponse(status=204)
    return redirect(f"/crisis/{event.pk}/")


def _live_rows(user: Any) -> list[dict[str, Any]]:
    """Open crises with, for a lost connection, the step it is at now (time applied, nothing written)."""
    rows = []
    for event in selectors.open_crises(user):
        protocol = getattr(event, "disconnection", None)
        rows.append(
            {"event": event, "protocol": selectors.protocol_view(protocol) if protocol else None}
        )
    return rows


@login_required
def live(request: HttpRequest) -> HttpResponse:
    """Open crises of the clients the user may see (the supervisor's live view)."""
    user = clinical(request)
    return render(request, "crisis/live.html", {"rows": _live_rows(user)})


@login_required
def live_partial(request: HttpRequest) -> HttpResponse:
    user = clinical(request)
    return render(request, "crisis/_live_list.html", {"rows": _live_rows(user), "live": True})
