"""The emergency card: one screen with what a clinician needs when a session goes wrong (issue 4 and 11;
clinical-rules.md §1.1, §1.3, §9, §10.5).

It shows the location confirmed for the session, the numbers that reach help *there* (each with its source
and whether, by whom, when and how it was confirmed), the nearest emergency departments, the consented
support persons (and, for a minor, the safe adults), the technology backup plan, the client's crisis lines
and the current risk level, plus warnings.

Two parts: ``card_facts`` (this module) is the selector that runs the queries, a handful of indexed ones
on the crisis path plus the in-memory directory; ``card_build.build_card`` is the pure builder that ranks
and words them. ``emergency_card`` joins them and records the read, so a per-client cache may wrap
``card_facts`` while every read is still audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from django.utils import timezone

from safeplan.audit import services as audit
from safeplan.clients.facts import today as client_today
from safeplan.clients.screen_cache import ScreenCache
from safeplan.directory import lookups
from safeplan.risk.selectors import current_risk_summary
from safeplan.telehealth import selectors as sel
from safeplan.telehealth.card_build import build_card, card_crisis_lines, client_dials, staff_tel
from safeplan.telehealth.card_types import (
    CardAdult,
    CardBackup,
    CardCrisisLine,
    CardFacts,
    CardLocation,
    CardNumber,
    CardPerson,
    EmergencyCard,
)
from safeplan.telehealth.models import ExcludedPerson, Guardian, TelehealthSession
from safeplan.telehealth.services.agreements import timer_defaults

__all__ = [
    "CardAdult",
    "CardBackup",
    "CardCrisisLine",
    "CardFacts",
    "CardLocation",
    "CardNumber",
    "CardPerson",
    "EmergencyCard",
    "card_facts",
    "emergency_card",
    "staff_tel",
]


def _session(client: Any, session: TelehealthSession | int | None) -> TelehealthSession | None:
    if session is None:
        return sel.latest_session(client, for_card=True)
    session_id = session.pk if isinstance(session, TelehealthSession) else int(session)
    return sel.session_of_client(client, session_id, for_card=True)  # 404 when not this client's


def country_crisis_lines(country: str, language: str) -> list[Any]:
    """The client's country's crisis lines, those in the client's language first (directory)."""
    try:
        return lookups.crisis_lines(country, language or None)
    except ValueError:
        return lookups.crisis_lines(country)


def _crisis_lines(country: str, language: str) -> list[CardCrisisLine]:
    return card_crisis_lines(country_crisis_lines(country, language))


def _client_dials(country: str) -> list[str]:
    return client_dials(
        lookups.emergency_numbers(country), lookups.primary_emergency_number(country)
    )


# The card's facts per client and session, until the client's or the organisation's data change
# (clients.screen_cache). Besides the data they depend on the client's local day only: age (minor or
# not) and consent dates are counted in days, so the day is part of the key; ``now`` is each request's.
_FACTS: ScreenCache[CardFacts] = ScreenCache("emergency_card")


def card_facts(client: Any, *, session: TelehealthSession | int | None = None) -> CardFacts:
    """The facts of the card of ``session`` (or the latest session): queries only, no audit."""
    now = timezone.now()
    which = session.pk if isinstance(session, TelehealthSession) else session
    facts = _FACTS.get(
        client, lambda: _gather(client, session, now), extra=(which, client_today(client, now))
    )
    return facts if facts.now is now else replace(facts, client=client, now=now)


def _gather(client: Any, session: TelehealthSession | int | None, now: dt.datetime) -> CardFacts:
    current = _session(client, session)
    location = current.location if current and current.location else sel.primary_location(client)
    country = location.country if location else client.country
    people = [
        (p, sel.consent_state(p, client, now)) for p in sel.support_persons(client, for_card=True)
    ]
    minor = (
        current.is_minor
        if current is not None and current.is_minor is not None
        else sel.minor_status(client, location.jurisdiction if location else None).is_minor
    )
    guardians: list[Any] = []
    excluded: list[str] = []
    if minor:
        guardians = list(
            Guardian.objects.filter(client_id=client.pk, archived_at__isnull=True).order_by("id")
        )
        excluded = [
            p.name
            for p in ExcludedPerson.objects.filter(client_id=client.pk, archived_at__isnull=True)
        ]
    reason = ""
    if not any(status == "active" for _, status in people) and hasattr(client, "emergency_profile"):
        reason = client.emergency_profile.no_support_person_reason
    plan = sel.current_backup_plan(client, for_card=True)
    return CardFacts(
        client=client,
        session=current,
        location=location,
        country=country,
        country_name=lookups.country_name(country),
        resources=sel.card_resources(location.pk) if location else [],
        people=people,
        is_minor=minor,
        guardians=guardians,
        excluded_names=excluded,
        risk=current_risk_summary(client),
        backup_plan=plan,
        default_timers=timer_defaults(client.organisation) if plan is None else {},
        no_support_person_reason=reason,
        crisis_lines=country_crisis_lines(country, client.preferred_language),
        emergency_numbers=lookups.emergency_numbers(country),
        primary_emergency_number=lookups.primary_emergency_number(country),
        now=now,
    )


def emergency_card(
    user: Any, client: Any, *, session: TelehealthSession | int | None = None
) -> EmergencyCard:
    """The emergency card of ``session`` (or the latest session); records the read."""
    card = build_card(card_facts(client, session=session))
    current = card.session
    audit.record(
        actor=user,
        action="emergency_card.viewed",
        client=client,
        target=current,
        target_type="telehealthsession" if current else "",
        details={
            "session_id": current.pk if current else None,
            "warnings": len(card.warnings),
        },
    )
    return card
