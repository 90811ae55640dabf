"""Psychotherapy notes: kept apart from the record, readable only by their author, released only with a
specific authorisation (45 CFR 164.501 and 164.508(a)(2); clinical-rules.md §10.3).

Safety plans and risk assessments belong in the regular record, never here. A note is written once; a
correction is a new note that points at the one it corrects. Nobody else — not a supervisor, not an
administrator, not a clinician under emergency access — can list or read another clinician's notes: to
them the notes do not exist (404).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.audit import services as audit
from safeplan.clients import facts
from safeplan.lib import times
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.lib.validation import no_control_chars_multiline
from safeplan.records.models import PsychotherapyNote, PsychotherapyNoteAuthorisation

BODY_MAX = 20000
TEXT_MAX = 300


def _require_author_role(actor: Any, client: Any) -> None:
    if not getattr(actor, "is_clinical", False):
        raise NotAllowed("only clinicians keep psychotherapy notes")
    from safeplan.records.services import active_break_glass

    if active_break_glass(actor, client) is not None:
        raise NotAllowed("emergency access does not include psychotherapy notes")


def _text(value: str, field: str, *, maximum: int, required: bool = True) -> str:
    try:
        value = no_control_chars_multiline(value or "")
    except ValueError as exc:
        raise InvalidInput(f"{field} {exc}", field=field) from exc
    if required and not value:
        raise InvalidInput(f"{field} is required", field=field)
    if len(value) > maximum:
        raise InvalidInput(f"{field} must be at most {maximum} characters", field=field)
    return value


def own_notes(actor: Any, client: Any) -> QuerySet[PsychotherapyNote]:
    """The actor's own notes about the client (never anyone else's), newest first."""
    return PsychotherapyNote.objects.filter(client=client, author_id=actor.pk).order_by(
        "-created_at", "-id"
    )


def list_notes(*, actor: Any, client: Any) -> list[PsychotherapyNote]:
    _require_author_role(actor, client)
    notes = list(own_notes(actor, client))
    audit.record(
        actor=actor,
        action="records.psychotherapy_notes_listed",
        client=client,
        details={"count": len(notes)},
    )
    return notes


def get_note(*, actor: Any, client: Any, note_id: int) -> PsychotherapyNote:
    _require_author_role(actor, client)
    note = own_notes(actor, client).filter(pk=note_id).first()
    if note is None:
        raise Http404("Not found")
    audit.record(
        actor=actor, action="records.psychotherapy_note_viewed", client=client, target=note
    )
    return note


@transaction.atomic
def write_note(
    *, actor: User, client: Any, body: str, corrects_id: int | None = None
) -> PsychotherapyNote:
    _require_author_role(actor, client)
    body = _text(body, "body", maximum=BODY_MAX)
    corrects = None
    if corrects_id is not None:
        corrects = own_notes(actor, client).filter(pk=corrects_id).first()
        if corrects is None:
            raise InvalidInput("no note of yours with that id for this client", field="corrects_id")
    note = PsychotherapyNote.objects.create(
        client=client, author=actor, body=body, corrects=corrects
    )
    audit.record(
        actor=actor,
        action="records.psychotherapy_note_written",
        client=client,
        target=note,
        details={"corrects_id": corrects.pk if corrects else None},
    )
    return note


# Authorisations to release --------------------------------------------------------------------------


@transaction.atomic
def record_authorisation(
    *,
    actor: User,
    client: Any,
    signed_on: dt.date,
    recipient: str,
    purpose: str,
    notes_from: dt.date,
    notes_to: dt.date,
    expires_on: dt.date,
) -> PsychotherapyNoteAuthorisation:
    """Record the client's signed authorisation to release the actor's notes (164.508(c)(1) elements)."""
    _require_author_role(actor, client)
    recipient = _text(recipient, "recipient", maximum=TEXT_MAX)
    purpose = _text(purpose, "purpose", maximum=TEXT_MAX)
    if signed_on > times.latest_date():
        raise InvalidInput("the signing date cannot be in the future", field="signed_on")
    if notes_to < notes_from:
        raise InvalidInput("notes_to must not be before notes_from", field="notes_to")
    if expires_on < signed_on:
        raise InvalidInput(
            "the authorisation cannot expire before it was signed", field="expires_on"
        )
    authorisation = PsychotherapyNoteAuthorisation.objects.create(
        client=client,
        author=actor,
        signed_on=signed_on,
        recipient=recipient,
        purpose=purpose,
        notes_from=notes_from,
        notes_to=notes_to,
        expires_on=expires_on,
    )
    audit.record(
        actor=actor,
        action="records.psychotherapy_authorisation_recorded",
        client=client,
        target=authorisation,
    )
    return authorisation


@transaction.atomic
def revoke_authorisation(
    *, actor: User, client: Any, authorisation_id: int
) -> PsychotherapyNoteAuthorisation:
    _require_author_role(actor, client)
    found = PsychotherapyNoteAuthorisation.objects.filter(
        pk=authorisation_id, client=client, author_id=actor.pk
    ).first()
    if found is None:
        raise Http404("Not found")
    if found.revoked_at is not None:
        raise Conflict("this authorisation was already revoked", field="authorisation_id")
    found.revoked_at = timezone.now()
    found.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor,
        action="records.psychotherapy_authorisation_revoked",
        client=client,
        target=found,
    )
    return found


def list_authorisations(*, actor: Any, client: Any) -> list[PsychotherapyNoteAuthorisation]:
    _require_author_role(actor, client)
    found = list(
        PsychotherapyNoteAuthorisation.objects.filter(client=client, author_id=actor.pk).order_by(
            "-recorded_at"
        )
    )
    audit.record(
        actor=actor,
        action="records.psychotherapy_authorisations_listed",
        client=client,
        details={"count": len(found)},
    )
    return found


def notes_released_under(
    *, actor: Any, client: Any, authorisation_id: int
) -> tuple[PsychotherapyNoteAuthorisation, list[PsychotherapyNote]]:
    """The actor's notes covered by a valid authorisation, for an export that explicitly asks for them.

    Raises a 422 naming ``authorisation_id`` when the authorisation is unknown to the actor, revoked,
    expired or not yet signed; nothing is released then.
    """
    _require_author_role(actor, client)
    found = PsychotherapyNoteAuthorisation.objects.filter(
        pk=authorisation_id, client=client, author_id=actor.pk
    ).first()
    if found is None:
        raise InvalidInput(
            "no authorisation of yours with that id for this client", field="authorisation_id"
        )
    if not found.is_valid_now():
        raise InvalidInput(
            "that authorisation is revoked or outside its validity dates", field="authorisation_id"
        )
    tz = facts.zone(client)
    notes = [n for n in own_notes(actor, client).order_by("created_at") if found.covers(n, tz)]
    return found, notes
