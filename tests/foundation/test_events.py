"""safeplan.lib.events: the registry lower apps publish through (issue 17)."""

from __future__ import annotations

import pytest

from safeplan.lib import events
from safeplan.plans import subscribers as plan_subscribers
from safeplan.risk import events as risk_events


def test_publish_calls_each_subscriber_in_order_with_the_payload(monkeypatch):
    monkeypatch.setattr(events, "_subscribers", events.defaultdict(list))
    calls = []

    @events.subscriber("test.happened")
    def first(**payload):
        calls.append(("first", payload))

    @events.subscriber("test.happened")
    def second(**payload):
        calls.append(("second", payload))

    events.subscribe("test.happened", first)  # registering again changes nothing
    assert events.publish("test.happened", client=7, level="high") == 2
    assert calls == [
        ("first", {"client": 7, "level": "high"}),
        ("second", {"client": 7, "level": "high"}),
    ]
    assert events.publish("test.nobody_listens", client=7) == 0


def test_a_subscriber_error_reaches_the_publisher(monkeypatch):
    monkeypatch.setattr(events, "_subscribers", events.defaultdict(list))

    @events.subscriber("test.refused")
    def refuse(**payload):
        raise ValueError("no")

    with pytest.raises(ValueError, match="no"):
        events.publish("test.refused")


@pytest.mark.parametrize("name", ["risk", "Risk.raised", "risk.raised.twice", "risk.raised now"])
def test_event_names_are_app_dot_what_happened(name):
    with pytest.raises(ValueError):
        events.publish(name)


def test_plans_subscribes_to_risk_events_when_django_starts():
    assert events.subscribers(risk_events.REVIEW_DUE) == [plan_subscribers.review_due]
    assert events.subscribers(risk_events.MEANS_FOUND) == [plan_subscribers.means_found]
