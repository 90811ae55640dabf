"""Triggers that keep the audit log append-only (see safeplan.audit.guard)."""

from typing import Any

from django.db import migrations

from safeplan.audit import guard


def forwards(apps: Any, schema_editor: Any) -> None:
    statements = guard.POSTGRES_SQL if schema_editor.connection.vendor == "postgresql" else guard.SQLITE_SQL
    for sql in statements:
        schema_editor.execute(sql)


def backwards(apps: Any, schema_editor: Any) -> None:
    statements = (
        guard.POSTGRES_REVERSE if schema_editor.connection.vendor == "postgresql" else guard.SQLITE_REVERSE
    )
    for sql in statements:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
