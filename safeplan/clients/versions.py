"""Per-client and per-organisation versions kept by the database, for caches that may never be stale.

Every table that holds a client's data (found from the models: a foreign key to ``Client``, or to a model
that has one, up to three steps) gets a trigger that bumps ``ScreenVersion('c<client id>')`` in the same
transaction as the write; tables of an organisation's own settings and reference data (a foreign key to
``Organisation`` and no client) bump ``'o<organisation id>'``. The triggers are (re)installed after every
``migrate`` (``post_migrate``), so a table added later is covered without anyone remembering to.

- SQLite has one writer at a time: plain ``AFTER`` row triggers.
- PostgreSQL: ``DEFERRABLE INITIALLY DEFERRED`` constraint triggers, so the version row is locked only at
  commit, after every other lock the transaction takes (a version row locked early would turn two
  transactions on the same client into a deadlock). A reader outside a transaction sees the data and its
  version change together; a writer reading inside its own transaction must not use a cache
  (``in_write_transaction``).

``EXCLUDED`` lists the client tables no screen is built from whose writes are frequent (notifications,
outbox), so they do not churn caches. ``current(client_id, organisation_id)`` reads both numbers in one
query.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, transaction

EXCLUDED = frozenset(
    {
        "notifications_notification",
        "notifications_outboundmessage",
        "records_retentionapplied",
        "clients_screenversion",
    }
)
ORG_EXCLUDED = frozenset({"accounts_apitoken", "audit_auditevent", "worker_workerheartbeat"})
# Columns whose updates no screen shows and which change all the time (a login stamps last_login).
IGNORED_COLUMNS = {"accounts_user": frozenset({"last_login", "password"})}
PREFIX = "sv_"


@dataclass(frozen=True)
class Versioned:
    """``table`` bumps ``kind`` ('c' or 'o') for the id that ``path`` leads to from a row."""

    table: str
    kind: str
    path: tuple[
        tuple[str, str], ...
    ]  # (column on this hop's table, table it points to), first to last
    columns: tuple[str, ...] = ()  # UPDATE of only these columns bumps (empty: any column)


def _hops_to(model: Any, target: Any, depth: int) -> tuple[tuple[str, str], ...] | None:
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.related_model is None:
            continue
        if field.related_model is target:
            return ((field.column, target._meta.db_table),)
    if depth <= 1:
        return None
    for field in model._meta.concrete_fields:
        if not field.is_relation or field.related_model in (None, model):
            continue
        rest = _hops_to(field.related_model, target, depth - 1)
        if rest is not None:
            return ((field.column, field.related_model._meta.db_table), *rest)
    return None


def versioned_tables() -> list[Versioned]:
    client_model = apps.get_model("clients", "Client")
    org_model = apps.get_model("accounts", "Organisation")
    out = [Versioned(client_model._meta.db_table, "c", (("id", client_model._meta.db_table),))]
    for model in apps.get_models():
        table = model._meta.db_table
        if not model.__module__.startswith("safeplan.") or model is client_model:
            continue
        if table in EXCLUDED or model._meta.proxy or not model._meta.managed:
            continue
        path = _hops_to(model, client_model, 3)
        if path is not None:
            out.append(Versioned(table, "c", path))
            continue
        if model is org_model:
            out.append(Versioned(table, "o", (("id", table),)))
        elif table not in ORG_EXCLUDED and (path := _hops_to(model, org_model, 1)) is not None:
            out.append(Versioned(table, "o", path, _columns(model)))
    return out


def _columns(model: Any) -> tuple[str, ...]:
    ignored = IGNORED_COLUMNS.get(model._meta.db_table)
    if not ignored:
        return ()
    return tuple(f.column for f in model._meta.concrete_fields if f.column not in ignored)


def _scope_sql(item: Versioned, row: str) -> str:
    """SQL for the scope text of ``row`` (NEW or OLD): ``'c' || id`` through the foreign-key path."""
    column, _ = item.path[0]
    expr = f"{row}.{column}"
    for (_, table), (next_column, _) in zip(item.path, item.path[1:], strict=False):
        expr = f"(SELECT {next_column} FROM {table} WHERE id = {expr})"  # noqa: S608 - model metadata
    return f"'{item.kind}' || {expr}"


def _sqlite_bump(scope: str, condition: str = "1") -> str:
    # Built from model metadata only, no input.
    insert = f"SELECT {scope}, 0 WHERE {scope} IS NOT NULL AND {condition}"
    return (
        f"INSERT OR IGNORE INTO clients_screenversion (scope, version) {insert}; "  # noqa: S608
        "UPDATE clients_screenversion SET version = version + 1 "
        f"WHERE scope = {scope} AND {condition}; "
    )


def _sqlite_sql(item: Versioned) -> list[str]:
    name = PREFIX + item.table
    new, old = _scope_sql(item, "NEW"), _scope_sql(item, "OLD")
    update = "UPDATE OF " + ", ".join(item.columns) if item.columns else "UPDATE"
    bodies = {
        "ins": ("INSERT", _sqlite_bump(new)),
        "upd": (update, _sqlite_bump(new) + _sqlite_bump(old, f"({old}) IS NOT ({new})")),
        "del": ("DELETE", _sqlite_bump(old)),
    }
    statements = [f"DROP TRIGGER IF EXISTS {name}_{op}" for op in bodies]
    for op, (event, body) in bodies.items():
        statements.append(
            f"CREATE TRIGGER {name}_{op} AFTER {event} ON {item.table} BEGIN {body}END"
        )
    return statements


POSTGRES_FUNCTION = """CREATE OR REPLACE FUNCTION safeplan_bump_version(target text) RETURNS void AS $$
BEGIN
  IF target IS NOT NULL THEN
    INSERT INTO clients_screenversion (scope, version) VALUES (target, 1)
    ON CONFLICT (scope) DO UPDATE SET version = clients_screenversion.version + 1;
  END IF;
