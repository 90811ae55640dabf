"""The risk flag (never lowered by software, lowered by staff only with a reason) and what follows a result:
plan review due today, follow-up request, supervisor alert, lethal-means entries (issue 5, §12)."""

from __future__ import annotations

from typing import Any

import pytest

from safeplan.audit.models import AuditEvent
from safeplan.clients import facts
from safeplan.lib.errors import InvalidInput, NotAllowed
from safeplan.risk import services
from safeplan.risk.models import RiskFlagChange
from safeplan.risk.selectors import crisis_banner, current_risk_level

NO4 = {"q1": "no", "q2": "no", "q3": "no", "q4": "no"}


def record(world: Any, instrument: str, answers: dict[str, Any], persona: str = "clinician") -> Any:
    return services.record_assessment(
        actor=world.users[persona], client=world.client, instrument=instrument, answers=answers
    )


def safet(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "risk_factors": [],
        "protective_factors": [],
        "inquiry": {p: {"present": False} for p in ("ideation", "plan", "behaviours", "intent")},
        "level": "low",
        "rationale": "r",
        "intervention": "i",
        "follow_up": "f",
    }
    return base | over


def test_software_only_raises(world) -> None:
    record(
        world,
        "cssrs_screener",
        {"1": "yes", "2": "yes", "3": "no", "4": "yes", "5": "no", "6": "no"},
    )
    assert current_risk_level(world.client) == "high"
    record(world, "cssrs_screener", {"1": "no", "2": "no", "6": "no"})
    record(world, "asq", NO4)
    # A same-day C-SSRS high contradicts "low": the clinician confirms it (issue 12), and still the
    # software does not lower the flag.
    services.record_assessment(
        actor=world.users["clinician"],
        client=world.client,
        instrument="safet",
        answers=safet(level="low"),
        confirm=True,
        confirm_reason="Re-screened negative",
    )
    assert current_risk_level(world.client) == "high"
    assert RiskFlagChange.objects.filter(client=world.client).count() == 1


def test_each_raise_is_history(world) -> None:
    record(world, "phq9", {f"item{i}": 0 for i in range(1, 9)} | {"item9": 1})
    record(world, "asq", NO4 | {"q1": "yes", "q5": "no"})
    record(world, "asq", NO4 | {"q1": "yes", "q5": "yes"})
    levels = list(
        RiskFlagChange.objects.filter(client=world.client)
        .order_by("set_at", "id")
        .values_list("previous_level", "level")
    )
    assert levels == [("none", "low"), ("low", "moderate"), ("moderate", "high")]
    assert AuditEvent.objects.filter(action="risk_flag.raised").count() == 3


def test_lowering_requires_a_reason(world) -> None:
    record(world, "asq", NO4 | {"q2": "yes", "q5": "yes"})
    with pytest.raises(InvalidInput) as err:
        services.set_risk_level(actor=world.users["clinician"], client=world.client, level="low")
    assert err.value.field == "reason"
    with pytest.raises(InvalidInput):
        services.set_risk_level(
            actor=world.users["clinician"], client=world.client, level="none", reason="   "
        )
    assert current_risk_level(world.client) == "high"
    change = services.set_risk_level(
        actor=world.users["clinician"],
        client=world.client,
        level="low",
        reason="SAFE-T completed; plan in place, means secured.",
    )
    assert change.lowered and change.source == "clinician"
    assert current_risk_level(world.client) == "low"
    assert (
        AuditEvent.objects.filter(action="risk_flag.lowered", client_id=world.client.pk).count()
        == 1
    )
    # Raising needs no reason.
    services.set_risk_level(actor=world.users["supervisor"], client=world.client, level="moderate")
    assert current_risk_level(world.client) == "moderate"


@pytest.mark.parametrize("persona", ["admin", "client"])
def test_only_clinical_staff_set_the_flag(world, persona) -> None:
    with pytest.raises(NotAllowed):
        services.set_risk_level(actor=world.users[persona], client=world.client, level="high")


