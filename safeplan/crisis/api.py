"""JSON API for crisis response (mounted under /api/v1/ by safeplan.api).

Parse → access (``get_client_for`` through ``crisis.access``: 404 for anyone who may not see the client) →
service or selector → body. Timeline entries can be added and read, never changed: there is no PUT, PATCH
or DELETE on them (405); a correction is a new entry.
"""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status

from safeplan.audit import services as audit
from safeplan.clients.access import get_client_for
from safeplan.crisis import bodies, presenters, selectors, services
from safeplan.crisis.access import (
    get_crisis_for,
    get_follow_up_for,
    get_note_for,
    get_session_for,
)
from safeplan.crisis.models import CrisisEvent
from safeplan.crisis.rules import types
from safeplan.crisis.schemas import (
    CloseIn,
    CorrectionIn,
    CrisisDetailOut,
    CrisisOpenIn,
    CrisisOut,
    DisclosureIn,
    DisclosureOut,
    DisconnectionIn,
    EntryIn,
    EntryOut,
    FollowUpIn,
    FollowUpOut,
    NoteIn,
    NoteOut,
    NoteSignIn,
    ProtocolIn,
    ProtocolOut,
)
from safeplan.lib.errors import NotAllowed

router = Router(tags=["crisis"])


def _detail(request: HttpRequest, event: CrisisEvent, status: int = 200) -> Any:
    event = get_crisis_for(request.user, event.pk)
    selectors.crisis_detail(request.user, event)
    return Status(status, bodies.detail_body(event))


@router.post(
    "/sessions/{session_id}/crisis-events",
    response={200: CrisisDetailOut, 201: CrisisDetailOut},
    summary="Open crisis mode from a session (201; 200 when this crisis is already open)",
)
def open_from_session(request: HttpRequest, session_id: int, payload: CrisisOpenIn) -> Any:
    session = get_session_for(request.user, session_id)
    event, created = services.open_crisis(
        actor=request.user, client=session.client, crisis_type=payload.crisis_type, session=session
    )
    return _detail(request, event, 201 if created else 200)


@router.post(
    "/clients/{client_id}/crisis-events",
    response={200: CrisisDetailOut, 201: CrisisDetailOut},
    summary="Open crisis mode from the client's record, outside a session",
)
def open_from_client(request: HttpRequest, client_id: int, payload: CrisisOpenIn) -> Any:
    client = get_client_for(request.user, client_id)
    event, created = services.open_crisis(
        actor=request.user, client=client, crisis_type=payload.crisis_type
    )
    return _detail(request, event, 201 if created else 200)


@router.get(
    "/clients/{client_id}/crisis-events",
    response=list[CrisisOut],
    summary="The client's crises, newest first",
)
def list_for_client(request: HttpRequest, client_id: int) -> Any:
    client = get_client_for(request.user, client_id)
    rows = selectors.client_crises(client, limit=200)
    audit.record(
        actor=request.user, action="crisis.listed", client=client, details={"count": len(rows)}
    )
    for row in rows:
        row.client = client
    return [bodies.event_body(e) for e in rows]


@router.get(
    "/crisis-events",
    response=list[CrisisOut],
    summary="Open crises of the clients the caller may see (the supervisor's live view)",
)
def list_open(request: HttpRequest) -> Any:
    return [bodies.event_body(e) for e in selectors.open_crises(request.user)]


@router.post(
    "/sessions/{session_id}/disconnections",
    response={200: CrisisDetailOut, 201: CrisisDetailOut},
    summary="Connection lost: start the technology backup plan's protocol (clinical-rules.md §9)",
)
def start_disconnection(request: HttpRequest, session_id: int, payload: DisconnectionIn) -> Any:
    session = get_session_for(request.user, session_id)
    event, created = services.start_disconnection(
        actor=request.user, session=session, clinician_flag=payload.clinician_flag
    )
    return _detail(request, event, 201 if created else 200)


