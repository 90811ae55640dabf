"""PostgreSQL: the audit log becomes a table partitioned by month (see safeplan.audit.partitions)."""

from typing import Any

from django.db import migrations

from safeplan.audit import partitions


def forwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            partitions.convert_to_partitioned(cursor)
            for month in partitions.months_ahead(partitions.MONTHS_AHEAD):
                for sql in partitions.create_partition_sql(month):
                    cursor.execute(sql)


def backwards(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            partitions.convert_to_flat(cursor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
