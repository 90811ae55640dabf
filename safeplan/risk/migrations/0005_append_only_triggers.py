"""Triggers that keep assessments and the risk-flag history append-only (see safeplan.risk.guard)."""

from django.db import migrations

from safeplan.risk import guard


class Migration(migrations.Migration):
    dependencies = [("risk", "0004_pathway_actions"), ("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(guard.install, guard.remove)]
