"""Database triggers that keep the crisis record append-only (migration 0002; see also models.base).

- Timeline entries, disclosures, organisation protocol versions and participants: an UPDATE may only rewrite
  the encrypted columns (key rotation re-encrypts the same words; the stored digest shows any change of
  words); every other column is fixed.
- Crisis events: who opened which crisis for which client and session, and when, never change; once closed,
  nothing changes.
- Crisis notes: once signed, nothing but a re-encryption of the content changes.
- Nothing here is ever deleted, unless the audit maintenance switch is on (``safeplan.audit.guard.maintenance``:
  the test harness's flush and a retention purge), the same switch that guards the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Guard:
    table: str
    fixed: tuple[str, ...]  # never change
    frozen_when: str = ""  # SQL condition on OLD after which ``frozen`` columns never change
    frozen: tuple[str, ...] = ()


GUARDS = [
    Guard(
        "crisis_timelineentry",
        (
            "id",
            "event_id",
            "seq",
            "kind",
            "at",
            "occurred_at",
            "by_id",
            "by_role",
            "payload_hash",
            "corrects_id",
            "idempotency_key",
        ),
    ),
    Guard(
        "crisis_emergencydisclosure",
        (
            "id",
            "event_id",
            "client_id",
            "entry_id",
            "recipient_type",
            "basis",
            "disclosed_at",
            "disclosed_by_id",
            "recorded_by_id",
            "recorded_at",
            "corrects_id",
            "words_hash",
        ),
    ),
    Guard(
        "crisis_organisationprotocol",
        ("id", "organisation_id", "crisis_type", "version", "steps", "created_by_id", "created_at"),
    ),
    Guard("crisis_crisisparticipant", ("id", "event_id", "user_id", "joined_at", "opened")),
    Guard(
        "crisis_crisisevent",
        (
            "id",
            "organisation_id",
            "client_id",
            "session_id",
            "crisis_type",
            "protocol",
            "protocol_version",
            "opened_by_id",
            "opened_at",
        ),
        frozen_when="OLD.status = 'closed'",
        frozen=(
            "status",
            "entry_count",
            "closed_by_id",
            "closed_at",
            "outcome",
            "disposition",
            "risk_level_at_close",
            "follow_up_due_at",
        ),
    ),
    Guard(
        "crisis_crisisnote",
        ("id", "event_id", "client_id", "amends_id", "drafted_by_id", "drafted_at"),
        frozen_when="OLD.status = 'signed'",
        frozen=(
            "status",
            "updated_by_id",
            "updated_at",
            "signed_by_id",
            "signed_at",
            "content_hash",
        ),
    ),
    Guard("crisis_disconnectionprotocol", ("id", "event_id", "started_at")),
    Guard("crisis_crisisfollowup", ("id", "event_id", "client_id", "created_at")),
]


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in columns)


def sqlite_sql() -> list[str]:
    statements = []
    for g in GUARDS:
        condition = _changed(g.fixed)
        if g.frozen:
            condition += f" OR ({g.frozen_when} AND ({_changed(g.frozen)}))"
        statements.append(
            f"CREATE TRIGGER {g.table}_fixed BEFORE UPDATE ON {g.table} WHEN {condition} "
            f"BEGIN SELECT RAISE(ABORT, '{g.table}: the crisis record is append-only'); END"
        )
        statements.append(
            f"CREATE TRIGGER {g.table}_kept BEFORE DELETE ON {g.table} WHEN safeplan_audit_locked() "
            f"BEGIN SELECT RAISE(ABORT, '{g.table}: crisis records are never removed'); END"
        )
    return statements


def sqlite_reverse() -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {g.table}_{s}" for g in GUARDS for s in ("fixed", "kept")]


def _row(prefix: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f"{prefix}.{c}" for c in columns)


def postgres_sql() -> list[str]:
    statements = []
    for g in GUARDS:
        frozen = ""
        if g.frozen:
            when = g.frozen_when
            frozen = (
                f"IF TG_OP = 'UPDATE' AND {when} AND ({_row('NEW', g.frozen)}) IS DISTINCT FROM "
                f"({_row('OLD', g.frozen)}) THEN "
                f"RAISE EXCEPTION '{g.table}: the crisis record is append-only'; END IF;"
            )
        statements.append(
            f"""CREATE OR REPLACE FUNCTION {g.table}_guard() RETURNS trigger AS $$
            BEGIN
              IF current_setting('safeplan.audit_maintenance', true) = 'on' THEN
                IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
                RETURN NEW;
              END IF;
              IF TG_OP = 'UPDATE' THEN
                IF ({_row("NEW", g.fixed)}) IS DISTINCT FROM ({_row("OLD", g.fixed)}) THEN
                  RAISE EXCEPTION '{g.table}: the crisis record is append-only';
                END IF;
                {frozen}
                RETURN NEW;
              END IF;
              RAISE EXCEPTION '{g.table}: crisis records are never removed';
            END $$ LANGUAGE plpgsql"""
        )
        statements.append(
            f"CREATE TRIGGER {g.table}_guard BEFORE UPDATE OR DELETE ON {g.table} "
            f"FOR EACH ROW EXECUTE FUNCTION {g.table}_guard()"
        )
        statements.append(
            f"CREATE TRIGGER {g.table}_guard_truncate BEFORE TRUNCATE ON {g.table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {g.table}_guard()"
        )
    return statements


def postgres_reverse() -> list[str]:
    statements = []
    for g in GUARDS:
        statements.append(f"DROP TRIGGER IF EXISTS {g.table}_guard ON {g.table}")
        statements.append(f"DROP TRIGGER IF EXISTS {g.table}_guard_truncate ON {g.table}")
        statements.append(f"DROP FUNCTION IF EXISTS {g.table}_guard()")
    return statements
