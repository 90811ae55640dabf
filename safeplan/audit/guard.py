"""Database-level guard that keeps the audit log append-only.

Triggers (migration 0002) reject DELETE, TRUNCATE and any UPDATE except sealing. On SQLite the trigger asks
the function ``safeplan_audit_locked()``, which every Safeplan connection registers; a connection without
it (someone with the sqlite3 shell) fails on the missing function, so the guard holds there too. On
PostgreSQL the guard yields only when the session sets ``safeplan.audit_maintenance = 'on'``, which
nothing in the application does except the test harness's flush and an explicit retention purge.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection

_unlocked = False


def _locked() -> int:
    return 0 if _unlocked else 1


def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "safeplan_audit_locked", 0, _locked, deterministic=False
        )


@contextmanager
def maintenance() -> Iterator[None]:
    """Allow deleting audit rows for the duration (test flush, retention purge after 6 years)."""
    global _unlocked
    _unlocked = True
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET safeplan.audit_maintenance = 'on'")
    try:
        yield
    finally:
        _unlocked = False
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("RESET safeplan.audit_maintenance")


SQLITE_COLUMNS = [
    "id",
    "at",
    "actor_id",
    "actor_role",
    "organisation_id",
    "client_id",
    "action",
    "target_type",
    "target_id",
    "channel",
    "request_id",
    "ip",
    "break_glass",
    "details",
]

SQLITE_SQL = [
    """CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit_auditevent
    WHEN safeplan_audit_locked() BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit_auditevent
    WHEN OLD.chain_seq IS NOT NULL OR """
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in SQLITE_COLUMNS)
    + """ BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END""",
    """CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_auditchainhead
    WHEN safeplan_audit_locked() BEGIN SELECT RAISE(ABORT, 'audit chain head cannot be removed'); END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_append_only_delete",
    "DROP TRIGGER IF EXISTS audit_append_only_update",
    "DROP TRIGGER IF EXISTS audit_head_no_delete",
]

POSTGRES_SQL = [
    """CREATE OR REPLACE FUNCTION safeplan_audit_guard() RETURNS trigger AS $$
    BEGIN
      IF current_setting('safeplan.audit_maintenance', true) = 'on' THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END IF;
      IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_auditevent' AND OLD.chain_seq IS NULL
         AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_role, NEW.organisation_id, NEW.client_id,
              NEW.action, NEW.target_type, NEW.target_id, NEW.channel, NEW.request_id, NEW.ip,
              NEW.break_glass, NEW.details::text)
         IS NOT DISTINCT FROM
             (OLD.id, OLD.at, OLD.actor_id, OLD.actor_role, OLD.organisation_id, OLD.client_id,
              OLD.action, OLD.target_type, OLD.target_id, OLD.channel, OLD.request_id, OLD.ip,
              OLD.break_glass, OLD.details::text) THEN
        RETURN NEW;
      END IF;
      IF TG_OP = 'UPDATE' AND TG_TABLE_NAME = 'audit_auditchainhead' THEN
        RETURN NEW;
      END IF;
      RAISE EXCEPTION 'audit log is append-only';
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION safeplan_audit_guard()""",
    """CREATE TRIGGER audit_append_only_truncate BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION safeplan_audit_guard()""",
    """CREATE TRIGGER audit_head_guard BEFORE DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION safeplan_audit_guard()""",
    """CREATE TRIGGER audit_head_guard_truncate BEFORE TRUNCATE ON audit_auditchainhead
    FOR EACH STATEMENT EXECUTE FUNCTION safeplan_audit_guard()""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS audit_append_only ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_append_only_truncate ON audit_auditevent",
    "DROP TRIGGER IF EXISTS audit_head_guard ON audit_auditchainhead",
    "DROP TRIGGER IF EXISTS audit_head_guard_truncate ON audit_auditchainhead",
    "DROP FUNCTION IF EXISTS safeplan_audit_guard()",
]
