"""Client data full of unusual words, written through the API as a clinician would (used by test_at_rest).

Importable outside pytest (``safeplan shell -c``) so the SQLite test can write into a real database file.
Every word must be absent from the raw database file and from a PostgreSQL dump.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

# Names and words no real text or ciphertext contains; phones with "+" (never in a Fernet token).
WORDS = {
    "client first name": "Zyxquorbl",
    "client last name": "Ümlautsky-Vexhaven",
    "client preferred name": "Quillothea",
    "client phone": "+16175550187",
    "client email": "zyxquorbl.vexhaven@example.org",
    "plan warning sign": "Vrendolph humming at Quastley pier",
    "plan helper name": "Oriabel Thwaite",
    "plan helper phone": "+16175550142",
    "plan reason for living": "Ploverine, my niece",
    "support person name": "Grunhilde Marrowpike",
    "support person phone": "+16175550163",
    "support person notes": "Keeps the Yarrowmede spare key",
    "location street": "41 Wexcombe Thrushlane",
    "location landmarks": "behind the Drozzlebury mill",
    "excluded person": "Korvath Slimbrecht",
    "excluded reason": "Tzimmerly custody dispute",
    "risk flag reason": "Blensworth supports are back in place",
    "psychotherapy note": "Glimmerhock transference theme",
    "break-glass reason": "Flarnwick crisis call, primary clinician away",
    "legal hold reason": "Subpoena from Brastlewick county",
    "release recipient": "Dr. Ostravelle Quimby",
}
DOB = dt.date(1987, 2, 19)


def _today() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()


def _ok(response: Any, what: str) -> Any:
    assert response.status_code in (200, 201), (
        f"{what}: {response.status_code} {response.content[:300]!r}"
    )
    return response.json()


def populate() -> int:
    """Create the data (a fresh persona world plus one client) and return the client's id."""
    from tests.conftest import ApiClient
    from tests.factories import make_world

    world = make_world()
    api = ApiClient(world.users["clinician"])
    w = WORDS
    client = _ok(
        api.post(
            "/api/v1/clients",
            {
                "first_name": w["client first name"],
                "last_name": w["client last name"],
                "preferred_name": w["client preferred name"],
                "date_of_birth": DOB.isoformat(),
                "phone": w["client phone"],
                "email": w["client email"],
                "country": "US",
                "region": "MA",
            },
        ),
        "client",
    )
    base = f"/api/v1/clients/{client['id']}"
    _ok(
        api.post(
            f"{base}/safety-plan",
            {
                "base_version": 0,
                "sections": {
                    "warning_signs": [{"text": w["plan warning sign"]}],
                    "help_people": [
                        {"name": w["plan helper name"], "phone": w["plan helper phone"]}
                    ],
                    "reasons": [{"text": w["plan reason for living"]}],
                },
            },
        ),
        "safety plan",
    )
    _ok(
        api.post(
            f"{base}/support-persons",
            {
                "name": w["support person name"],
                "relationship": "aunt",
                "phone": w["support person phone"],
                "notes": w["support person notes"],
                "consent": {"scope": "emergency", "signed_on": _today()},
            },
        ),
        "support person",
    )
    _ok(
        api.post(
            f"{base}/locations",
            {
                "kind": "home",
                "street": w["location street"],
                "city": "Boston",
                "region": "MA",
                "postcode": "02114",
                "country": "US",
                "landmarks": w["location landmarks"],
            },
        ),
        "location",
    )
    _ok(
        api.post(
            f"{base}/excluded-persons",
            {
                "name": w["excluded person"],
                "relationship": "ex-partner",
                "reason": w["excluded reason"],
            },
        ),
        "excluded person",
    )
    _ok(api.post(f"{base}/risk-flag", {"level": "high"}), "risk flag up")
    _ok(
        api.post(f"{base}/risk-flag", {"level": "low", "reason": w["risk flag reason"]}),
        "risk flag down",
    )
    _ok(api.post(f"{base}/psychotherapy-notes", {"body": w["psychotherapy note"]}), "note")
    today = _today()
    _ok(
        api.post(
            f"{base}/psychotherapy-note-authorisations",
            {
                "signed_on": today,
                "recipient": w["release recipient"],
                "purpose": "continuity of care",
                "notes_from": today,
                "notes_to": today,
                "expires_on": today,
            },
        ),
        "release authorisation",
    )
    outsider = ApiClient(world.users["clinician_off"])
    _ok(
        outsider.post(
            "/api/v1/break-glass",
            {"record_number": client["record_number"], "reason": w["break-glass reason"]},
        ),
        "break the glass",
    )
    _ok(
        ApiClient(world.users["supervisor"]).post(
            f"{base}/legal-holds", {"reason": w["legal hold reason"]}
        ),
        "legal hold",
    )
    exported = json.dumps(api.get(f"{base}/export").json(), ensure_ascii=False)
    missing = [
        k
        for k, v in WORDS.items()
        if v not in exported and k not in ("psychotherapy note", "release recipient")
    ]
    assert not missing, f"written but not read back: {missing}"
    return int(client["id"])
