"""Seed N extra clients (default 10,000) spread over 50 clinicians; demo-clinician is on 1 in 50 teams.

Run inside Django: `python -m bench.seed_clients N` with SAFEPLAN_MODE/DATA_DIR/DATABASE_URL set.
Prints the ids of the clients demo-clinician can see as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "safeplan.settings")
    import django

    django.setup()
    from django.db import transaction

    from safeplan.accounts.models import Organisation, Role, User
    from safeplan.clients.models import CareTeamMember, Client
    from safeplan.clients.names import name_key

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(7)
    org = Organisation.objects.get(slug="demo-clinic")
    me = User.objects.get(username="demo-clinician")
    clinicians = [me]
    for i in range(49):
        user, _ = User.objects.get_or_create(
            username=f"bench-clinician-{i}", defaults={"organisation": org, "role": Role.CLINICIAN}
        )
        clinicians.append(user)
    firsts = ["Ada", "Ben", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gus", "Hana", "Iñaki", "Jun"]
    lasts = ["Okafor", "Lindqvist", "Nguyễn", "Patel", "Rossi", "Sato", "Walker", "Zielińska"]
    start = Client.objects.count()
    with transaction.atomic():
        people = [(rng.choice(firsts), rng.choice(lasts)) for _ in range(n)]
        batch = [
            Client(
                organisation=org,
                record_number=f"B-{start + i:07d}",
                first_name=first,
                last_name=last,
                first_name_key=name_key(first),
                last_name_key=name_key(last),
                date_of_birth=dt.date(
                    1950 + rng.randrange(60), rng.randrange(1, 13), rng.randrange(1, 28)
                ),
                country="US",
                region=rng.choice(["MA", "NY", "CA", "TX", "IL"]),
                phone=f"+1617555{rng.randrange(10000):04d}",
            )
            for i, (first, last) in enumerate(people)
        ]
        created = Client.objects.bulk_create(batch, batch_size=1000)
        CareTeamMember.objects.bulk_create(
            [
                CareTeamMember(client=c, clinician=clinicians[i % 50], primary=True)
                for i, c in enumerate(created)
            ],
            batch_size=1000,
        )
    visible = list(CareTeamMember.objects.filter(clinician=me).values_list("client_id", flat=True))
    print(json.dumps(visible))


if __name__ == "__main__":
    main()
