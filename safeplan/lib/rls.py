"""A second wall between organisations on PostgreSQL: row-level security on every client-scoped table.

``clients_client`` rows are visible only when their ``organisation_id`` equals the session setting
``safeplan.org_id``; every table with a foreign key to a client sees a row only when that client is visible
(the policy looks the client up, so the first wall's rule applies through it). A query that forgets its
``organisation`` filter therefore returns nothing from another clinic.

Who is subject to it: PostgreSQL applies policies to roles that neither own the tables nor are superusers.
The deployment runs ``safeplan serve`` as such a role (``safeplan_app``, docs/deploy.md) and the migrations,
the worker and the CLI as the owner role, which bypasses the policies on purpose: those jobs work across
organisations (sealing the audit log, reminders, retention, backups). ``RowLevelScopeMiddleware`` (lib.
middleware) sets the organisation of the signed-in user at the start of every request, and the API's
bearer authentication sets it again once the token names the user. Requests nobody has signed in to
(sign-in, an opt-out or calendar link gated by its own secret) run with ``safeplan.all_orgs = on``.

``enable(connection)`` is idempotent and called by the migration ``worker/0002_row_level_security``; a model
added later that refers to a client needs a migration calling it again (``tests/security/test_row_level_
security.py`` fails until it has one).
"""

from __future__ import annotations

from typing import Any

ORG_SETTING = "safeplan.org_id"
ALL_SETTING = "safeplan.all_orgs"
POLICY = "safeplan_organisation"
CLIENT_TABLE = "clients_client"

_ORG_VISIBLE = (
    f"(organisation_id = NULLIF(current_setting('{ORG_SETTING}', true), '')::bigint "
    f"OR current_setting('{ALL_SETTING}', true) = 'on')"
)


def client_scoped_tables(apps: Any) -> dict[str, list[str]]:
    """Table name → columns that point at a client (empty list for the client table itself)."""
    tables: dict[str, list[str]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == CLIENT_TABLE:
            tables[CLIENT_TABLE] = []
            continue
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [
            field.column
            for field in model._meta.concrete_fields
            if field.is_relation
            and (field.many_to_one or field.one_to_one)
            and field.related_model is not None
            and field.related_model._meta.db_table == CLIENT_TABLE
        ]
        if columns:
            tables[model._meta.db_table] = sorted(columns)
    return dict(sorted(tables.items()))


def _condition(columns: list[str]) -> str:
    if not columns:
        return _ORG_VISIBLE
    parts = [
        f"({c} IS NULL OR EXISTS (SELECT 1 FROM {CLIENT_TABLE} rls_c WHERE rls_c.id = {c}))"  # noqa: S608 - column names from the models
        for c in columns
    ]
    return "(" + " AND ".join(parts) + ")"


def statements(table: str, columns: list[str]) -> list[str]:
    condition = _condition(columns)
    return [
        f'ALTER TABLE "{table}" ENABLE ROW LEVEL SECURITY',
        f'DROP POLICY IF EXISTS {POLICY} ON "{table}"',
        f'CREATE POLICY {POLICY} ON "{table}" USING {condition} WITH CHECK {condition}',
    ]


def enable(connection: Any, apps: Any) -> list[str]:
    """Policies on every existing client-scoped table (PostgreSQL only); returns the tables covered."""
    if connection.vendor != "postgresql":
        return []
    existing = set(connection.introspection.table_names())
    covered = []
    with connection.cursor() as cursor:
        for table, columns in client_scoped_tables(apps).items():
            if table not in existing:
                continue
            for sql in statements(table, columns):
                cursor.execute(sql)
            covered.append(table)
    return covered


def set_scope(connection: Any, organisation_id: int | None, *, all_orgs: bool = False) -> None:
    """The organisation this connection's queries may see until the next call (session-level)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT set_config(%s, %s, false), set_config(%s, %s, false)",
            [
                ORG_SETTING,
                "" if organisation_id is None else str(int(organisation_id)),
                ALL_SETTING,
                "on" if all_orgs else "off",
            ],
        )
