"""Telehealth sessions and the start-of-session gate, the "TMH time-out" (clinical-rules.md §1.2, §8, §8.1).

A session cannot be marked started until, for this session: the client's current location is confirmed
(one of the usual locations or a new full address), a callback number that works now is confirmed, the
privacy check is answered, and for a minor the safe adult is confirmed present or reachable with no
excluded person present. Every missing or wrong answer is named in one 422 and nothing is written.
A new or changed location re-resolves the local numbers and re-checks the clinician's licensure (§10.6).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.audit import services as audit
from safeplan.clients.models import Client
from safeplan.lib.errors import Conflict, InvalidInput
from safeplan.telehealth import rules
from safeplan.telehealth.models import (
    CheckItem,
    ExcludedPerson,
    Guardian,
    SessionCheck,
    SessionStatus,
    TelehealthSession,
    UsualLocation,
)
from safeplan.telehealth.selectors import minor_status, safe_adult_statuses
from safeplan.telehealth.services.common import Problems, phone, require_clinical, text
from safeplan.telehealth.services.locations import (
    clean_address,
    new_session_location,
    resolve_resources,
)


@dataclass
class GateAnswers:
    """The answers of one time-out, as given (``None`` = not answered)."""

    usual_location_id: int | None = None
    address: dict[str, Any] | None = None
    callback_phone: str = ""
    privacy_alone: bool | None = None
    privacy_private_place: bool | None = None
    privacy_others_present: str = ""
    safe_adult_id: int | None = None
    safe_adult_status: str = ""
    excluded_person_present: bool | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class _Place:
    location: UsualLocation | None
    address: dict[str, str] | None
    country: str
    region: str

    @property
    def jurisdiction(self) -> str:
        return rules.jurisdiction_code(self.country, self.region)


def _place(client: Client, answers: GateAnswers, problems: list[tuple[str, str]]) -> _Place | None:
    if answers.usual_location_id is not None and answers.address:
        problems.append(("location", "give either one of the usual locations or a new address"))
        return None
    if answers.usual_location_id is not None:
        location = UsualLocation.objects.filter(
            pk=answers.usual_location_id, client_id=client.pk, archived_at__isnull=True
        ).first()
        if location is None:
            problems.append(("location.usual_location_id", "no such location for this client"))
            return None
        return _Place(location, None, location.country, location.region)
    if answers.address:
        try:
            address = clean_address(answers.address, prefix="location.address.")
        except Problems as exc:
            problems.extend(exc.problems)
            return None
        return _Place(None, address, address["country"], address["region"])
    return None


def _validate(
    client: Client, answers: GateAnswers
) -> tuple[_Place | None, dict[str, Any], list[tuple[str, str]]]:
    """Check every answer; return the place, the cleaned values and every problem (missing or wrong)."""
    problems: list[tuple[str, str]] = []
    place = _place(client, answers, problems)
    country = place.country if place else client.country
    values: dict[str, Any] = {}
    try:
        values["callback_phone"] = phone(
            answers.callback_phone, "callback_phone", country, required=False
        )
    except InvalidInput as exc:
        problems.append(("callback_phone", exc.message))
    try:
        values["others_present"] = text(
            answers.privacy_others_present, "privacy.others_present", limit=200
        )
    except InvalidInput as exc:
        problems.append(("privacy.others_present", exc.message))
    jurisdiction = (
        place.jurisdiction if place else rules.jurisdiction_code(client.country, client.region)
    )
    minor = minor_status(client, jurisdiction)
    values["minor"] = minor
    safe_adult = None
    if minor.is_minor and answers.safe_adult_id is not None:
        safe_adult = Guardian.objects.filter(
            pk=answers.safe_adult_id,
            client_id=client.pk,
            is_safe_adult=True,
            archived_at__isnull=True,
        ).first()
        if safe_adult is None:
            problems.append(
                ("safe_adult.guardian_id", "is not a safe adult recorded for this client")
            )
    values["safe_adult"] = safe_adult
    excluded_recorded = (
        minor.is_minor
        and ExcludedPerson.objects.filter(client_id=client.pk, archived_at__isnull=True).exists()
    )
    flat = {
        "location": place is not None or None,
        "callback_phone": values.get("callback_phone"),
        "privacy.alone": answers.privacy_alone,
        "privacy.private_place": answers.privacy_private_place,
        "privacy.others_present": values.get("others_present"),
        "safe_adult.guardian_id": answers.safe_adult_id,
        "safe_adult.status": answers.safe_adult_status or None,
        "excluded_person_present": answers.excluded_person_present,
    }
    already = {name for name, _ in problems} | {
        name.rsplit(".", 1)[0] for name, _ in problems if name.startswith("location.")
    }
    for name in rules.gate_missing(
        flat, minor.is_minor, excluded_persons_recorded=excluded_recorded
    ):
        if name not in already:
            problems.append((name, "is required before the session can start"))
    problems += rules.gate_refusals(
        flat, minor.is_minor, allowed_statuses=safe_adult_statuses(client.organisation)
    )
    return place, values, problems


def _minor_gate(
    client: Client, answers: GateAnswers, problems: list[tuple[str, str]]
) -> Guardian | None:
    """The minor part of the gate again (a location change mid-session): the safe adult and excluded
    persons, with the same rules as at the start; problems are appended, the safe adult returned."""
    safe_adult = None
    if answers.safe_adult_id is not None:
        safe_adult = Guardian.objects.filter(
            pk=answers.safe_adult_id,
            client_id=client.pk,
            is_safe_adult=True,
            archived_at__isnull=True,
        ).first()
        if safe_adult is None:
            problems.append(
                ("safe_adult.guardian_id", "is not a safe adult recorded for this client")
            )
    flat = {
        "safe_adult.guardian_id": answers.safe_adult_id,
        "safe_adult.status": answers.safe_adult_status or None,
        "excluded_person_present": answers.excluded_person_present,
    }
    recorded = ExcludedPerson.objects.filter(client_id=client.pk, archived_at__isnull=True).exists()
    named = {name for name, _ in problems}
    for name in rules.gate_missing(flat, True, excluded_persons_recorded=recorded):
        if name in rules.MINOR_GATE_FIELDS and name not in named:
            problems.append((name, "is required again at the new location (the client is a minor)"))
    problems += rules.gate_refusals(
        flat, True, allowed_statuses=safe_adult_statuses(client.organisation)
    )
    return safe_adult


def _apply_place(
    *, actor: User, client: Client, session: TelehealthSession, place: _Place, now: dt.datetime
) -> bool:
    """Set the session's confirmed location; returns whether a new location was created."""
    created = place.location is None
    location = place.location
    if location is None:
        assert place.address is not None
        location = new_session_location(
            actor=actor, client=client, address=place.address, prefix="location.address."
        )
    elif location.resolved_at is None:
        resolve_resources(location=location)
    session.location = location
    session.location_snapshot = location.as_address()
    session.location_confirmed_at = now
    session.location_confirmed_by = actor
    session.jurisdiction = location.jurisdiction
    session.jurisdiction_warning = rules.jurisdiction_warning(
        session.clinician.licensed_jurisdictions or [],
        location.jurisdiction,
        session.clinician.label,
    )
    SessionCheck.objects.create(
        session=session,
        item=CheckItem.LOCATION,
        recorded_at=now,
        recorded_by=actor,
        answer={
            "usual_location_id": location.pk,
            "new_address": created,
            "address": location.as_address(),
            "jurisdiction": location.jurisdiction,
        },
    )
    return created


