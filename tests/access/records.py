"""Access cases for records: emergency access, psychotherapy notes, exports, retention, legal holds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.access import Case, staff_api, staff_page
from tests.factories import World

NOBODY_CLINICAL = {
    "anonymous": 401,
    "admin": 403,
    "supervisor": 403,
    "clinician": 200,
    "clinician_off": 200,
    "client": 403,
    "other_admin": 403,
}
REASON = "Client called the crisis line, their clinician is unreachable"


def _grant_for_off_team(world: World) -> dict[str, Any]:
    from safeplan.records.models import BreakGlassGrant

    grant = BreakGlassGrant.objects.create(
        user=world.users["clinician_off"],
        client=world.client,
        reason=REASON,
        expires_at=timezone.now() + dt.timedelta(minutes=30),
    )
    return {"grant_id": grant.pk}


def _note_by_clinician(world: World) -> dict[str, Any]:
    from safeplan.records.models import PsychotherapyNote

    note = PsychotherapyNote.objects.create(
        client=world.client, author=world.users["clinician"], body="Process note"
    )
    return {"note_id": note.pk}


def _authorisation_by_clinician(world: World) -> dict[str, Any]:
    from safeplan.records.models import PsychotherapyNoteAuthorisation

    today = timezone.localdate()
    found = PsychotherapyNoteAuthorisation.objects.create(
        client=world.client,
        author=world.users["clinician"],
        signed_on=today,
        recipient="Dr. Example, new therapist",
        purpose="continuity of care",
        notes_from=today - dt.timedelta(days=30),
        notes_to=today,
        expires_on=today + dt.timedelta(days=90),
    )
    return {"authorisation_id": found.pk}


def _hold_by_supervisor(world: World) -> dict[str, Any]:
    from safeplan.records.models import LegalHold

    hold = LegalHold.objects.create(
        client=world.client, placed_by=world.users["supervisor"], reason="Subpoena received"
    )
    return {"hold_id": hold.pk}


def _existing_record_bundle(world: World) -> dict[str, Any]:
    """A minimal bundle for a record that already exists: 409 for anyone allowed to import."""
    from safeplan.records import fhir_codes

    org_url, patient_url = fhir_codes.full_url("o"), fhir_codes.full_url("p")
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": org_url,
                "resource": {
                    "resourceType": "Organization",
                    "identifier": [{"system": fhir_codes.ORGANISATION_SYSTEM, "value": "clinic-a"}],
                },
            },
            {
                "fullUrl": patient_url,
                "resource": {
                    "resourceType": "Patient",
                    "identifier": [
                        {"system": fhir_codes.record_number_system("clinic-a"), "value": "A-001"}
                    ],
                    "managingOrganization": {"reference": org_url},
                },
            },
        ],
    }


AUTHORISATION = {
    "signed_on": "2024-01-02",
    "recipient": "Dr. Example, new therapist",
    "purpose": "continuity of care",
    "notes_from": "2024-01-01",
    "notes_to": "2024-01-31",
    "expires_on": "2099-01-01",
}
ONLY_AUTHOR = staff_api(supervisor=404, clinician=200)

CASES = [
    Case(
        "POST",
        "/api/v1/break-glass/lookup",
        NOBODY_CLINICAL,
        body={"record_number": "A-001"},
        note="clinicians only; supervisors see everyone already",
    ),
    Case(
        "POST",
        "/api/v1/break-glass",
        {**NOBODY_CLINICAL, "clinician": 409, "clinician_off": 201},
        body={"record_number": "A-001", "reason": REASON},
        note="the care team opens the record directly (409)",
    ),
    Case("GET", "/api/v1/break-glass", staff_api(clinician_off=200)),
    Case(
        "POST",
        "/api/v1/break-glass/{grant_id}/end",
        staff_api(supervisor=404, clinician=404, clinician_off=200),
        setup=_grant_for_off_team,
        note="only the holder ends a grant",
    ),
    Case("GET", "/api/v1/clients/{client_id}/psychotherapy-notes", staff_api()),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/psychotherapy-notes",
        staff_api(supervisor=201, clinician=201),
        body={"body": "Session process note."},
    ),
    Case(
        "GET",
        "/api/v1/clients/{client_id}/psychotherapy-notes/{note_id}",
        ONLY_AUTHOR,
        setup=_note_by_clinician,
        note="only the author; a supervisor sees nothing",
    ),
    Case("GET", "/api/v1/clients/{client_id}/psychotherapy-note-authorisations", staff_api()),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/psychotherapy-note-authorisations",
        staff_api(supervisor=201, clinician=201),
        body=AUTHORISATION,
    ),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/psychotherapy-note-authorisations/{authorisation_id}/revoke",
        ONLY_AUTHOR,
        setup=_authorisation_by_clinician,
    ),
    Case("GET", "/api/v1/clients/{client_id}/export", staff_api()),
    Case("GET", "/api/v1/clients/{client_id}/export/fhir", staff_api()),
    Case(
        "POST",
        "/api/v1/clients/import/fhir",
        {**NOBODY_CLINICAL, "clinician": 409, "clinician_off": 409, "supervisor": 409},
        body=_existing_record_bundle,
        note="organisation A's bundle for an existing record: 409; other roles may not import",
    ),
    Case("GET", "/api/v1/clients/{client_id}/retention", staff_api()),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/legal-holds",
        staff_api(supervisor=201, clinician=403),
        body={"reason": "Subpoena received for this record"},
    ),
    Case(
        "POST",
        "/api/v1/clients/{client_id}/legal-holds/{hold_id}/release",
        staff_api(supervisor=200, clinician=403),
        setup=_hold_by_supervisor,
    ),
    # Pages
    Case("GET", "/break-glass/", staff_page(clinician_off=200), kind="page"),
    Case(
        "POST",
        "/break-glass/{grant_id}/end/",
        staff_page(supervisor=404, clinician=404, clinician_off=302),
        kind="page",
        setup=_grant_for_off_team,
    ),
    Case("GET", "/clients/{client_id}/psychotherapy-notes/", staff_page(), kind="page"),
    Case(
        "POST",
        "/clients/{client_id}/legal-holds/",
        staff_page(supervisor=302, clinician=403),
        kind="page",
        body={"reason": "Subpoena received for this record"},
    ),
    Case(
        "POST",
        "/clients/{client_id}/legal-holds/{hold_id}/release/",
        staff_page(supervisor=302, clinician=403),
        kind="page",
        setup=_hold_by_supervisor,
    ),
]
