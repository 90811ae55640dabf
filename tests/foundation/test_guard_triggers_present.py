"""Every append-only trigger the guard modules define exists once all migrations have run (PRODUCT.md
"Plans, crisis records, audit are append-only").

On SQLite a migration that adds or alters a column rebuilds the table and silently drops its triggers; the
ORM guards would still hold, but raw SQL would not. The expected triggers are read from the guard modules'
own SQL (not a copy), so a table or trigger added to a guard is checked without anyone remembering to.
The test database is built by running every migration, so this is the schema a fresh install gets.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from safeplan.audit import guard as audit_guard
from safeplan.audit import services as audit
from safeplan.crisis import guard as crisis_guard
from safeplan.plans import guard as plans_guard
from safeplan.plans import services as plan_services
from safeplan.risk import guard as risk_guard
from safeplan.risk import services as risk_services
from tests.crisis.builders import open_crisis
from tests.factories import World

_CREATE = re.compile(r"CREATE TRIGGER (\w+)\s.*?\sON\s+(\w+)\s", re.DOTALL)


def _sqlite_sql() -> list[str]:
    return [
        *audit_guard.SQLITE_SQL,
        *plans_guard.sqlite_sql(),
        *plans_guard.sqlite_sql(plans_guard.MEANS_FIXED_COLUMNS),
        *risk_guard.sqlite_sql(),
        *crisis_guard.sqlite_sql(),
    ]


def _postgres_sql() -> list[str]:
    return [
        *audit_guard.POSTGRES_SQL,
        *plans_guard.postgres_sql(),
        *plans_guard.postgres_sql(plans_guard.MEANS_FIXED_COLUMNS),
        *risk_guard.postgres_sql(),
        *crisis_guard.postgres_sql(),
    ]


def expected(vendor: str) -> set[tuple[str, str]]:
    """(trigger, table) pairs named by the guards' CREATE TRIGGER statements for this database."""
    statements = _postgres_sql() if vendor == "postgresql" else _sqlite_sql()
    pairs = {m.groups() for sql in statements for m in _CREATE.finditer(sql)}
    return {(trigger, table) for trigger, table in pairs}


def present() -> set[tuple[str, str]]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal"
            )
        else:
            cursor.execute("SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'")
        return {(name, table) for name, table in cursor.fetchall()}


GUARDED_TABLES = sorted(
    {table for vendor in ("sqlite", "postgresql") for _, table in expected(vendor)}
)


def test_the_guards_define_triggers_on_every_guarded_table() -> None:
    # The parser reads the SQL: if it found nothing the presence check below would prove nothing.
    for vendor in ("sqlite", "postgresql"):
        tables = {table for _, table in expected(vendor)}
        assert {"audit_auditevent", "plans_safetyplanversion", "plans_meanscounselling"} <= tables
        assert {"risk_assessment", "risk_riskflagchange", "crisis_timelineentry"} <= tables
        assert {g.table for g in crisis_guard.GUARDS} <= tables
        assert set(plans_guard.FIXED_COLUMNS) | set(risk_guard.FIXED_COLUMNS) <= tables


@pytest.mark.django_db
def test_every_guard_trigger_exists_after_all_migrations() -> None:
    missing = sorted(expected(connection.vendor) - present())
    assert missing == [], f"append-only triggers missing after migrate: {missing}"


def _first_id(table: str) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT min(id) FROM {table}")  # noqa: S608 - table names from the guards
        return cursor.fetchone()[0]


@pytest.fixture
def guarded_rows(world: World) -> dict[str, Any]:
    """One written row in each guarded table the ordinary services fill for one client."""
    clinician = world.users["clinician"]
    risk_services.record_assessment(
        actor=clinician,
        client=world.client,
        instrument="asq",
        answers={"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "yes"},
    )
    plan_services.add_pending_means_entry(
        client=world.client, means="firearm", actor=clinician, source="test"
    )
    open_crisis(world)
    audit.record(actor=clinician, action="client.viewed", client=world.client)
    rows = {table: _first_id(table) for table in GUARDED_TABLES}
    return {table: pk for table, pk in rows.items() if pk is not None}


BEHAVIOUR_TABLES = [
    "audit_auditevent",
    "plans_safetyplanversion",
    "plans_reviewduechange",
    "risk_assessment",
    "risk_riskflagchange",
    "crisis_crisisevent",
    "crisis_timelineentry",
    "crisis_crisisparticipant",
]


@pytest.mark.parametrize("table", BEHAVIOUR_TABLES)
def test_a_raw_update_of_a_written_row_is_refused(table: str, guarded_rows: dict[str, Any]) -> None:
    pk = guarded_rows[table]
    if table == "audit_auditevent":  # an unsealed entry may be sealed; a changed one never
        sql = f"UPDATE {table} SET action = 'changed' WHERE id = %s"  # noqa: S608
    else:
        sql = f"UPDATE {table} SET id = id + 1000000 WHERE id = %s"  # noqa: S608
    refused = pytest.raises(DatabaseError, match=r"append-only|written once")
    with refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [pk])
    assert _first_id(table) == pk
