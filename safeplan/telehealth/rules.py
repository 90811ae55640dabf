"""Pure rules of the telehealth emergency plan: no Django, no database, exhaustively testable.

Contracts other apps call (keep the names):

- ``gate_missing(answers, is_minor, *, excluded_persons_recorded=True) -> list[str]``: the dotted names of the
  start-of-session answers still missing (clinical-rules.md §1.2, §8.1 "TMH time-out").
- ``gate_refusals(answers, is_minor) -> list[tuple[str, str]]``: answers that were given but forbid a start
  (an excluded person is present, §8).
- ``age_on(dob, day) -> int``, ``is_minor(age, threshold) -> bool``,
  ``minor_age_threshold(jurisdiction, overrides, default=18) -> int`` (§8, threshold [C] per jurisdiction).
- ``jurisdiction_code(country, region) -> str``, ``is_licensed_for(licensed, jurisdiction) -> bool``,
  ``jurisdiction_warning(...) -> str`` (§10.6: licensure follows the client's location).
- ``consent_status(...) -> str`` for a release-of-information authorisation (§1.1 item 3, §10.3).
- ``address_problems(address) -> list[tuple[str, str]]`` (§1.1 item 1: the full address).
- ``backup_timer_problems(...)`` (§9: timers are [C] values, but must be in a sensible order).
- Availability (boundaries, §1.4 WRCAC "Boundaries") lives in ``availability.py`` and is re-exported here:
  ``is_within_availability(agreement_hours, when_utc, clinician_tz) -> bool``,
  ``next_available(agreement_hours, when_utc, clinician_tz) -> datetime | None``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from safeplan.telehealth.availability import (
    check_hours,
    hours_for_client,
    is_within_availability,
    next_available,
)

__all__ = [
    "GATE_FIELDS",
    "MINOR_GATE_FIELDS",
    "SAFE_ADULT_STATUSES",
    "US_STATES",
    "address_problems",
    "age_on",
    "backup_timer_problems",
    "check_hours",
    "consent_status",
    "gate_missing",
    "gate_refusals",
    "hours_for_client",
    "is_licensed_for",
    "is_minor",
    "is_within_availability",
    "jurisdiction_code",
    "jurisdiction_warning",
    "minor_age_threshold",
    "next_available",
]

# --- The start-of-session gate (§1.2 items 1-4, §8, §8.1) -------------------------------------------------

GATE_FIELDS = ("location", "callback_phone", "privacy.alone", "privacy.private_place")
MINOR_GATE_FIELDS = ("safe_adult.guardian_id", "safe_adult.status", "excluded_person_present")
SAFE_ADULT_STATUSES = ("present", "reachable")


def _answered(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip() != ""
    return True


def gate_missing(
    answers: Mapping[str, Any], is_minor: bool, *, excluded_persons_recorded: bool = True
) -> list[str]:
    """Names of the gate answers still missing, in checklist order.

    Every session needs its own confirmed location, a callback number that works now and the privacy check
    (§1.1 item 1, §1.2 items 1, 2, 4). When the client is not alone, who else is present must be named
    (§1.2 item 4). A minor also needs the safe adult confirmed present or reachable and, when the profile
    lists excluded persons, an answer to "is any of them present" (§8).
    """
    missing = [name for name in GATE_FIELDS if not _answered(answers.get(name))]
    if answers.get("privacy.alone") is False and not _answered(
        answers.get("privacy.others_present")
    ):
        missing.append("privacy.others_present")
    if is_minor:
        for name in MINOR_GATE_FIELDS:
            if name == "excluded_person_present" and not excluded_persons_recorded:
                continue
            if not _answered(answers.get(name)):
                missing.append(name)
    return missing


def gate_refusals(
    answers: Mapping[str, Any],
    is_minor: bool,
    *,
    allowed_statuses: tuple[str, ...] = SAFE_ADULT_STATUSES,
) -> list[tuple[str, str]]:
    """Answers that were given but forbid starting the session (§8: the safe adult, excluded persons).

    ``allowed_statuses`` is the organisation's rule for the safe adult [C]: ("present",) when they must be
    physically present in the same place as the young person (CHOC home-based protocol, the default), or
    ("present", "reachable") when reachable by phone in the home is enough."""
    problems: list[tuple[str, str]] = []
    if not is_minor:
        return problems
    status = answers.get("safe_adult.status")
    if _answered(status) and status not in SAFE_ADULT_STATUSES:
        problems.append(("safe_adult.status", "must be present or reachable"))
    elif _answered(status) and status not in allowed_statuses:
        problems.append(
            (
                "safe_adult.status",
                "the safe adult must be physically present with the young person for this session "
                "(your organisation's rule)",
            )
        )
    if answers.get("excluded_person_present") is True:
        problems.append(
            (
                "excluded_person_present",
                "a person excluded from this young person's sessions is present: do not start; "
                "reschedule or continue only after they have left",
            )
        )
    return problems


# --- Minors (§8) ---------------------------------------------------------------------------------------------


def age_on(dob: dt.date, day: dt.date) -> int:
    """Completed years on ``day`` (a 29 February birthday counts from 1 March in other years)."""
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def is_minor(age: int, threshold: int) -> bool:
    return age < threshold


def minor_age_threshold(
    jurisdiction: str, overrides: Mapping[str, Any] | None = None, default: int = 18
) -> int:
    """The age below which the home-based protocol for minors applies where the client is.

    §8: age of consent follows the child's location; the value is [C]. ``overrides`` maps a jurisdiction
    ("US-AL") or a country ("GB") to an age; the most specific entry wins.
    """
    overrides = overrides or {}
    code = jurisdiction.upper()
    for key in (code, code.split("-")[0]):
        value = overrides.get(key)
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 30:
            return value
    return default


# --- Jurisdiction (§10.6) -------------------------------------------------------------------------------------


def jurisdiction_code(country: str, region: str = "") -> str:
    """ISO-style code of a place: "US-MA" for a US state, "GB" (or "GB-ENG") elsewhere."""
    country = country.strip().upper()
    region = region.strip().upper()
    return f"{country}-{region}" if region else country


def is_licensed_for(licensed: Iterable[str], jurisdiction: str) -> bool:
    """True when a licence covers the place: the exact code ("US-MA") or the whole country ("GB")."""
    codes = {str(code).strip().upper() for code in licensed if str(code).strip()}
    code = jurisdiction.strip().upper()
    return code in codes or code.split("-")[0] in codes


def jurisdiction_warning(licensed: Iterable[str], jurisdiction: str, clinician_label: str) -> str:
    """The warning shown and stored on a session whose location is outside the clinician's licences."""
    codes = sorted({str(code).strip().upper() for code in licensed if str(code).strip()})
    if is_licensed_for(codes, jurisdiction):
        return ""
    where = ", ".join(codes) if codes else "no jurisdiction on record"
    return (
        f"The client is in {jurisdiction}; {clinician_label} is licensed in {where}. Check licensure and "
        f"the law that applies in {jurisdiction} (involuntary hold, duty to warn, minors' consent) "
        "before continuing."
    )


