"""Triggers that keep lethal-means counselling records write-once (see safeplan.plans.guard)."""

from typing import Any

from django.db import migrations

from safeplan.plans import guard


def forwards(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    tables = guard.MEANS_FIXED_COLUMNS
    for sql in guard.postgres_sql(tables) if postgres else guard.sqlite_sql(tables):
        schema_editor.execute(sql)


def backwards(apps: Any, schema_editor: Any) -> None:
    postgres = schema_editor.connection.vendor == "postgresql"
    tables = guard.MEANS_FIXED_COLUMNS
    for sql in guard.postgres_reverse(tables) if postgres else guard.sqlite_reverse(tables):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("plans", "0004_means_counselling")]
    operations = [migrations.RunPython(forwards, backwards)]