END $$ LANGUAGE plpgsql"""


def _postgres_sql(item: Versioned) -> list[str]:
    name = PREFIX + item.table
    new, old = _scope_sql(item, "NEW"), _scope_sql(item, "OLD")
    update = "UPDATE OF " + ", ".join(item.columns) if item.columns else "UPDATE"
    return [
        f"DROP TRIGGER IF EXISTS {name} ON {item.table}",
        f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'DELETE' THEN PERFORM safeplan_bump_version({new}); END IF;
  IF TG_OP = 'DELETE' OR ({old}) IS DISTINCT FROM ({new}) THEN
    PERFORM safeplan_bump_version({old});
  END IF;
  RETURN NULL;
END $$ LANGUAGE plpgsql""",
        f"CREATE CONSTRAINT TRIGGER {name} AFTER INSERT OR {update} OR DELETE ON {item.table} "
        f"DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {name}()",
    ]


def install(using: Any = None) -> int:
    """(Re)create every version trigger; returns how many tables are covered."""
    conn = using or connection
    items = versioned_tables()
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(POSTGRES_FUNCTION)
        for item in items:
            for sql in _postgres_sql(item) if conn.vendor == "postgresql" else _sqlite_sql(item):
                cursor.execute(sql)
    return len(items)


def uninstall(conn: Any) -> None:
    """Drop every version trigger (before migrations: SQLite rebuilds tables that triggers refer to)."""
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE 'sv\\_%'"
            )
            for name, table in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}" ON {table}')
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sv\\_%' ESCAPE '\\'"
            )
            for (name,) in cursor.fetchall():
                cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def _bump_epoch(conn: Any) -> None:
    """Writes made while migrations ran were not versioned: every cached entry is void after them."""
    with conn.cursor() as cursor:
        cursor.execute(
            "INSERT INTO clients_screenversion (scope, version) VALUES ('g', 1) "
            "ON CONFLICT (scope) DO UPDATE SET version = clients_screenversion.version + 1"
        )


def on_pre_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    conn = connections[using]
    if sender.label != "clients" or not kwargs.get("plan"):
        return  # nothing to migrate: the triggers stay as they are
    if "clients_screenversion" in conn.introspection.table_names():
        uninstall(conn)


def on_post_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from django.db import connections

    if sender.label != "clients":
        return  # once per migrate, after every app's tables exist
    conn = connections[using]
    if kwargs.get("plan") or not covered(versioned_tables()) <= trigger_names(conn):
        with transaction.atomic(using=using):
            install(conn)
            _bump_epoch(conn)


def trigger_names(conn: Any = None) -> set[str]:
    """The tables that have a version trigger in the database right now (for tests and checks)."""
    conn = conn or connection
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE 'sv\\_%'"
            )
        else:
            cursor.execute(
                "SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sv\\_%' ESCAPE '\\'"
            )
        return {row[0] for row in cursor.fetchall()}


def immediate_sql() -> str:
    """``SET CONSTRAINTS`` making this transaction's version triggers fire at once (PostgreSQL)."""
    return (
        "SET CONSTRAINTS " + ", ".join(PREFIX + v.table for v in versioned_tables()) + " IMMEDIATE"
    )


def current(client_id: int, organisation_id: int) -> tuple[int, int, int]:
    """The client's, the organisation's and the migration epoch's version now (0 before any write)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT scope, version FROM clients_screenversion WHERE scope IN (%s, %s, 'g')",
            [f"c{client_id}", f"o{organisation_id}"],
        )
        found = dict(cursor.fetchall())
    return found.get(f"c{client_id}", 0), found.get(f"o{organisation_id}", 0), found.get("g", 0)


def in_write_transaction() -> bool:
    """Inside a transaction of the application's own (not a test's wrapper): caches must not be used,
    because on PostgreSQL this transaction's writes bump their versions only when it commits."""
    return any(not getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


def covered(items: Iterable[Versioned]) -> set[str]:
    return {item.table for item in items}
