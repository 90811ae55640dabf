"""Issue 11 "Risk in view": the caseload shows each client's risk level, open crisis or lost-connection
protocol and overdue items in a fixed number of queries; closing a crisis below the flag offers the review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeplan.clients.models import CareTeamMember
from safeplan.crisis import services
from safeplan.plans.services import set_review_due
from safeplan.risk.selectors import current_risk_level
from safeplan.risk.services import set_risk_level
from tests.crisis import builders
from tests.factories import World, make_client


def _more_clients(world: World, n: int) -> None:
    for i in range(n):
        c = make_client(world.org, f"A-1{i:02d}")
        CareTeamMember.objects.create(client=c, clinician=world.users["clinician"])
        set_risk_level(actor=world.users["clinician"], client=c, level="low")


def _caseload_queries(page: Any) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        html = page.get("/").content.decode()
    return len(ctx.captured_queries), html


def test_caseload_shows_risk_crisis_and_overdue(world: World, page_as) -> None:
    clinician = world.users["clinician"]
    set_risk_level(actor=clinician, client=world.client, level="high")
    event = builders.open_crisis(world)
    set_review_due(
        client=world.client, due=dt.date(2020, 1, 1), actor=clinician, reason="test: overdue"
    )
    _more_clients(world, 2)
    html = page_as("clinician").get("/").content.decode()
    row = html.split('data-client="A-001"', 1)[1].split("</tr>", 1)[0]
    assert 'data-risk-level="high"' in row
    assert f'href="/crisis/{event.pk}/" data-crisis="open"' in row
    assert "Crisis: Suicidal ideation with intent or plan" in row
    other = html.split('data-client="A-100"', 1)[1].split("</tr>", 1)[0]
    assert 'data-risk-level="low"' in other and "none open" in other
    # The client in crisis comes first.
    assert html.index('data-client="A-001"') < html.index('data-client="A-100"')


def test_lost_connection_protocol_is_in_view(world: World, page_as) -> None:
    session = builders.started_session(world)
    services.start_disconnection(
        actor=world.users["clinician"], session=session, clinician_flag=True
    )
    html = page_as("clinician").get("/").content.decode()
    assert 'data-crisis="lost_connection"' in html and "Lost connection protocol" in html


def test_caseload_query_count_does_not_grow_with_the_clients(world: World, page_as) -> None:
    page = page_as("clinician")
    _more_clients(world, 2)
    page.get("/")  # warm up: the first request of a session loads and caches more
    few, _ = _caseload_queries(page)
    _more_clients_more = 8
    for i in range(_more_clients_more):
        c = make_client(world.org, f"A-2{i:02d}")
        CareTeamMember.objects.create(client=c, clinician=world.users["clinician"])
        set_risk_level(actor=world.users["clinician"], client=c, level="moderate")
    many, html = _caseload_queries(page)
    assert html.count("data-client=") == 1 + 2 + 8
    assert many == few <= 14


def test_closing_below_the_flag_offers_the_review_and_never_lowers_it(
    world: World, page_as
) -> None:
    clinician = world.users["clinician"]
    set_risk_level(actor=clinician, client=world.client, level="high")
    event = builders.open_crisis(world)
    builders.account_for_safety(world, event)
    services.close_crisis(
        actor=clinician,
        event=event,
        outcome="resolved_remotely",
        disposition="continue_outpatient",
        risk_level="moderate",
    )
    assert current_risk_level(world.client) == "high"  # software never lowers it
    page = page_as("clinician")
    html = page.get(f"/crisis/{event.pk}/").content.decode()
    assert 'id="flag-review"' in html
    link = f"/clients/{world.client.pk}/risk-flag/?suggest=moderate"
    assert link in html
    form = page.get(link).content.decode()
    assert 'value="moderate" required id="id_level_2" checked' in form or (
        'value="moderate"' in form and "checked" in form.split('value="moderate"', 1)[1][:60]
    )
    # Lowering still needs the clinician's reason.
    refused = page.post(f"/clients/{world.client.pk}/risk-flag/", {"level": "moderate"})
    assert refused.status_code == 422
    assert current_risk_level(world.client) == "high"
    page.post(
        f"/clients/{world.client.pk}/risk-flag/",
        {"level": "moderate", "reason": "Crisis resolved; means removed; mother present"},
    )
    assert current_risk_level(world.client) == "moderate"
    assert 'id="flag-review"' not in page.get(f"/crisis/{event.pk}/").content.decode()
