"""Triggers that keep the crisis record append-only (see safeplan.crisis.guard)."""

from typing import Any

from django.db import migrations

from safeplan.crisis import guard


def forwards(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in guard.postgres_sql() if postgres else guard.sqlite_sql():
        schema_editor.execute(sql)


def backwards(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    for sql in guard.postgres_reverse() if postgres else guard.sqlite_reverse():
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("crisis", "0001_initial"), ("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
