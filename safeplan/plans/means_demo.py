"""Demo lethal-means counselling (fictional people): Thu's firearm stored off-site with her brother and the
storage check still due; Jordan's family locked the medicines, the check confirmed. Idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from safeplan.plans import means_counselling
from safeplan.plans.means_models import MeansCheck, MeansCounselling

THU = {
    "means": ["firearm", "medication"],
    "counselled": ["client", "support_person"],
    "support_person_name": "Minh Nguyen (brother)",
    "agreements": [
        {
            "means": "firearm",
            "action": "stored_off_site",
            "with_person": "Minh Nguyen (brother)",
            "details": "Handgun and ammunition to his flat until the next review",
        },
        {"means": "medication", "action": "limited_quantity", "details": "One week's supply"},
    ],
    "notes": "Agreed together; Thu chose her brother. Check by phone with both.",
    "check_in_hours": 48,
}
JORDAN = {
    "means": ["medication"],
    "counselled": ["client", "support_person"],
    "support_person_name": "Dana Lee (mother)",
    "agreements": [
        {
            "means": "medication",
            "action": "locked",
            "details": "Lockbox in the parents' room; unused tablets returned to the pharmacy",
        }
    ],
    "check_in_hours": 72,
}


def seed(ctx: Any) -> None:
    # The demo clients in accounts.demo order: Alex, Zoë, Thu (2), Mateo, Jordan (4), Priya.
    for index, data, confirmed in ((2, THU, False), (4, JORDAN, True)):
        client = ctx.clients[index] if index < len(ctx.clients) else None
        if client is None or MeansCounselling.objects.filter(client=client).exists():
            continue
        record = means_counselling.record_counselling(actor=ctx.clinician, client=client, data=data)
        check = MeansCheck.objects.get(counselling=record)
        if confirmed:
            means_counselling.record_check(
                actor=ctx.clinician,
                check=check,
                outcome="confirmed",
                note="Mother confirmed the lockbox by phone.",
            )
        else:
            # Counselled yesterday: the check is due tomorrow.
            MeansCheck.objects.filter(pk=check.pk).update(
                due_at=timezone.now() + dt.timedelta(hours=24)
            )
        ctx.log.append(f"  Lethal-means counselling for {client.record_number} with its check.")
