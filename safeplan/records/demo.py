"""Demo data for records: a psychotherapy note kept by the demo clinician (fictional). Idempotent."""

from __future__ import annotations

from typing import Any

from safeplan.records import notes
from safeplan.records.models import PsychotherapyNote

DEMO_NOTE = (
    "Demo psychotherapy note (fictional). Only its author sees it; it is left out of every export "
    "unless the client signs an authorisation to release it."
)


def seed(ctx: Any) -> None:
    client = ctx.clients[0]
    if not PsychotherapyNote.objects.filter(client=client, author=ctx.clinician).exists():
        notes.write_note(actor=ctx.clinician, client=client, body=DEMO_NOTE)
        ctx.log.append("records: a psychotherapy note by demo-clinician on DEMO-001")