@router.get(
    "/crisis-events/{event_id}", response=CrisisDetailOut, summary="A crisis with its timeline"
)
def get_crisis(request: HttpRequest, event_id: int) -> Any:
    event = get_crisis_for(request.user, event_id)
    selectors.crisis_detail(request.user, event)
    return bodies.detail_body(event)


@router.get(
    "/crisis-events/{event_id}/entries",
    response=list[EntryOut],
    summary="The timeline: every entry in order, corrections pointing at what they correct",
)
def list_entries(request: HttpRequest, event_id: int) -> Any:
    event = get_crisis_for(request.user, event_id)
    selectors.crisis_detail(request.user, event)
    return [bodies.entry_body(r) for r in presenters.timeline(event)]


@router.post(
    "/crisis-events/{event_id}/entries",
    response={200: EntryOut, 201: EntryOut},
    summary="Record one action (201; 200 when the idempotency key was already used)",
)
def add_entry(request: HttpRequest, event_id: int, payload: EntryIn) -> Any:
    event = get_crisis_for(request.user, event_id)
    entry, created = services.add_entry(
        actor=request.user,
        event=event,
        kind=payload.kind,
        payload=payload.payload,
        idempotency_key=payload.idempotency_key,
        occurred_at=payload.occurred_at,
    )
    return Status(201 if created else 200, _entry(event, entry.pk))


def _entry(event: CrisisEvent, entry_id: int) -> dict[str, Any]:
    row = presenters.timeline_row(event, entry_id)
    if row is None:
        raise Http404("Not found")
    return bodies.entry_body(row)


@router.get(
    "/crisis-events/{event_id}/entries/{entry_id}",
    response=EntryOut,
    summary="One timeline entry (entries are never changed or removed)",
)
def get_entry(request: HttpRequest, event_id: int, entry_id: int) -> Any:
    event = get_crisis_for(request.user, event_id)
    body = _entry(event, entry_id)
    selectors.crisis_detail(request.user, event)
    return body


@router.post(
    "/crisis-events/{event_id}/entries/{entry_id}/corrections",
    response={201: EntryOut},
    summary="Correct an entry: a new entry that points at it (or withdraws it, with a reason)",
)
def correct_entry(request: HttpRequest, event_id: int, entry_id: int, payload: CorrectionIn) -> Any:
    event = get_crisis_for(request.user, event_id)
    entry = services.correct_entry(
        actor=request.user,
        event=event,
        entry_id=entry_id,
        payload=payload.payload,
        reason=payload.reason,
        entered_in_error=payload.entered_in_error,
        idempotency_key=payload.idempotency_key,
    )
    return Status(201, _entry(event, entry.pk))


@router.post(
    "/crisis-events/{event_id}/participants",
    response=CrisisDetailOut,
    summary="Join the crisis (a second clinician adds to the same timeline)",
)
def join(request: HttpRequest, event_id: int) -> Any:
    event = get_crisis_for(request.user, event_id)
    services.join_crisis(actor=request.user, event=event)
    return _detail(request, event)


@router.post(
    "/crisis-events/{event_id}/disclosures",
    response={201: DisclosureOut},
    summary="Record an emergency disclosure (45 CFR 164.512(j); 42 CFR 2.51)",
)
def record_disclosure(request: HttpRequest, event_id: int, payload: DisclosureIn) -> Any:
    event = get_crisis_for(request.user, event_id)
    data = payload.dict(exclude={"entry_id", "disclosed_by_id", "corrects_id"})
    disclosure = services.record_disclosure(
        actor=request.user,
        event=event,
        data=data,
        entry_id=payload.entry_id,
        disclosed_by_id=payload.disclosed_by_id,
        corrects_id=payload.corrects_id,
    )
    return Status(201, bodies.disclosure_body(disclosure))


@router.post(
    "/crisis-events/{event_id}/close",
    response=CrisisDetailOut,
    summary="Close with outcome and disposition: drafts the note, schedules the follow-up and plan review",
)
def close(request: HttpRequest, event_id: int, payload: CloseIn) -> Any:
    event = get_crisis_for(request.user, event_id)
    services.close_crisis(
        actor=request.user,
        event=event,
        outcome=payload.outcome or "",
        disposition=payload.disposition or "",
        risk_level=payload.risk_level,
        follow_up_hours=payload.follow_up_hours,
        note=payload.note,
        skipped=payload.skipped,
        follow_up_skip_reason=payload.follow_up_skip_reason,
    )
    return _detail(request, event)


