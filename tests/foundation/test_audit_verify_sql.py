"""PostgreSQL hashes the audit chain itself (issue 15: verify >= 200,000 entries a second).

The SQL rebuild of each entry's canonical form must give the sealer's hash for every entry whose text
needs no escapes beyond what ``to_json`` writes; anything else must still verify (Python re-checks it) and
a change to any entry must still be caught, naming it.
"""

from __future__ import annotations

import string

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safeplan.audit import services as audit
from safeplan.audit import verify as audit_verify
from safeplan.audit.models import AuditEvent
from tests.factories import World
from tests.foundation.test_audit_chain import _drop_guard

pytestmark = pytest.mark.usefixtures("postgres_only")

PLAIN = ["plan", "slash/ok", "", "x-y_z.1:2", "{}[],"]
AWKWARD = ['quote"d', "back\\slash", "tab\there", "new\nline", "ctl\x01x"]


def _plain(text: str) -> bool:
    return text.isascii() and not any(c in text for c in '"\\') and all(ord(c) >= 32 for c in text)


def _sql_and_stored() -> list[tuple[int, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {audit_verify._SQL_HASH}, hash FROM audit_auditevent "  # noqa: S608
            "WHERE chain_seq IS NOT NULL ORDER BY chain_seq"
        )
        return list(cursor.fetchall())


def test_database_hash_is_the_sealers_for_plain_entries(world: World) -> None:
    clinician = world.users["clinician"]
    for i, text in enumerate(PLAIN + AWKWARD):
        audit.record(
            actor=clinician if i % 2 else None,
            action="client.viewed",
            client=world.client if i % 3 else None,
            target_type="plan",
            target_id=text,
            details={"z": i, "a": [1, "x-y"], "f": 0.5, "none": None, "yes": True},
            break_glass=bool(i % 2),
        )
    audit.seal_pending()
    rows = _sql_and_stored()
    assert len(rows) == len(PLAIN + AWKWARD)
    by_text = dict(AuditEvent.objects.values_list("id", "target_id"))
    assert [by_text[pk] for pk, computed, stored in rows if computed not in (None, stored)] == []
    # Text needing JSON escapes gets no SQL hash: Python checks those entries exactly.
    assert sorted(by_text[pk] for pk, computed, _ in rows if computed is None) == sorted(AWKWARD)
    result = audit_verify.verify_chain(full=True)
    assert result.ok and result.checked == len(rows)


def test_non_ascii_entries_verify_through_the_python_recheck(world: World) -> None:
    audit.record(actor=None, action="client.viewed", target_type="plan", target_id="café")
    audit.record(actor=None, action="client.viewed", details={"code": "ñandú"})
    audit.seal_pending()
    rows = _sql_and_stored()
    mismatched = {pk for pk, computed, stored in rows if computed != stored}
    café = AuditEvent.objects.get(target_id="café")
    assert café.pk in mismatched  # SQL leaves é literal; Python writes \u00e9
    # The stored details are already escaped, so the database hashes that entry exactly.
    assert AuditEvent.objects.exclude(target_id="café").get().pk not in mismatched
    assert audit_verify.verify_chain(full=True).ok


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE audit_auditevent SET target_id = 'cafe' WHERE id = %s",
        'UPDATE audit_auditevent SET details = \'{"code":"other"}\' WHERE id = %s',
        "UPDATE audit_auditevent SET at = at + interval '1 microsecond' WHERE id = %s",
        "UPDATE audit_auditevent SET break_glass = NOT break_glass WHERE id = %s",
    ],
)
def test_a_change_is_caught_and_named(world: World, change: str) -> None:
    events = [
        audit.record(actor=None, action="client.viewed", target_id="café", details={"code": "x"})
        for _ in range(4)
    ]
    audit.seal_pending()
    assert audit_verify.verify_chain(full=True).ok
    _drop_guard()
    with connection.cursor() as cursor:
        cursor.execute(change, [events[2].pk])
    result = audit_verify.verify_chain(full=True)
    assert not result.ok
    assert result.broken_entry_id == events[2].pk
    assert "altered" in result.problem


def test_a_broken_link_between_chunks_is_caught(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_verify, "CHUNK", 2)
    events = [audit.record(actor=None, action="client.viewed") for _ in range(6)]
    audit.seal_pending()
    assert audit_verify.verify_chain(full=True).checked == 6
    _drop_guard()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [events[2].pk])
    result = audit_verify.verify_chain(full=True)
    assert not result.ok and result.broken_entry_id == events[3].pk


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=40),
    code=st.text(string.ascii_letters + "-_.:ñé", max_size=20),
)
def test_any_text_verifies_and_plain_text_is_hashed_by_the_database(
    world: World, text: str, code: str
) -> None:
    event = audit.record(actor=None, action="client.viewed", target_id=text, details={"c": code})
    audit.seal_pending()
    event.refresh_from_db()
    seq = event.chain_seq
    assert seq is not None
    assert audit_verify._chunk_in_sql(seq, seq) is not None
    if _plain(text):
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {audit_verify._SQL_HASH} = hash FROM audit_auditevent WHERE id = %s",  # noqa: S608
                [event.pk],
            )
            assert cursor.fetchone()[0] is True
