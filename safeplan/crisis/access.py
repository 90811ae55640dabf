"""Who may see which crisis: exactly those who may see its client (``get_client_for``); 404 for anyone else.

Clinic admins and clients never open a crisis record; a clinician off the care team gets 404 unless they hold
a break-the-glass grant for the client.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from safeplan.clients.access import get_client_for
from safeplan.crisis.models import CrisisEvent, CrisisFollowUp, CrisisNote
from safeplan.telehealth.models import TelehealthSession
from safeplan.telehealth.selectors import session_of_client


def get_session_for(user: Any, session_id: int) -> Any:
    """A telehealth session whose client the user may see, or 404."""

    client_id = (
        TelehealthSession.objects.filter(pk=session_id).values_list("client_id", flat=True).first()
    )
    if client_id is None:
        raise Http404("Not found")
    client = get_client_for(user, client_id)
    return session_of_client(client, session_id)


def get_crisis_for(user: Any, event_id: int) -> CrisisEvent:
    client_id = CrisisEvent.objects.filter(pk=event_id).values_list("client_id", flat=True).first()
    if client_id is None:
        raise Http404("Not found")
    client = get_client_for(user, client_id)
    event: CrisisEvent = CrisisEvent.objects.select_related(
        "session", "opened_by", "closed_by", "organisation"
    ).get(pk=event_id)
    event.client = client
    return event


def get_note_for(user: Any, note_id: int) -> CrisisNote:
    client_id = CrisisNote.objects.filter(pk=note_id).values_list("client_id", flat=True).first()
    if client_id is None:
        raise Http404("Not found")
    client = get_client_for(user, client_id)
    note: CrisisNote = CrisisNote.objects.select_related(
        "event", "drafted_by", "signed_by", "amends"
    ).get(pk=note_id)
    note.client = client
    return note


def get_follow_up_for(user: Any, follow_up_id: int) -> CrisisFollowUp:
    client_id = (
        CrisisFollowUp.objects.filter(pk=follow_up_id).values_list("client_id", flat=True).first()
    )
    if client_id is None:
        raise Http404("Not found")
    client = get_client_for(user, client_id)
    follow_up: CrisisFollowUp = CrisisFollowUp.objects.select_related("event").get(pk=follow_up_id)
    follow_up.client = client
    return follow_up
