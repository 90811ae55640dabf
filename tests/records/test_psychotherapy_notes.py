"""Psychotherapy notes: apart from the record, only their author, released only by authorisation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from safeplan.audit.models import AuditEvent
from safeplan.records.models import (
    PsychotherapyNote,
    PsychotherapyNoteAuthorisation,
    WrittenOnceError,
)
from tests.factories import World

SECRET_WORDS = "Transference themes around the father; Quixotrelle dream"


def _notes_path(world: World) -> str:
    return f"/api/v1/clients/{world.client.pk}/psychotherapy-notes"


def _authorise(api: Any, world: World, **changes: Any) -> Any:
    today = timezone.localdate()
    body = {
        "signed_on": today.isoformat(),
        "recipient": "Dr. Receiving Psychiatrist",
        "purpose": "continuity of care",
        "notes_from": (today - dt.timedelta(days=1)).isoformat(),
        "notes_to": today.isoformat(),
        "expires_on": (today + dt.timedelta(days=30)).isoformat(),
        **changes,
    }
    return api.post(f"/api/v1/clients/{world.client.pk}/psychotherapy-note-authorisations", body)


def test_only_the_author_reads_their_notes(world: World, api_as: Any) -> None:
    author = api_as("clinician")
    written = author.post(_notes_path(world), {"body": SECRET_WORDS})
    assert written.status_code == 201, written.content
    note_id = written.json()["id"]
    assert [n["body"] for n in author.get(_notes_path(world)).json()] == [SECRET_WORDS]
    assert author.get(f"{_notes_path(world)}/{note_id}").json()["body"] == SECRET_WORDS
    supervisor = api_as("supervisor")
    assert supervisor.get(_notes_path(world)).json() == []
    assert supervisor.get(f"{_notes_path(world)}/{note_id}").status_code == 404
    for persona in ("admin", "clinician_off", "client", "other_admin"):
        assert api_as(persona).get(f"{_notes_path(world)}/{note_id}").status_code == 404
    assert AuditEvent.objects.filter(action="records.psychotherapy_note_viewed").count() == 1


def test_notes_are_written_once_and_corrected_by_a_new_note(world: World, api_as: Any) -> None:
    author = api_as("clinician")
    first = author.post(_notes_path(world), {"body": "First version"}).json()
    fix = author.post(_notes_path(world), {"body": "Corrected", "corrects_id": first["id"]})
    assert fix.status_code == 201 and fix.json()["corrects_id"] == first["id"]
    original = PsychotherapyNote.objects.get(pk=first["id"])
    assert original.body == "First version"
    original.body = "rewritten"
    with pytest.raises(WrittenOnceError):
        original.save()


@pytest.mark.parametrize(
    ("body", "field"),
    [({"body": ""}, "body"), ({"body": "a\x07b"}, "body"), ({"body": "x" * 20001}, "body")],
)
def test_bad_note_names_the_field(world: World, api_as: Any, body: Any, field: str) -> None:
    response = api_as("clinician").post(_notes_path(world), body)
    assert response.status_code == 422 and field in str(response.json()["detail"])
    assert not PsychotherapyNote.objects.exists()


def test_cannot_correct_someone_elses_note(world: World, api_as: Any) -> None:
    other = PsychotherapyNote.objects.create(
        client=world.client, author=world.users["supervisor"], body="theirs"
    )
    response = api_as("clinician").post(
        _notes_path(world), {"body": "mine", "corrects_id": other.pk}
    )
    assert response.status_code == 422 and "corrects_id" in str(response.json())
    assert PsychotherapyNote.objects.count() == 1


def test_exports_leave_notes_out_unless_an_authorisation_is_named(
    world: World, api_as: Any
) -> None:
    author = api_as("clinician")
    author.post(_notes_path(world), {"body": SECRET_WORDS})
    export_path = f"/api/v1/clients/{world.client.pk}/export"
    plain = author.get(export_path)
    assert plain.status_code == 200
    assert SECRET_WORDS not in plain.content.decode()
    assert plain.json()["psychotherapy_notes"] == {"included": False}
    asked = author.get(export_path + "?include_psychotherapy_notes=true")
    assert asked.status_code == 422 and "authorisation_id" in str(asked.json())
    authorisation = _authorise(author, world)
    assert authorisation.status_code == 201, authorisation.content
    auth_id = authorisation.json()["id"]
    released = author.get(
        export_path + f"?include_psychotherapy_notes=true&authorisation_id={auth_id}"
    )
    assert released.status_code == 200
    section = released.json()["psychotherapy_notes"]
    assert section["included"] is True
    assert [n["body"] for n in section["notes"]] == [SECRET_WORDS]
    assert section["authorisation"]["recipient"] == "Dr. Receiving Psychiatrist"
    exported = AuditEvent.objects.filter(action="records.exported").order_by("id").last()
    assert exported is not None
    assert exported.details["psychotherapy_notes"] == 1
    assert exported.details["authorisation_id"] == auth_id


def test_someone_elses_authorisation_releases_nothing(world: World, api_as: Any) -> None:
    author = api_as("clinician")
    author.post(_notes_path(world), {"body": SECRET_WORDS})
    auth_id = _authorise(author, world).json()["id"]
    response = api_as("supervisor").get(
        f"/api/v1/clients/{world.client.pk}/export"
        f"?include_psychotherapy_notes=true&authorisation_id={auth_id}"
    )
    assert response.status_code == 422
    assert SECRET_WORDS not in response.content.decode()


def test_revoked_or_expired_authorisation_releases_nothing(world: World, api_as: Any) -> None:
    author = api_as("clinician")
    author.post(_notes_path(world), {"body": SECRET_WORDS})
    auth_id = _authorise(author, world).json()["id"]
    revoke = f"/api/v1/clients/{world.client.pk}/psychotherapy-note-authorisations/{auth_id}/revoke"
    assert author.post(revoke).status_code == 200
    assert author.post(revoke).status_code == 409
    query = f"?include_psychotherapy_notes=true&authorisation_id={auth_id}"
    assert author.get(f"/api/v1/clients/{world.client.pk}/export{query}").status_code == 422
    old = timezone.localdate() - dt.timedelta(days=60)
    expired = PsychotherapyNoteAuthorisation.objects.create(
        client=world.client,
        author=world.users["clinician"],
        signed_on=old,
        recipient="r",
        purpose="p",
        notes_from=old,
        notes_to=timezone.localdate(),
        expires_on=old + dt.timedelta(days=10),
    )
    query = f"?include_psychotherapy_notes=true&authorisation_id={expired.pk}"
    assert author.get(f"/api/v1/clients/{world.client.pk}/export{query}").status_code == 422


def test_authorisation_scope_limits_the_notes_released(world: World, api_as: Any) -> None:
    author = api_as("clinician")
    old = PsychotherapyNote.objects.create(
        client=world.client,
        author=world.users["clinician"],
        body="Old note outside the scope",
        created_at=timezone.now() - dt.timedelta(days=40),
    )
    author.post(_notes_path(world), {"body": SECRET_WORDS})
    auth_id = _authorise(author, world).json()["id"]
    section = author.get(
        f"/api/v1/clients/{world.client.pk}/export"
        f"?include_psychotherapy_notes=true&authorisation_id={auth_id}"
    ).json()["psychotherapy_notes"]
    assert [n["body"] for n in section["notes"]] == [SECRET_WORDS]
    assert old.pk not in [n["id"] for n in section["notes"]]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"notes_from": "2024-02-01", "notes_to": "2024-01-01"}, "notes_to"),
        ({"signed_on": "2999-01-01", "expires_on": "2999-02-01"}, "signed_on"),
        ({"expires_on": "2000-01-01"}, "expires_on"),
        ({"recipient": ""}, "recipient"),
        ({"purpose": "p" * 301}, "purpose"),
        ({"signed_on": "not-a-date"}, "signed_on"),
    ],
)
def test_bad_authorisation_names_the_field(
    world: World, api_as: Any, changes: dict[str, Any], field: str
) -> None:
    response = _authorise(api_as("clinician"), world, **changes)
    assert response.status_code == 422, response.content
    assert field in str(response.json()["detail"])
    assert not PsychotherapyNoteAuthorisation.objects.exists()


def test_notes_page_shows_only_own_notes(world: World, page_as: Any) -> None:
    PsychotherapyNote.objects.create(
        client=world.client, author=world.users["supervisor"], body="Supervisor private words"
    )
    page = page_as("clinician")
    saved = page.post(f"/clients/{world.client.pk}/psychotherapy-notes/", {"body": SECRET_WORDS})
    assert saved.status_code == 302
    shown = page.get(saved["Location"])
    assert SECRET_WORDS.encode() in shown.content
    assert b"Supervisor private words" not in shown.content
    empty = page.post(f"/clients/{world.client.pk}/psychotherapy-notes/", {"body": ""})
    assert empty.status_code == 422