@transaction.atomic
def schedule_session(
    *, actor: User, client: Client, scheduled_for: dt.datetime | None = None
) -> TelehealthSession:
    """A session planned ahead; its time-out is run when it starts."""
    require_clinical(actor)
    if scheduled_for is not None and scheduled_for.tzinfo is None:
        raise InvalidInput("scheduled_for must include a time zone", field="scheduled_for")
    session = TelehealthSession.objects.create(
        client=client, clinician=actor, created_by=actor, scheduled_for=scheduled_for
    )
    audit.record(actor=actor, action="telehealth.session_scheduled", client=client, target=session)
    return session


@transaction.atomic
def start_session(
    *,
    actor: User,
    client: Client,
    answers: GateAnswers,
    session: TelehealthSession | None = None,
    scheduled_for: dt.datetime | None = None,
) -> TelehealthSession:
    """Run the time-out and mark the session started (§1.2, §8.1); 422 naming every missing answer."""
    require_clinical(actor)
    if session is not None:
        if session.client_id != client.pk:
            raise InvalidInput("no such session for this client", field="session_id")
        if session.status != SessionStatus.SCHEDULED:
            raise Conflict(f"this session is already {session.status}", field="status")
    place, values, problems = _validate(client, answers)
    if problems:
        raise Problems(problems)
    assert place is not None
    now = timezone.now()
    if session is None:
        session = TelehealthSession(
            client=client, created_by=actor, created_at=now, scheduled_for=scheduled_for
        )
    session.clinician = actor
    if session.pk is None:
        session.save()
    new_location = _apply_place(actor=actor, client=client, session=session, place=place, now=now)
    minor = values["minor"]
    session.callback_phone = values["callback_phone"]
    session.callback_confirmed_at = now
    session.privacy_alone = answers.privacy_alone
    session.privacy_private_place = answers.privacy_private_place
    session.privacy_others_present = "" if answers.privacy_alone else values["others_present"]
    session.privacy_checked_at = now
    session.is_minor = minor.is_minor
    session.minor_age_threshold = minor.threshold
    checks = [
        (CheckItem.CALLBACK, {"phone": session.callback_phone}),
        (
            CheckItem.PRIVACY,
            {
                "alone": session.privacy_alone,
                "private_place": session.privacy_private_place,
                "others_present": session.privacy_others_present,
            },
        ),
    ]
    if minor.is_minor:
        session.safe_adult = values["safe_adult"]
        session.safe_adult_status = answers.safe_adult_status
        session.safe_adult_confirmed_at = now
        session.excluded_person_present = answers.excluded_person_present
        session.excluded_checked_at = now
        checks.append(
            (
                CheckItem.SAFE_ADULT,
                {"guardian_id": session.safe_adult_id, "status": session.safe_adult_status},
            )
        )
        checks.append((CheckItem.EXCLUDED, {"present": bool(answers.excluded_person_present)}))
    session.status = SessionStatus.STARTED
    session.started_at = now
    session.save()
    SessionCheck.objects.bulk_create(
        SessionCheck(session=session, item=item, answer=answer, recorded_at=now, recorded_by=actor)
        for item, answer in checks
    )
    audit.record(
        actor=actor,
        action="telehealth.session_started",
        client=client,
        target=session,
        details={
            "location_id": session.location_id,
            "new_location": new_location,
            "minor": minor.is_minor,
            "jurisdiction_warning": bool(session.jurisdiction_warning),
        },
    )
    return session