@router.post(
    "/crisis-events/{event_id}/disconnection/advance",
    response=CrisisDetailOut,
    summary="Apply the time that has passed to a lost-connection protocol (the screen's countdown)",
)
def advance(request: HttpRequest, event_id: int) -> Any:
    event = get_crisis_for(request.user, event_id)
    if not getattr(request.user, "is_clinical", False):
        raise NotAllowed("only clinicians and supervisors act in a crisis")
    services.advance(event=event, actor=request.user)
    return _detail(request, event)


@router.get("/crisis-notes/{note_id}", response=NoteOut, summary="A crisis note")
def get_note(request: HttpRequest, note_id: int) -> Any:
    note = get_note_for(request.user, note_id)
    return bodies.note_body(selectors.note_detail(request.user, note))


@router.patch(
    "/crisis-notes/{note_id}",
    response=NoteOut,
    summary="Edit a draft note (signed notes never change)",
)
def edit_note(request: HttpRequest, note_id: int, payload: NoteIn) -> Any:
    note = get_note_for(request.user, note_id)
    return bodies.note_body(
        services.save_note(actor=request.user, note=note, content=payload.content)
    )


@router.post("/crisis-notes/{note_id}/sign", response=NoteOut, summary="Sign a crisis note")
def sign_note(request: HttpRequest, note_id: int, payload: NoteSignIn) -> Any:
    note = get_note_for(request.user, note_id)
    return bodies.note_body(
        services.sign_note(actor=request.user, note=note, content=payload.content)
    )


@router.post(
    "/crisis-notes/{note_id}/amendments",
    response={201: NoteOut},
    summary="Start an amendment of a signed note (a new note pointing at it)",
)
def amend_note(request: HttpRequest, note_id: int) -> Any:
    note = get_note_for(request.user, note_id)
    return Status(201, bodies.note_body(services.amend_note(actor=request.user, note=note)))


@router.post(
    "/crisis-follow-ups/{follow_up_id}/complete",
    response=FollowUpOut,
    summary="Record the follow-up contact after a crisis",
)
def complete_follow_up(request: HttpRequest, follow_up_id: int, payload: FollowUpIn) -> Any:
    follow_up = get_follow_up_for(request.user, follow_up_id)
    done = services.complete_follow_up(
        actor=request.user, follow_up=follow_up, outcome=payload.outcome, note=payload.note
    )
    return bodies.follow_up_body(done)


def _staff(request: HttpRequest) -> Any:
    user: Any = request.user
    if not getattr(user, "is_staff_role", False) or not user.organisation_id:
        raise Http404("Not found")
    return user


@router.get(
    "/crisis-protocols",
    response=list[ProtocolOut],
    summary="The protocol in force for each crisis type (our defaults or the organisation's)",
)
def list_protocols(request: HttpRequest) -> Any:
    user = _staff(request)
    out = []
    for code, label in types.CRISIS_TYPES.items():
        steps, version = services.protocol_for(user.organisation, code)
        out.append({"crisis_type": code, "label": label, "version": version, "steps": steps})
    return out


@router.put(
    "/crisis-protocols/{crisis_type}",
    response=ProtocolOut,
    summary="Adapt the organisation's steps for one crisis type (an empty list restores our default)",
)
def set_protocol(request: HttpRequest, crisis_type: str, payload: ProtocolIn) -> Any:
    user = _staff(request)
    services.set_protocol(actor=user, crisis_type=crisis_type, steps=payload.steps)
    steps, version = services.protocol_for(user.organisation, crisis_type)
    return {
        "crisis_type": crisis_type,
        "label": types.CRISIS_TYPES[crisis_type],
        "version": version,
        "steps": steps,
    }
