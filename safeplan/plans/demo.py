"""Demo safety plans: every demo client gets a plan with several versions. Idempotent (a client who already
has a plan is left alone: versions are never rewritten). All people and numbers are fictional (555-01xx).

- Alex Rivera (the demo-client login): three versions, the current one signed by the clinician and by Alex
  on the portal, and a pending proposal from Alex; people to ask for help include "Nguyễn Thị Thu" and
  "Zoë Ólafsdóttir".
- Zoë Ólafsdóttir: past her review date (review asked for after an emergency department visit).
- Thu Nguyễn: a firearm step not done yet (added through the lethal-means contract).
- Mateo García López: a plan in Spanish, in his own words.
- Jordan Lee (a minor): a plan with his mother as the first person to ask for help.
- Priya Natarajan (GB): UK crisis lines from the directory.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from safeplan.plans import means_demo, proposals, services
from safeplan.plans.models import SafetyPlan

CLINIC_ON_CALL = "+16175550199"
CLINICIAN_LINE = "+16175550100"


def _professionals(clinician: Any) -> list[dict[str, Any]]:
    return [
        {
            "kind": "clinician",
            "name": clinician.label,
            "phone": CLINICIAN_LINE,
            "text": "Weekdays 9:00-17:00; I answer messages within one working day.",
        },
        {
            "kind": "after_hours",
            "name": "Demo Clinic on-call line",
            "phone": CLINIC_ON_CALL,
            "text": "Evenings and weekends.",
        },
    ]


def _alex(clinician: Any) -> list[dict[str, Any]]:
    v1 = {
        "warning_signs": [
            {"text": "I stop answering texts and stay in my room", "author": "client"},
            {"text": 'Thinking "nothing will ever change"', "author": "client"},
        ],
        "coping": [
            {"skill": "paced_breathing"},
            {"text": "Put on my running playlist and walk", "author": "client"},
        ],
        "distractions": [
            {"kind": "place", "name": "The public library on Boylston Street", "author": "client"},
        ],
        "help_people": [
            {
                "name": "Nguyễn Thị Thu",
                "relationship": "best friend",
                "phone": "+16175550123",
                "author": "client",
            },
        ],
        "professionals": _professionals(clinician),
        "environment": [
            {"means": "medication", "action": "locked", "responsible": "Alex", "status": "planned"},
        ],
        "reasons": [{"text": "My cat, Miso", "author": "client"}],
    }
    v2 = {**v1}
    v2["help_people"] = [
        *v1["help_people"],
        {
            "name": "Zoë Ólafsdóttir",
            "relationship": "sister",
            "phone": "+12125550178",
            "author": "client",
        },
    ]
    v2["coping"] = [*v1["coping"], {"skill": "grounding_54321"}]
    v2["distractions"] = [
        *v1["distractions"],
        {
            "kind": "person",
            "name": "Sam (climbing partner)",
            "phone": "+16175550111",
            "author": "client",
        },
    ]
    v3 = {**v2}
    v3["environment"] = [
        {
            "means": "medication",
            "action": "locked",
            "responsible": "Alex",
            "status": "done",
            "date": (timezone.localdate() - dt.timedelta(days=3)).isoformat(),
            "text": "Lockbox in the hall closet; Thu keeps the spare key",
            "author": "client",
        },
    ]
    v3["reasons"] = [*v2["reasons"], {"text": "Finishing my nursing degree", "author": "client"}]
    return [v1, v2, v3]


def _simple(clinician: Any, people: list[tuple[str, str, str]], **extra: Any) -> dict[str, Any]:
    content = {
        "warning_signs": [{"text": "Feeling trapped and not sleeping", "author": "client"}],
        "coping": [{"skill": "muscle_relaxation"}, {"skill": "physical_activity"}],
        "distractions": [{"kind": "place", "name": "The park near home", "author": "client"}],
        "help_people": [
            {"name": n, "relationship": r, "phone": p, "author": "client"} for n, r, p in people
        ],
        "professionals": _professionals(clinician),
        "environment": [],
        "reasons": [{"text": "The people who love me", "author": "client"}],
    }
    content.update(extra)
    return content


def _save_versions(client: Any, clinician: Any, versions: list[dict[str, Any]]) -> None:
    for number, content in enumerate(versions):
        services.save_plan(
            client=client,
            actor=clinician,
            content=content,
            base_version=number,
            change_note="" if number == 0 else "Reviewed together in session",
        )


def seed(ctx: Any) -> None:
    clinician = ctx.clinician
    by_record = {c.record_number: c for c in ctx.clients}
    if not SafetyPlan.objects.filter(client__in=ctx.clients, current_number__gt=0).exists():
        _seed_plans(ctx, clinician, by_record)
        ctx.log.append("  Safety plans: every demo client; Alex's plan is signed by both.")
    means_demo.seed(ctx)


def _seed_plans(ctx: Any, clinician: Any, by_record: dict[str, Any]) -> None:
    alex = ctx.portal_client
    _save_versions(alex, clinician, _alex(clinician))
    services.sign_version(client=alex, number=3, actor=clinician, method="clinician_login")
    services.sign_version(
        client=alex, number=3, actor=alex.portal_user, method="portal", name=alex.display_name
    )
    current = services.current_version(alex.safety_plan)
    assert current is not None
    proposed = {
        **current.content,
        "reasons": [
            *current.content["reasons"],
            {"text": "Seeing my niece grow up", "author": "client"},
        ],
    }
    proposals.propose_changes(
        client=alex,
        actor=alex.portal_user,
        content=proposed,
        base_version=3,
        message="I thought of another reason after our session.",
    )

    zoe = by_record["DEMO-002"]
    base = _simple(clinician, [("Nguyễn Thị Thu", "neighbour", "+12125550142")])
    _save_versions(
        zoe, clinician, [base, {**base, "coping": [{"skill": "cool_water"}, *base["coping"]]}]
    )
    services.set_review_due(
        client=zoe,
        due=timezone.localdate() - dt.timedelta(days=2),
        actor=clinician,
        reason="Review after the emergency department visit",
    )

    thu = by_record["DEMO-003"]
    base = _simple(clinician, [("Zoë Ólafsdóttir", "friend", "+14155550188")])
    _save_versions(
        thu,
        clinician,
        [base, {**base, "reasons": [*base["reasons"], {"text": "My garden", "author": "client"}]}],
    )
    services.add_pending_means_entry(
        client=thu, means="firearm", actor=clinician, source="demo.assessment"
    )

    mateo = by_record["DEMO-004"]
    spanish = {
        "warning_signs": [
            {"text": "Cuando dejo de comer y no salgo de mi cuarto", "author": "client"}
        ],
        "coping": [
            {"skill": "paced_breathing"},
            {"text": "Escuchar música de mi abuelo", "author": "client"},
        ],
        "distractions": [
            {"kind": "person", "name": "Lucía (prima)", "phone": "+15125550150", "author": "client"}
        ],
        "help_people": [
            {"name": "Mamá", "relationship": "madre", "phone": "+15125550160", "author": "client"}
        ],
        "professionals": _professionals(clinician),
        "environment": [
            {
                "means": "sharps",
                "action": "given_to_trusted_person",
                "responsible": "Mamá",
                "status": "done",
                "author": "client",
            }
        ],
        "reasons": [{"text": "Mi hermanito", "author": "client"}],
    }
    _save_versions(
        mateo,
        clinician,
        [
            spanish,
            {
                **spanish,
                "reasons": [
                    *spanish["reasons"],
                    {"text": "Terminar la universidad", "author": "client"},
                ],
            },
        ],
    )
    services.sign_version(client=mateo, number=2, actor=clinician, method="clinician_login")

    jordan = by_record["DEMO-005"]
    base = _simple(clinician, [("Mom (Dana Lee)", "mother", "+13125550112")])
    _save_versions(
        jordan,
        clinician,
        [
            base,
            {
                **base,
                "distractions": [
                    *base["distractions"],
                    {
                        "kind": "person",
                        "name": "Coach Ray",
                        "phone": "+13125550113",
                        "author": "client",
                    },
                ],
            },
        ],
    )

    priya = by_record["DEMO-006"]
    uk = _simple(clinician, [("Anika (flatmate)", "flatmate", "+442079460456")])
    uk["professionals"] = [
        {
            "kind": "clinician",
            "name": clinician.label,
            "phone": "+16175550100",
            "text": "By video, weekdays.",
        },
    ]
    _save_versions(
        priya, clinician, [uk, {**uk, "coping": [{"skill": "calm_place"}, *uk["coping"]]}]
    )