@transaction.atomic
def change_session_location(
    *,
    actor: User,
    client: Client,
    session: TelehealthSession,
    usual_location_id: int | None = None,
    address: dict[str, Any] | None = None,
    safe_adult_id: int | None = None,
    safe_adult_status: str = "",
    excluded_person_present: bool | None = None,
) -> TelehealthSession:
    """The client moved (or gave a different address): confirm the new place for this session, re-resolve
    its local numbers and re-check licensure (§1.2 item 1, §10.6). A minor at the new place passes the
    minor gate again (§8: the safe adult where they are now, no excluded person present)."""
    require_clinical(actor)
    if session.client_id != client.pk:
        raise InvalidInput("no such session for this client", field="session_id")
    if session.status != SessionStatus.STARTED:
        raise Conflict("only a session in progress can change its location", field="status")
    problems: list[tuple[str, str]] = []
    place = _place(
        client, GateAnswers(usual_location_id=usual_location_id, address=address), problems
    )
    if place is None and not problems:
        problems.append(("location", "is required"))
    answers = GateAnswers(
        safe_adult_id=safe_adult_id,
        safe_adult_status=safe_adult_status,
        excluded_person_present=excluded_person_present,
    )
    minor = minor_status(client, place.jurisdiction) if place is not None else None
    safe_adult = _minor_gate(client, answers, problems) if minor and minor.is_minor else None
    if problems:
        raise Problems(problems)
    assert place is not None and minor is not None
    now = timezone.now()
    new_location = _apply_place(actor=actor, client=client, session=session, place=place, now=now)
    session.is_minor = minor.is_minor
    session.minor_age_threshold = minor.threshold
    if minor.is_minor:
        session.safe_adult = safe_adult
        session.safe_adult_status = safe_adult_status
        session.safe_adult_confirmed_at = now
        session.excluded_person_present = excluded_person_present
        session.excluded_checked_at = now
        SessionCheck.objects.bulk_create(
            SessionCheck(
                session=session, item=item, answer=answer, recorded_at=now, recorded_by=actor
            )
            for item, answer in (
                (CheckItem.SAFE_ADULT, {"guardian_id": safe_adult_id, "status": safe_adult_status}),
                (CheckItem.EXCLUDED, {"present": bool(excluded_person_present)}),
            )
        )
    session.save()
    audit.record(
        actor=actor,
        action="telehealth.session_location_changed",
        client=client,
        target=session,
        details={
            "location_id": session.location_id,
            "new_location": new_location,
            "jurisdiction_warning": bool(session.jurisdiction_warning),
        },
    )
    return session


@transaction.atomic
def end_session(*, actor: User, client: Client, session: TelehealthSession) -> TelehealthSession:
    require_clinical(actor)
    if session.client_id != client.pk:
        raise InvalidInput("no such session for this client", field="session_id")
    if session.status == SessionStatus.SCHEDULED:
        session.status = SessionStatus.CANCELLED
    elif session.status == SessionStatus.STARTED:
        session.status = SessionStatus.ENDED
    else:
        raise Conflict(f"this session is already {session.status}", field="status")
    session.ended_at = timezone.now()
    session.ended_by = actor
    session.save(update_fields=["status", "ended_at", "ended_by"])
    audit.record(
        actor=actor,
        action=f"telehealth.session_{session.status}",
        client=client,
        target=session,
    )
    return session
