"""Demo local-directory entries for the demo clinic's areas (idempotent).

All numbers are fictional (NANP 555-01xx; Ofcom's drama range 020 7946 0xxx) and every entry is flagged
``demo``; one is shown as confirmed by demo-supervisor so the demo shows both states. Demo clients live in
Boston MA (02114), New York NY, San Francisco CA, Austin TX, Chicago IL and London GB.
"""

from __future__ import annotations

from typing import Any

from safeplan.directory import services
from safeplan.directory.models import EntryKind, HowVerified, LocalResourceEntry

DEMO_NOTE = "Demo entry: fictional number. Replace with the real, confirmed line before use."

ENTRIES: list[dict[str, Any]] = [
    {
        "kind": EntryKind.PSAP,
        "name": "Boston 911 centre, 10-digit line (demo)",
        "phone": "(617) 555-0102",
        "country": "US",
        "state": "MA",
        "county": "Suffolk",
        "zips": [],
        "verified_by": "demo-supervisor",
    },
    {
        "kind": EntryKind.MOBILE_CRISIS,
        "name": "Suffolk County mobile crisis team (demo)",
        "phone": "(617) 555-0101",
        "country": "US",
        "state": "MA",
        "county": "Suffolk",
        "zips": ["02114"],
    },
    {
        "kind": EntryKind.MOBILE_CRISIS,
        "name": "Manhattan mobile crisis team (demo)",
        "phone": "(212) 555-0103",
        "country": "US",
        "state": "NY",
        "county": "New York",
    },
    {
        "kind": EntryKind.URGENT_CARE,
        "name": "Mission District urgent care (demo)",
        "phone": "(415) 555-0104",
        "country": "US",
        "state": "CA",
        "county": "San Francisco",
        "address": "100 Example Street, San Francisco, CA",
    },
    {
        "kind": EntryKind.MOBILE_CRISIS,
        "name": "Travis County mobile crisis outreach (demo)",
        "phone": "(512) 555-0105",
        "country": "US",
        "state": "TX",
        "county": "Travis",
    },
    {
        "kind": EntryKind.POLICE,
        "name": "Chicago police non-emergency line (demo)",
        "phone": "(312) 555-0106",
        "country": "US",
        "state": "IL",
        "county": "Cook",
    },
    {
        "kind": EntryKind.CRISIS_LINE,
        "name": "London borough mental-health crisis line (demo)",
        "phone": "020 7946 0107",
        "country": "GB",
        "state": "ENG",
    },
]


def seed(ctx: Any) -> None:
    org = ctx.organisation
    admin = ctx.users["demo-admin"]
    created = 0
    for spec in ENTRIES:
        if LocalResourceEntry.objects.filter(
            organisation=org, demo=True, name=spec["name"], superseded_at__isnull=True
        ).exists():
            continue
        data = {k: v for k, v in spec.items() if k != "verified_by"}
        data["notes"] = DEMO_NOTE
        actor = admin
        if spec.get("verified_by"):
            actor = ctx.users[spec["verified_by"]]
            data.update({"verified": True, "how_verified": HowVerified.PHONE_CALL})
        services.add_local_entry(actor=actor, data=data, demo=True)
        created += 1
    if created:
        ctx.log.append(f"  Directory: {created} demo local entries (fictional numbers)")