# --- Release of information (§1.1 item 3) -------------------------------------------------------------------

CONSENT_ACTIVE = "active"


def consent_status(
    *,
    signed_on: dt.date | None,
    expires_on: dt.date | None,
    revoked_at: dt.datetime | None,
    at: dt.datetime,
    day: dt.date,
) -> str:
    """``active``, ``revoked``, ``expired``, ``not_yet_signed`` or ``none`` at instant ``at``.

    ``day`` is ``at``'s calendar day in the client's time zone: an authorisation is valid through its
    expiry date. Revocation takes effect at the recorded instant. A signing date carries no zone: it is
    "not yet signed" only when it is after the latest date anywhere at ``at`` (UTC+14), as the services
    accept it (``lib.times.latest_date``); a consent signed "today" east of the client is in effect.
    """
    if signed_on is None:
        return "none"
    if revoked_at is not None and revoked_at <= at:
        return "revoked"
    if signed_on > (at.astimezone(dt.UTC) + dt.timedelta(hours=14)).date():
        return "not_yet_signed"
    if expires_on is not None and expires_on < day:
        return "expired"
    return CONSENT_ACTIVE


# --- Addresses (§1.1 item 1) -----------------------------------------------------------------------------------

US_STATES = frozenset(
    [
        "AL",
        "AK",
        "AZ",
        "AR",
        "CA",
        "CO",
        "CT",
        "DE",
        "DC",
        "FL",
        "GA",
        "HI",
        "ID",
        "IL",
        "IN",
        "IA",
        "KS",
        "KY",
        "LA",
        "ME",
        "MD",
        "MA",
        "MI",
        "MN",
        "MS",
        "MO",
        "MT",
        "NE",
        "NV",
        "NH",
        "NJ",
        "NM",
        "NY",
        "NC",
        "ND",
        "OH",
        "OK",
        "OR",
        "PA",
        "RI",
        "SC",
        "SD",
        "TN",
        "TX",
        "UT",
        "VT",
        "VA",
        "WA",
        "WV",
        "WI",
        "WY",
        "PR",
        "GU",
        "VI",
        "AS",
        "MP",
    ]
)
_US_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
_GB_POSTCODE = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$")


