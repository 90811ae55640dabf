"""The demo clinic's local entries: fictional, marked demo, one verified by demo-supervisor, idempotent."""

from __future__ import annotations

import re
from typing import Any

import pytest

from safeplan.accounts.demo import seed_core
from safeplan.directory import lookups
from safeplan.directory.demo import seed
from safeplan.directory.models import LocalResourceEntry

pytestmark = pytest.mark.django_db


def test_demo_entries(settings: Any) -> None:
    ctx = seed_core("demo-password-1")
    seed(ctx)
    seed(ctx)  # idempotent
    entries = list(LocalResourceEntry.objects.filter(organisation=ctx.organisation))
    assert len(entries) == 7
    assert all(e.demo and "fictional" in e.notes for e in entries)
    for e in entries:
        if e.country == "US":
            assert re.fullmatch(r"\+1\d{3}55501\d\d", e.phone), e.phone
        else:
            assert e.phone.startswith("+4420794601")
    verified = [e for e in entries if e.verified_at]
    assert [(e.verified_by.username, e.kind) for e in verified] == [("demo-supervisor", "psap")]
    boston = lookups.resolve_local_resources(
        organisation=ctx.organisation, country="US", postcode="02114"
    )
    assert [e.name for e in boston.org_local_entries] == [
        "Suffolk County mobile crisis team (demo)",
        "Boston 911 centre, 10-digit line (demo)",
    ]
    london = lookups.resolve_local_resources(
        organisation=ctx.organisation, country="GB", region="ENG"
    )
    assert [e.kind for e in london.org_local_entries] == ["crisis_line"]
    for state, zip_code in (("NY", "10001"), ("CA", "94110"), ("TX", "78701"), ("IL", "60601")):
        found = lookups.resolve_local_resources(
            organisation=ctx.organisation, country="US", region=state, postcode=zip_code
        )
        assert len(found.org_local_entries) == 1, state
