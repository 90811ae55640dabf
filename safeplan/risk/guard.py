"""Database triggers that keep assessments and the risk-flag history append-only (migration 0005).

PRODUCT.md "Nothing clinical is ever overwritten" and "software never lowers one": a screener result or a
flag change, once written, never changes and is never removed; a correction is a new row that points at
what it corrects (``Assessment.corrects``), a new level is a new ``RiskFlagChange``. The ORM refuses the
same (``risk.models.AppendOnlyModel``); these triggers hold the line for raw SQL, on SQLite and PostgreSQL,
the way the plans (``plans/guard.py``), crisis (``crisis/guard.py``) and audit (``audit/guard.py``) guards do.

- An UPDATE may only rewrite the encrypted columns (key rotation and retention anonymisation re-encrypt or
  overwrite the words in place, column by column); every other column is fixed.
- DELETE (and TRUNCATE on PostgreSQL) is refused unless the audit maintenance switch is on
  (``safeplan.audit.guard.maintenance``: the test harness's flush and a retention deletion).

A new plain column on these tables must be added to ``FIXED_COLUMNS`` and the triggers re-created in a
migration (``reinstall`` below), or it stays writable. **Any migration that alters these tables must end
with ``migrations.RunPython(guard.reinstall, guard.reinstall)``**: on SQLite Django adds or alters a column
by rebuilding the table, which drops its triggers (``tests/risk/test_append_only.py`` catches it).
"""

from __future__ import annotations

from typing import Any

FIXED_COLUMNS: dict[str, list[str]] = {
    "risk_assessment": [
        "id",
        "client_id",
        "instrument",
        "version",
        "language",
        "code",
        "total",
        "implied_level",
        "prompts_suicide_screen",
        "positive",
        "flags",
        "complete",
        "missing_items",
        "channel",
        "administered_by_id",
        "request_id",
        "corrects_id",
        "follows_id",
        "completed_at",
    ],
    "risk_riskflagchange": [
        "id",
        "client_id",
        "level",
        "previous_level",
        "source",
        "assessment_id",
        "set_by_id",
        "set_at",
    ],
}


def sqlite_sql() -> list[str]:
    statements = []
    for table, columns in FIXED_COLUMNS.items():
        changed = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)
        statements.append(
            f"CREATE TRIGGER {table}_fixed BEFORE UPDATE ON {table} WHEN {changed} "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are written once'); END"
        )
        statements.append(
            f"CREATE TRIGGER {table}_kept BEFORE DELETE ON {table} WHEN safeplan_audit_locked() "
            f"BEGIN SELECT RAISE(ABORT, '{table} rows are never removed'); END"
        )
    return statements


def sqlite_reverse() -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_{suffix}"
        for table in FIXED_COLUMNS
        for suffix in ("fixed", "kept")
    ]


def postgres_sql() -> list[str]:
    statements = []
    for table, columns in FIXED_COLUMNS.items():
        new = ", ".join(f"NEW.{c}" for c in columns)
        old = ", ".join(f"OLD.{c}" for c in columns)
        statements.append(
            f"""CREATE OR REPLACE FUNCTION {table}_guard() RETURNS trigger AS $$
            BEGIN
              IF current_setting('safeplan.audit_maintenance', true) = 'on' THEN
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
              END IF;
              IF TG_OP = 'UPDATE' AND ({new}) IS NOT DISTINCT FROM ({old}) THEN
                RETURN NEW;
              END IF;
              IF TG_OP = 'UPDATE' THEN
                RAISE EXCEPTION '{table} rows are written once';
              END IF;
              RAISE EXCEPTION '{table} rows are never removed';
            END $$ LANGUAGE plpgsql"""
        )
        statements.append(
            f"CREATE TRIGGER {table}_guard BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_guard()"
        )
        statements.append(
            f"CREATE TRIGGER {table}_guard_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_guard()"
        )
    return statements


def postgres_reverse() -> list[str]:
    statements = []
    for table in FIXED_COLUMNS:
        statements.append(f"DROP TRIGGER IF EXISTS {table}_guard ON {table}")
        statements.append(f"DROP TRIGGER IF EXISTS {table}_guard_truncate ON {table}")
        statements.append(f"DROP FUNCTION IF EXISTS {table}_guard()")
    return statements


def install(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in postgres_sql() if postgres else sqlite_sql():
        schema_editor.execute(sql)


def remove(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in postgres_reverse() if postgres else sqlite_reverse():
        schema_editor.execute(sql)


def reinstall(apps: Any, schema_editor: Any) -> None:
    """For a later migration that adds a fixed column: drop and create the triggers again."""
    remove(apps, schema_editor)
    install(apps, schema_editor)
