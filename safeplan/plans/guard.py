"""Database triggers that keep plan versions, signatures and discussions write-once (see plans.models).

An UPDATE may only rewrite the encrypted columns (key rotation re-encrypts the same words; the version's
``content_hash`` shows any change of words); every other column is fixed. DELETE is refused unless the
audit maintenance switch is on (``safeplan.audit.guard.maintenance``: the test harness's flush and a
retention purge), the same switch that guards the audit log.
"""

from __future__ import annotations

# table -> columns that never change after the row is written
FIXED_COLUMNS: dict[str, list[str]] = {
    "plans_safetyplanversion": [
        "id",
        "plan_id",
        "number",
        "content_hash",
        "author_id",
        "author_role",
        "origin",
        "source",
        "based_on",
        "proposal_id",
        "review_due",
        "review_basis",
        "created_at",
    ],
    "plans_plansignature": [
        "id",
        "version_id",
        "role",
        "signer_id",
        "recorded_by_id",
        "method",
        "signed_at",
    ],
    "plans_proposalcomment": ["id", "proposal_id", "author_id", "author_role", "created_at"],
    "plans_reviewduechange": ["id", "plan_id", "due", "previous_due", "actor_id", "at"],
}


# Lethal-means counselling records (plans.means_models), guarded from migration 0005 on.
MEANS_FIXED_COLUMNS: dict[str, list[str]] = {
    "plans_meanscounselling": [
        "id",
        "client_id",
        "means",
        "counselled",
        "counselled_by_id",
        "counselled_at",
        "corrects_id",
    ],
}


def sqlite_sql(tables: dict[str, list[str]] | None = None) -> list[str]:
    statements = []
    for table, columns in (tables or FIXED_COLUMNS).items():
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


def sqlite_reverse(tables: dict[str, list[str]] | None = None) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_{suffix}"
        for table in tables or FIXED_COLUMNS
        for suffix in ("fixed", "kept")
    ]


def postgres_sql(tables: dict[str, list[str]] | None = None) -> list[str]:
    statements = []
    for table, columns in (tables or FIXED_COLUMNS).items():
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
              RAISE EXCEPTION '{table} rows are written once';
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


def postgres_reverse(tables: dict[str, list[str]] | None = None) -> list[str]:
    statements = []
    for table in tables or FIXED_COLUMNS:
        statements.append(f"DROP TRIGGER IF EXISTS {table}_guard ON {table}")
        statements.append(f"DROP TRIGGER IF EXISTS {table}_guard_truncate ON {table}")
        statements.append(f"DROP FUNCTION IF EXISTS {table}_guard()")
    return statements
