"""The crisis record cannot be altered: not through the ORM, not through raw SQL, not by deleting it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from safeplan.crisis import services
from safeplan.crisis.models import (
    CrisisEvent,
    CrisisNote,
    EmergencyDisclosure,
    ImmutableRowError,
    TimelineEntry,
)
from tests.crisis import builders
from tests.factories import World


@pytest.fixture
def entry(world: World) -> TimelineEntry:
    event = builders.open_crisis(world)
    found, _ = services.add_entry(
        actor=world.users["clinician"],
        event=event,
        kind="call",
        payload={"to": "mobile_crisis", "outcome": "no_answer", "number": "+1 617 555 0199"},
    )
    return found


def test_orm_refuses_to_change_or_remove_an_entry(entry: TimelineEntry) -> None:
    entry.payload = {"to": "mobile_crisis", "outcome": "answered"}
    with pytest.raises(ImmutableRowError):
        entry.save()
    with pytest.raises(ImmutableRowError):
        entry.save(update_fields=["payload"])
    with pytest.raises(ImmutableRowError):
        TimelineEntry.objects.filter(pk=entry.pk).update(kind="note")
    with pytest.raises(ImmutableRowError):
        entry.delete()
    with pytest.raises(ImmutableRowError):
        TimelineEntry.objects.filter(pk=entry.pk).delete()
    fresh = TimelineEntry.objects.get(pk=entry.pk)
    assert fresh.payload["outcome"] == "no_answer" and fresh.words_intact()


def test_reencrypting_the_same_words_is_allowed(entry: TimelineEntry) -> None:
    fresh = TimelineEntry.objects.get(pk=entry.pk)
    fresh.save(update_fields=["payload"])
    assert TimelineEntry.objects.get(pk=entry.pk).words_intact()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE crisis_timelineentry SET kind = 'note' WHERE id = %s",
        "UPDATE crisis_timelineentry SET at = '2000-01-01 00:00:00' WHERE id = %s",
        "UPDATE crisis_timelineentry SET by_id = NULL WHERE id = %s",
        "UPDATE crisis_timelineentry SET payload_hash = 'x' WHERE id = %s",
        "DELETE FROM crisis_timelineentry WHERE id = %s",
    ],
)
def test_database_refuses_raw_updates_and_deletes(entry: TimelineEntry, sql: str) -> None:
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(sql, [entry.pk])
    assert TimelineEntry.objects.get(pk=entry.pk).kind == "call"


def test_tampered_words_are_detected(entry: TimelineEntry) -> None:
    from safeplan.lib import crypto

    forged = crypto.encrypt_text('{"outcome": "answered", "to": "mobile_crisis"}')
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE crisis_timelineentry SET payload = %s WHERE id = %s", [forged, entry.pk]
        )
    assert not TimelineEntry.objects.get(pk=entry.pk).words_intact()


def test_a_closed_crisis_never_changes(world: World) -> None:
    event = builders.closed_crisis(world)
    for sql in (
        "UPDATE crisis_crisisevent SET status = 'open' WHERE id = %s",
        "UPDATE crisis_crisisevent SET outcome = 'other' WHERE id = %s",
        "DELETE FROM crisis_crisisevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [event.pk])
    with pytest.raises(ImmutableRowError):
        CrisisEvent.objects.filter(pk=event.pk).delete()
    assert CrisisEvent.objects.get(pk=event.pk).status == "closed"


def test_who_opened_a_crisis_never_changes(world: World) -> None:
    event = builders.open_crisis(world)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute(
            "UPDATE crisis_crisisevent SET opened_by_id = %s WHERE id = %s",
            [world.users["supervisor"].pk, event.pk],
        )


def test_a_signed_note_never_changes(world: World) -> None:
    event = builders.closed_crisis(world)
    note = CrisisNote.objects.get(event=event)
    signed = services.sign_note(actor=world.users["clinician"], note=note)
    signed.content = {**signed.content, "summary": "rewritten"}
    with pytest.raises(ImmutableRowError):
        signed.save()
    for sql in (
        "UPDATE crisis_crisisnote SET status = 'draft' WHERE id = %s",
        "UPDATE crisis_crisisnote SET signed_at = NULL WHERE id = %s",
        "DELETE FROM crisis_crisisnote WHERE id = %s",
    ):
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql, [note.pk])
    assert CrisisNote.objects.get(pk=note.pk).words_intact()


def test_disclosures_are_written_once(world: World) -> None:
    event = builders.open_crisis(world)
    disclosure = services.record_disclosure(
        actor=world.users["clinician"],
        event=event,
        data={
            "recipient_name": "Boston Police dispatcher",
            "recipient_type": "police",
            "basis": "hipaa_164_512_j",
            "information_disclosed": "Name, address, suicidal intent with a plan.",
            "nature_of_emergency": "Imminent suicide risk.",
        },
    )
    with pytest.raises(ImmutableRowError):
        EmergencyDisclosure.objects.filter(pk=disclosure.pk).update(basis="other")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM crisis_emergencydisclosure WHERE id = %s", [disclosure.pk])
    assert EmergencyDisclosure.objects.get(pk=disclosure.pk).words_intact()


def test_entries_survive_a_rollback_free_world(world: World) -> Any:
    """Timeline sequence numbers have no gaps: each entry takes the next number of its crisis."""
    event = builders.open_crisis(world)
    for text in ("one", "two", "three"):
        services.add_entry(
            actor=world.users["clinician"], event=event, kind="note", payload={"text": text}
        )
    seqs = list(
        TimelineEntry.objects.filter(event=event).order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == [1, 2, 3, 4]
    assert CrisisEvent.objects.get(pk=event.pk).entry_count == 4
