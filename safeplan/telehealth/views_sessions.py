"""Clinician pages for sessions: the start-of-session time-out (clinical-rules.md §1.2, §8.1), the
session's emergency card, a change of location during the session, ending it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.audit import services as audit
from safeplan.lib.errors import DomainError
from safeplan.lib.pages import domain_error_page
from safeplan.telehealth import forms as f
from safeplan.telehealth import selectors
from safeplan.telehealth.card import emergency_card
from safeplan.telehealth.models import (
    ExcludedPerson,
    Guardian,
    LocationKind,
    SessionStatus,
    UsualLocation,
)
from safeplan.telehealth.services import sessions
from safeplan.telehealth.services.sessions import GateAnswers
from safeplan.telehealth.views_profile import staff_client


def _usual_locations(client: Any) -> list[UsualLocation]:
    rows = UsualLocation.objects.filter(client_id=client.pk, archived_at__isnull=True)
    usual = [loc for loc in rows if loc.kind != LocationKind.SESSION]
    primary = selectors.primary_location(client)
    return sorted(usual, key=lambda loc: (loc.pk != (primary.pk if primary else None), loc.pk))


@login_required
@require_http_methods(["GET", "POST"])
def start_session(request: HttpRequest, client_id: int) -> HttpResponse:
    """The time-out: location, callback number, privacy, and for a minor the safe adult."""
    user, client = staff_client(request, client_id)
    minor = selectors.minor_status(client)
    safe_adults = list(
        Guardian.objects.filter(client_id=client.pk, archived_at__isnull=True, is_safe_adult=True)
    )
    ask_excluded = ExcludedPerson.objects.filter(
        client_id=client.pk, archived_at__isnull=True
    ).exists()
    locations = _usual_locations(client)
    plan = selectors.current_backup_plan(client)
    initial = {
        "callback_phone": (plan.backup_phone if plan else client.phone),
        "location": str(locations[0].pk) if locations else "new",
        "country": client.country,
        "region": client.region,
    }
    scheduled = None
    scheduled_id = request.GET.get("session") or request.POST.get("session")
    if scheduled_id and str(scheduled_id).isdigit():
        scheduled = selectors.session_of_client(client, int(scheduled_id))
    form = f.GateForm(
        request.POST or None,
        initial=initial,
        locations=locations,
        is_minor=minor.is_minor,
        safe_adults=safe_adults,
        ask_excluded=ask_excluded,
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = sessions.start_session(
                actor=user, client=client, answers=GateAnswers(**form.answers()), session=scheduled
            )
        except DomainError as exc:
            f.apply_problems(form, exc, f.GATE_ALIASES)
        else:
            return redirect(f"/sessions/{session.pk}/")
    else:
        audit.record(actor=user, action="telehealth.gate_opened", client=client)
    context = {
        "client": client,
        "form": form,
        "minor": minor,
        "safe_adults": safe_adults,
        "scheduled": scheduled,
        "address_fields": [form[name] for name in f.AddressFields.ADDRESS],
    }
    return render(
        request, "telehealth/start_session.html", context, status=422 if form.errors else 200
    )


def _card_page(request: HttpRequest, user: Any, client: Any, session: Any) -> HttpResponse:
    card = emergency_card(user, client, session=session)
    return render(request, "telehealth/card_page.html", {"client": client, "card": card})


@login_required
def session_card(request: HttpRequest, session_id: int) -> HttpResponse:
    user: Any = request.user
    if not getattr(user, "is_staff_role", False):
        raise Http404("Not found")
    session = selectors.session_for(user, session_id)
    return _card_page(request, user, session.client, session)


@login_required
def client_card(request: HttpRequest, client_id: int) -> HttpResponse:
    user, client = staff_client(request, client_id)
    return _card_page(request, user, client, None)


@login_required
@require_http_methods(["GET", "POST"])
def session_location(request: HttpRequest, session_id: int) -> HttpResponse:
    user: Any = request.user
    if not getattr(user, "is_staff_role", False):
        raise Http404("Not found")
    session = selectors.session_for(user, session_id)
    client = session.client
    form = f.SessionLocationForm(
        request.POST or None,
        locations=_usual_locations(client),
        safe_adults=list(
            Guardian.objects.filter(
                client_id=client.pk, archived_at__isnull=True, is_safe_adult=True
            )
        ),
        ask_excluded=ExcludedPerson.objects.filter(
            client_id=client.pk, archived_at__isnull=True
        ).exists(),
        initial={"location": "new", "country": client.country},
    )
    if request.method == "POST" and form.is_valid():
        choice = form.cleaned_data["location"]
        try:
            sessions.change_session_location(
                actor=user,
                client=client,
                session=session,
                usual_location_id=int(choice) if choice.isdigit() else None,
                address=form.address() if choice == "new" else None,
                **form.minor_answers(),
            )
        except DomainError as exc:
            f.apply_problems(form, exc, f.GATE_ALIASES)
        else:
            return redirect(f"/sessions/{session.pk}/")
    context = {
        "client": client,
        "session": session,
        "form": form,
        "address_fields": [form[name] for name in f.AddressFields.ADDRESS],
        "in_progress": session.status == SessionStatus.STARTED,
    }
    return render(
        request, "telehealth/session_location.html", context, status=422 if form.errors else 200
    )


@login_required
@require_POST
def session_end(request: HttpRequest, session_id: int) -> HttpResponse:
    user: Any = request.user
    if not getattr(user, "is_staff_role", False):
        raise Http404("Not found")
    session = selectors.session_for(user, session_id)
    try:
        sessions.end_session(actor=user, client=session.client, session=session)
    except DomainError as exc:
        return domain_error_page(request, exc, "Not changed")
    return redirect(f"/clients/{session.client_id}/")
