"""Audit details stored as canonical JSON text (the bytes the chain hashes), so verify can hash in SQL.

PostgreSQL: the column becomes ``text`` and existing rows are rewritten to the canonical form (their
content and hashes do not change: the hash was always computed over this form). SQLite already keeps
JSON as text; only the model state changes there (a table rebuild would drop the append-only triggers).
Older SQLite rows keep Django's spacing, which verify reads either way (it runs in Python there).
"""

import json
from typing import Any

from django.db import migrations

import safeplan.audit.models

BATCH = 5000


def forwards(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL safeplan.audit_maintenance = 'on'")
        cursor.execute(
            "ALTER TABLE audit_auditevent ALTER COLUMN details TYPE text USING details::text"
        )
        last = 0
        while True:
            cursor.execute(
                "SELECT id, at, details FROM audit_auditevent WHERE id > %s AND details <> '{}' "
                "ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            last = rows[-1][0]
            changed = [
                (pk, at, text)
                for pk, at, old in rows
                if (text := safeplan.audit.models.canonical_details(json.loads(old))) != old
            ]
            if changed:
                cursor.executemany(
                    "UPDATE audit_auditevent SET details = %s WHERE id = %s AND at = %s",
                    [(text, pk, at) for pk, at, text in changed],
                )
        cursor.execute("RESET safeplan.audit_maintenance")


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "ALTER TABLE audit_auditevent ALTER COLUMN details TYPE jsonb USING details::jsonb"
            )


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_checkpoints")]
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="details",
                    field=safeplan.audit.models.CanonicalJSONField(blank=True, default=dict),
                ),
            ],
            database_operations=[migrations.RunPython(forwards, backwards)],
        )
    ]
