"""Who an instrument is for, and what it must follow: the checks made before a BSSA or PHQ-A is stored.

- PHQ-A: for clients under the age of majority where they live (the same [C] settings as the telehealth
  minor gate: ``telehealth.minor_age_default`` 18 and ``telehealth.minor_age_thresholds`` per jurisdiction,
  clinical-rules.md §8); an adult gets the PHQ-9 (``field="instrument"``).
- BSSA: the worksheet must fit the client's age (``rules.bssa.worksheet_problem``; ``field="variant"``),
  with the youth ASQ workflow for ages 10–24 where the clinic sets ``risk.youth_asq_workflow`` (default
  false, §4.2); and it must follow a positive ASQ of the same client (NIMH pathway: ASQ → BSSA, §4.2) unless
  the clinic sets ``risk.bssa_requires_positive_asq`` to false (``field="follows"``).

The age threshold repeats the telehealth rule's lookup (most specific jurisdiction entry wins) because risk
sits below telehealth in the layers and may not import it; both read the same settings.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.utils import timezone

from safeplan.accounts.policy import org_setting
from safeplan.lib.errors import InvalidInput
from safeplan.risk.models import Assessment
from safeplan.risk.rules.bssa import YOUTH_WORKFLOW_AGES, worksheet_problem
from safeplan.risk.settings import setting

POSITIVE_ASQ = ("non_acute_positive", "acute_positive")


def _today(client: Any) -> dt.date:
    try:
        zone = zoneinfo.ZoneInfo(client.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        zone = zoneinfo.ZoneInfo("UTC")
    return timezone.now().astimezone(zone).date()


def client_age(client: Any) -> int:
    """Completed years today in the client's zone, from their date of birth."""
    return int(client.age_on(_today(client)))


def adult_age(client: Any) -> int:
    """The age of majority where the client lives (telehealth's minor-gate settings, §8)."""
    org = client.organisation
    overrides: Any = org_setting(org, "telehealth.minor_age_thresholds", {}) or {}
    default = org_setting(org, "telehealth.minor_age_default", 18)
    country = (getattr(client, "country", "") or "").strip().upper()
    region = (getattr(client, "region", "") or "").strip().upper()
    keys = [f"{country}-{region}", country] if region else [country]
    for key in keys:
        value = overrides.get(key) if isinstance(overrides, dict) else None
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 30:
            return value
    return int(default)


def is_minor(client: Any) -> bool:
    return client_age(client) < adult_age(client)


def youth_workflow(organisation: Any) -> bool:
    return bool(setting(organisation, "risk.youth_asq_workflow"))


def check_phqa(client: Any) -> None:
    if not is_minor(client):
        raise InvalidInput(
            "the PHQ-A is for clients under 18 (the age of majority where they live); use the PHQ-9",
            field="instrument",
        )


def check_bssa(
    client: Any, *, variant: str | None, follows: Assessment | None, at: dt.datetime
) -> None:
    """Refuse a BSSA on the wrong worksheet for the client's age, or without its positive ASQ."""
    age = client_age(client)
    if variant is not None:
        problem = worksheet_problem(
            variant, age, youth_workflow=youth_workflow(client.organisation)
        )
        if problem:
            raise InvalidInput(problem, field="variant")
    required = setting(client.organisation, "risk.bssa_requires_positive_asq")
    if follows is None:
        if required:
            raise InvalidInput(
                "a BSSA follows a positive ASQ: give the ASQ it follows up", field="follows"
            )
        return
    if follows.client_id != client.pk or follows.instrument != "asq":
        raise InvalidInput("must be an ASQ of this client", field="follows")
    if follows.code not in POSITIVE_ASQ:
        raise InvalidInput(
            "the ASQ was negative: a BSSA follows a positive screen", field="follows"
        )
    newest = (
        Assessment.objects.filter(corrects_id=follows.pk).order_by("-completed_at", "-id").first()
    )
    if newest is not None and newest.code not in POSITIVE_ASQ:
        raise InvalidInput(
            "that ASQ was corrected to negative: a BSSA follows a positive screen", field="follows"
        )
    if follows.completed_at > at:
        raise InvalidInput("the ASQ must come before the BSSA", field="follows")


ASQ_FROM_AGE = (
    8  # NIMH toolkit: used from age 8; under 8, a full mental-health evaluation instead (§4.2)
)


def asq_guidance(client: Any) -> str | None:
    """Which NIMH youth guidance the ASQ form shows: "under_8", "youth" (a minor, or 10–24 where the clinic
    runs the youth ASQ workflow: screen without the parent or guardian present when possible, §4.2), or None."""
    age = client_age(client)
    if age < ASQ_FROM_AGE:
        return "under_8"
    if is_minor(client):
        return "youth"
    low, high = YOUTH_WORKFLOW_AGES
    if youth_workflow(client.organisation) and low <= age <= high:
        return "youth"
    return None
