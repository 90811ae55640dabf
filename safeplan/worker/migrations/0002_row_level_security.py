"""Row-level security on every client-scoped table (PostgreSQL only; see safeplan/lib/rls.py).

The tables are enumerated from the models, so this one migration covers every app; it depends on each
app's migrations as they were when it was written. A later model that refers to a client gets its policy
from a new migration calling ``rls.enable`` again.
"""

from django.apps import apps as global_apps
from django.db import migrations

from safeplan.lib import rls


def forwards(app_registry, schema_editor):
    rls.enable(schema_editor.connection, global_apps)


def backwards(app_registry, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in rls.client_scoped_tables(global_apps):
            if table in existing:
                cursor.execute(f'DROP POLICY IF EXISTS {rls.POLICY} ON "{table}"')
                cursor.execute(f'ALTER TABLE "{table}" DISABLE ROW LEVEL SECURITY')


class Migration(migrations.Migration):
    dependencies = [
        ("worker", "0001_initial"),
        ("accounts", "0002_initial"),
        ("clients", "0002_screen_versions"),
        ("audit", "0005_details_as_canonical_text"),
        ("directory", "0001_initial"),
        ("telehealth", "0002_resource_fit"),
        ("risk", "0007_follow_up_task"),
        ("plans", "0004_means_counselling"),
        ("crisis", "0002_append_only_triggers"),
        ("followup", "0006_caring_schedules"),
        ("notifications", "0002_remove_outboundmessage_outbox_pending_due_and_more"),
        ("records", "0002_notes_holds_retention"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
