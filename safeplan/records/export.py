"""The client's right of access: everything about one client as one JSON document.

Every row that belongs to the client is included (found by ``records.graph``), decrypted, with secrets left
out. Psychotherapy notes are never included unless the exporting clinician — their author — names a valid
authorisation to release them (45 CFR 164.508(a)(2); clinical-rules.md §10.3); the export then says which
authorisation covered them. Emergency ("break the glass") access does not extend to exports.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.lib.errors import InvalidInput, NotAllowed
from safeplan.records import graph, notes
from safeplan.records.services import active_break_glass

FORMAT = "safeplan.client-export"
VERSION = 1


def require_export_allowed(actor: Any, client: Any) -> None:
    if not getattr(actor, "is_clinical", False):
        raise NotAllowed("only clinicians and supervisors export client records")
    if active_break_glass(actor, client) is not None:
        raise NotAllowed("emergency access does not include exports")


@transaction.atomic
def export_client(
    *,
    actor: Any,
    client: Any,
    include_psychotherapy_notes: bool = False,
    authorisation_id: int | None = None,
) -> dict[str, Any]:
    require_export_allowed(actor, client)
    if authorisation_id is not None and not include_psychotherapy_notes:
        raise InvalidInput(
            "authorisation_id is only used with include_psychotherapy_notes=true",
            field="include_psychotherapy_notes",
        )
    released: dict[str, Any] = {"included": False}
    if include_psychotherapy_notes:
        if authorisation_id is None:
            raise InvalidInput(
                "psychotherapy notes are released only under a recorded authorisation",
                field="authorisation_id",
            )
        authorisation, covered = notes.notes_released_under(
            actor=actor, client=client, authorisation_id=authorisation_id
        )
        released = {
            "included": True,
            "authorisation": graph.row_as_dict(authorisation),
            "notes": [graph.row_as_dict(n) for n in covered],
        }
    found = graph.rows_of_client(client, for_export=True)
    records = graph.export_rows(found)
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "exported_by": {"id": actor.pk, "role": actor.role},
        "organisation": {"id": client.organisation_id, "name": client.organisation.name},
        "client": graph.row_as_dict(client),
        "care_team": [
            {"clinician_id": m.clinician_id, "name": m.clinician.label, "primary": m.primary}
            for m in client.care_team.select_related("clinician").order_by("pk")
        ],
        "records": records,
        "psychotherapy_notes": released,
    }
    audit.record(
        actor=actor,
        action="records.exported",
        client=client,
        details={
            "format": "json",
            "rows": sum(len(v) for v in records.values()),
            "psychotherapy_notes": len(released.get("notes", [])),
            "authorisation_id": authorisation_id,
        },
    )
    return document
