"""Caring-contacts schedules as data (issue 12): named plans an organisation chooses, run for 12-24 months
(clinical-rules.md §7.2; VA/DoD CPG: caring communications for 12-24 months)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from safeplan.audit.models import AuditEvent
from safeplan.followup import optout, rules, selectors
from safeplan.followup.caring_texts import DEFAULT_TEXTS
from safeplan.followup.models import CaringContact, CaringSeries
from safeplan.followup.services import caring
from safeplan.lib.errors import InvalidInput

START = dt.datetime(2026, 1, 15, 15, 0, tzinfo=dt.UTC)  # 10:00 in New York


def test_the_default_plan_is_the_11_notes_in_12_months() -> None:
    steps = rules.caring_steps("comtois_11_in_12")
    assert [(u, a) for u, a, _ in steps] == list(rules.DEFAULT_CARING_SCHEDULE)
    assert [slot for _, _, slot in steps] == list(range(1, 12))


def test_va_style_letters_are_8_in_12_months() -> None:
    steps = rules.caring_steps("va_caring_letters")
    assert [(u, a) for u, a, _ in steps] == [("months", m) for m in (1, 2, 3, 4, 6, 8, 10, 12)]
    assert steps[-1][2] == 11  # the "a year since we started writing" note closes the year


@pytest.mark.parametrize(
    ("months", "extra"), [(12, []), (14, []), (15, [15]), (18, [15, 18]), (24, [15, 18, 21, 24])]
)
def test_a_plan_extends_every_3_months_to_24(months: int, extra: list[int]) -> None:
    for name in rules.CARING_PLANS:
        steps = rules.caring_steps(name, months)
        base = rules.CARING_PLANS[name].steps
        assert steps[: len(base)] == base
        assert [a for _, a, _ in steps[len(base) :]] == extra
        # No note after month 12 speaks of its first weeks or of a year.
        assert all(slot in rules.EXTENSION_SLOTS for _, _, slot in steps[len(base) :])


@pytest.mark.parametrize(
    ("name", "months", "field"),
    [
        ("weekly_forever", 12, "schedule"),
        ("comtois_11_in_12", 11, "months"),
        ("comtois_11_in_12", 25, "months"),
        ("comtois_11_in_12", True, "months"),
        ("comtois_11_in_12", "24", "months"),
    ],
)
def test_bad_plans_are_refused(name: str, months: Any, field: str) -> None:
    with pytest.raises(rules.RuleError) as err:
        rules.caring_steps(name, months)
    assert err.value.field == field


def test_the_organisation_chooses_va_letters_for_24_months(world: Any) -> None:
    world.org.policy = {
        "followup.caring_schedule": "va_caring_letters",
        "followup.caring_months": 24,
    }
    world.org.save()
    world.client.refresh_from_db()
    with time_machine.travel(START, tick=False):
        series = caring.start_series(
            actor=world.users["clinician"], client=world.client, reason="discharge", channel="sms"
        )
    assert (series.schedule, series.months) == ("va_caring_letters", 24)
    planned = list(
        CaringContact.objects.filter(series=series)
        .order_by("sequence")
        .values_list("planned_for", flat=True)
    )
    assert len(planned) == 12
    assert planned[0] == dt.datetime(2026, 2, 15, 15, 0, tzinfo=dt.UTC)  # month 1, 10:00 EST
    assert planned[-1] == dt.datetime(2028, 1, 15, 15, 0, tzinfo=dt.UTC)  # month 24
    assert selectors.note_text(series, 1) == DEFAULT_TEXTS["en"][3]  # "A month has passed"
    started = AuditEvent.objects.get(action="caring_series.started")
    assert started.details["schedule"] == "va_caring_letters" and started.details["months"] == 24
    # The opt-out link still works at the last note.
    with time_machine.travel(planned[-1] + dt.timedelta(days=1)):
        assert optout.series_for_token(optout.opt_out_token(series)).pk == series.pk


def test_a_series_may_choose_its_own_plan(world: Any) -> None:
    series = caring.start_series(
        actor=world.users["clinician"],
        client=world.client,
        reason="crisis",
        channel="sms",
        schedule="comtois_11_in_12",
        months=18,
    )
    assert series.contacts.count() == 13
    assert selectors.note_text(series, 12) == DEFAULT_TEXTS["en"][rules.EXTENSION_SLOTS[0] - 1]


@pytest.mark.parametrize(
    ("changes", "field"), [({"schedule": "nope"}, "schedule"), ({"months": 36}, "months")]
)
def test_a_bad_choice_writes_nothing(world: Any, changes: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        caring.start_series(
            actor=world.users["clinician"],
            client=world.client,
            reason="crisis",
            channel="sms",
            **changes,
        )
    assert err.value.field == field
    assert not CaringSeries.objects.exists() and not CaringContact.objects.exists()