def address_problems(address: Mapping[str, Any]) -> list[tuple[str, str]]:
    """What keeps ``address`` from being a full address emergency services could drive to.

    Street, city and country are always needed; in the US also the state and a ZIP code (used to find the
    local 911 centre and the nearest emergency departments).
    """
    problems: list[tuple[str, str]] = []
    street = str(address.get("street") or "").strip()
    city = str(address.get("city") or "").strip()
    country = str(address.get("country") or "").strip().upper()
    region = str(address.get("region") or "").strip().upper()
    postcode = str(address.get("postcode") or "").strip().upper()
    if not street:
        problems.append(("street", "a street address is required"))
    if not city:
        problems.append(("city", "a town or city is required"))
    if not country:
        problems.append(("country", "a country is required"))
    if country == "US":
        if region not in US_STATES:
            problems.append(("region", "a US state code (e.g. MA) is required"))
        if not _US_ZIP.match(postcode):
            problems.append(("postcode", "a 5-digit ZIP code is required"))
    elif country == "GB" and postcode and not _GB_POSTCODE.match(postcode):
        problems.append(("postcode", "is not a UK postcode"))
    return problems


# --- Technology backup timers (§9) ----------------------------------------------------------------------------

TIMER_LIMITS = {
    "retry_video_seconds": (0, 600),
    "call_backup_within_seconds": (30, 1800),
    "escalate_when_at_risk_after_seconds": (60, 7200),
}


def backup_timer_problems(
    *,
    retry_video_seconds: int,
    call_backup_within_seconds: int,
    escalate_when_at_risk_after_seconds: int,
) -> list[tuple[str, str]]:
    """The timers of §9's disconnection ladder must be in range and in order: retry ≤ T1 < T2."""
    values = {
        "retry_video_seconds": retry_video_seconds,
        "call_backup_within_seconds": call_backup_within_seconds,
        "escalate_when_at_risk_after_seconds": escalate_when_at_risk_after_seconds,
    }
    problems = [
        (name, f"must be between {low} and {high} seconds")
        for name, (low, high) in TIMER_LIMITS.items()
        if not low <= values[name] <= high
    ]
    if problems:
        return problems
    if retry_video_seconds > call_backup_within_seconds:
        problems.append(
            ("retry_video_seconds", "must not be longer than the time to call the backup phone")
        )
    if call_backup_within_seconds >= escalate_when_at_risk_after_seconds:
        problems.append(
            (
                "escalate_when_at_risk_after_seconds",
                "must be longer than the time to call the backup phone",
            )
        )
    return problems