def test_invalid_level(world) -> None:
    with pytest.raises(InvalidInput) as err:
        services.set_risk_level(actor=world.users["clinician"], client=world.client, level="severe")
    assert err.value.field == "level"


def test_flag_api_lowering_without_reason_is_422(world, api_as) -> None:
    api = api_as("clinician")
    path = f"/api/v1/clients/{world.client.pk}/risk-flag"
    assert api.post(path, {"level": "high"}).status_code == 201
    r = api.post(path, {"level": "low"})
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "reason"]
    assert "requires a reason" in r.json()["detail"][0]["msg"]
    r = api.post(path, {"level": "low", "reason": "Reassessed."})
    assert r.status_code == 201 and r.json()["lowered"] is True
    history = api.get(path).json()["history"]
    assert [h["level"] for h in history] == ["low", "high"]
    assert history[0]["reason"] == "Reassessed."


def test_moderate_result_sets_review_due_today_and_asks_for_follow_up(world) -> None:
    from safeplan.notifications.models import Notification
    from safeplan.plans.selectors import plan_review_due

    record(world, "asq", NO4 | {"q1": "yes", "q5": "no"}, persona="supervisor")
    assert plan_review_due(world.client) == facts.today(world.client)
    follow_up = Notification.objects.filter(kind="risk.follow_up", client=world.client)
    assert [n.recipient for n in follow_up] == [world.users["clinician"]]
    assert "A-001" in follow_up[0].title and "Cleo" not in follow_up[0].title
    # moderate is not high: supervisors are not alerted by default
    assert not Notification.objects.filter(kind="risk.high").exists()


def test_low_result_does_not_move_the_review(world) -> None:
    from safeplan.plans.selectors import plan_review_due

    record(world, "phq9", {f"item{i}": 0 for i in range(1, 9)} | {"item9": 1})
    assert plan_review_due(world.client) is None


def test_asq_acute_alerts_supervisors_and_shows_banner(world) -> None:
    from safeplan.notifications.models import Notification

    assert crisis_banner(world.client) is None
    record(world, "asq", NO4 | {"q3": "yes", "q5": "yes"})
    alerts = Notification.objects.filter(kind="risk.high", client=world.client)
    assert [n.recipient for n in alerts] == [world.users["supervisor"]]
    assert alerts[0].urgent
    assert crisis_banner(world.client)["reason"] == "flag"


def test_banner_and_alert_settings_per_organisation(world) -> None:
    from safeplan.notifications.models import Notification

    world.org.policy = {
        "risk.notify_supervisor_on_asq_acute": False,
        "risk.notify_supervisor_levels": [],
        "risk.banner_levels": [],
    }
    world.org.save()
    record(world, "asq", NO4 | {"q3": "yes", "q5": "yes"})
    assert not Notification.objects.filter(kind="risk.high").exists()
    banner = crisis_banner(world.client)
    assert banner is not None and banner["reason"] == "asq_acute"
    world.org.policy["risk.banner_on_asq_acute"] = False
    world.org.save()
    assert crisis_banner(world.client) is None


def test_clinician_raising_to_high_alerts_supervisor(world) -> None:
    from safeplan.notifications.models import Notification

    services.set_risk_level(actor=world.users["clinician"], client=world.client, level="high")
    assert (
        Notification.objects.filter(kind="risk.high", recipient=world.users["supervisor"]).count()
        == 1
    )


def test_safet_with_firearms_and_medication_adds_pending_means_entries(world) -> None:
    from safeplan.plans.selectors import current_plan

    a = record(
        world,
        "safet",
        safet(
            level="moderate",
            risk_factors=["access_to_firearms", "access_to_lethal_medications"],
            firearms_instructions="Brother will hold the handgun until review.",
        ),
    )
    plan = current_plan(world.client)
    assert plan is not None
    means = sorted(e["means"] for e in plan.content["environment"])
    assert means == ["firearm", "medication"]
    assert a.flags == ["access_to_firearms", "access_to_lethal_medications"]
