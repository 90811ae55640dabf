"""People in the emergency profile: support persons and other providers with their release-of-information
authorisations (clinical-rules.md §1.1 items 3-4, §10.3), guardians / safe adults and excluded persons for
minors (§8), and the recorded reason when there is no consented support person (§1.1 item 3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.audit import services as audit
from safeplan.clients.models import Client
from safeplan.lib import times
from safeplan.lib.errors import Conflict, InvalidInput
from safeplan.telehealth.models import (
    ConsentScope,
    EmergencyProfile,
    ExcludedPerson,
    Guardian,
    OtherProvider,
    ReleaseOfInformation,
    SupportPerson,
)
from safeplan.telehealth.services.common import (
    Problems,
    boolean,
    long_text,
    phone,
    require_clinical,
    text,
)

_Holder = TypeVar("_Holder", SupportPerson, OtherProvider)

# field -> (kind, required)
SUPPORT_FIELDS = {
    "name": ("text", True),
    "relationship": ("text", True),
    "phone": ("phone", True),
    "alt_phone": ("phone", False),
    "lives_nearby": ("bool", False),
    "can_attend_in_person": ("bool", False),
    "notes": ("long", False),
}
PROVIDER_FIELDS = {
    "name": ("text", True),
    "role": ("text", True),
    "organisation_name": ("text", False),
    "phone": ("phone", False),
}
GUARDIAN_FIELDS = {
    "name": ("text", True),
    "relationship": ("text", True),
    "phone": ("phone", True),
    "alt_phone": ("phone", False),
    "is_legal_guardian": ("bool", False),
    "is_safe_adult": ("bool", False),
    "lives_with_client": ("bool", False),
    "authority_note": ("long", False),
}
EXCLUDED_FIELDS = {
    "name": ("text", True),
    "relationship": ("text", False),
    "reason": ("long", False),
}


def _clean(
    spec: dict[str, tuple[str, bool]],
    data: dict[str, Any],
    country: str,
    *,
    partial: bool = False,
    prefix: str = "",
) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for name, (kind, required) in spec.items():
        if partial and data.get(name) is None:
            continue
        value = data.get(name)
        field = prefix + name
        try:
            if kind == "text":
                cleaned[name] = text(value, field, required=required)
            elif kind == "long":
                cleaned[name] = long_text(value, field, required=required)
            elif kind == "phone":
                cleaned[name] = phone(value, field, country, required=required)
            else:
                cleaned[name] = bool(boolean(value, field))
        except InvalidInput as exc:
            problems.append((field, exc.message))
    unknown = sorted(set(data) - set(spec) - {"consent"})
    problems += [(prefix + name, "is not a field of this record") for name in unknown]
    if problems:
        raise Problems(problems)
    return cleaned


def _clean_consent(client: Client, data: dict[str, Any], prefix: str) -> dict[str, Any]:
    """A release-of-information authorisation; its dates cannot be in the future (issue 4, bad input)."""
    problems: list[tuple[str, str]] = []
    scope = data.get("scope")
    if scope not in ConsentScope.values:
        problems.append((prefix + "scope", "must be emergency, safety_plan or care_coordination"))
    signed_on = _date(data.get("signed_on"), prefix + "signed_on", problems, required=True)
    expires_on = _date(data.get("expires_on"), prefix + "expires_on", problems)
    if signed_on and signed_on > times.latest_date():
        problems.append((prefix + "signed_on", "cannot be in the future"))
    if signed_on and expires_on and expires_on < signed_on:
        problems.append((prefix + "expires_on", "must be on or after the signing date"))
    try:
        detail = long_text(data.get("scope_detail"), prefix + "scope_detail", limit=500)
    except InvalidInput as exc:
        problems.append((prefix + "scope_detail", exc.message))
        detail = ""
    if problems:
        raise Problems(problems)
    return {
        "scope": scope,
        "scope_detail": detail,
        "signed_on": signed_on,
        "expires_on": expires_on,
    }


def _date(
    value: Any, field: str, problems: list[tuple[str, str]], *, required: bool = False
) -> dt.date | None:
    if value in (None, ""):
        if required:
            problems.append((field, "is required"))
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        problems.append((field, "must be a date (YYYY-MM-DD)"))
        return None


def _belongs(obj: models.Model, client: Client, field: str) -> None:
    if getattr(obj, "client_id", None) != client.pk or getattr(obj, "archived_at", None):
        raise InvalidInput("no such record for this client", field=field)


def _update_record(
    record: Any,
    *,
    actor: User,
    client: Client,
    changes: dict[str, Any],
    spec: dict[str, tuple[str, bool]],
    field: str,
    action: str,
    check: Callable[[Any], None] | None = None,
) -> None:
    """Apply the given fields (checked against ``spec``) to a record of the client; ``check`` sees the record
    with the changes before it is saved. Call inside the caller's transaction."""
    require_clinical(actor)
    _belongs(record, client, field)
    cleaned = _clean(spec, changes, client.country, partial=True)
    for name, value in cleaned.items():
        setattr(record, name, value)
    if check is not None:
        check(record)
    record.updated_at = timezone.now()
    record.save()
    audit.record(
        actor=actor,
        action=action,
        client=client,
        target=record,
        details={"fields": sorted(cleaned)},
    )


def _archive_record(record: Any, *, actor: User, client: Client, field: str, action: str) -> None:
    """Take a record of the client off the profile (kept on record). Call inside the caller's transaction."""
    require_clinical(actor)
    _belongs(record, client, field)
    record.archived_at = timezone.now()
    record.save(update_fields=["archived_at"])
    audit.record(actor=actor, action=action, client=client, target=record)


# --- support persons -----------------------------------------------------------------------------------


@transaction.atomic
def add_support_person(*, actor: User, client: Client, data: dict[str, Any]) -> SupportPerson:
    """A nearby person who can help; with ``data["consent"]`` the client's authorisation is recorded too."""
    return _add_with_consent(
        SupportPerson,
        actor=actor,
        client=client,
        data=data,
        spec=SUPPORT_FIELDS,
        keyword="person",
        action="telehealth.support_person_added",
    )


@transaction.atomic
def update_support_person(
    *, actor: User, client: Client, person: SupportPerson, changes: dict[str, Any]
) -> SupportPerson:
    _update_record(
        person,
        actor=actor,
        client=client,
        changes=changes,
        spec=SUPPORT_FIELDS,
        field="support_person_id",
        action="telehealth.support_person_updated",
    )
    return person


@transaction.atomic
def archive_support_person(*, actor: User, client: Client, person: SupportPerson) -> None:
    _archive_record(
        person,
        actor=actor,
        client=client,
        field="support_person_id",
        action="telehealth.support_person_archived",
    )


def _new_consent(
    *,
    actor: User,
    client: Client,
    consent: dict[str, Any],
    person: SupportPerson | None = None,
    provider: OtherProvider | None = None,
) -> ReleaseOfInformation:
    roi = ReleaseOfInformation.objects.create(
        client=client, support_person=person, provider=provider, recorded_by=actor, **consent
    )
    holder: Any = person or provider
    holder.consent = roi
    holder.save(update_fields=["consent"])
    return roi


def _add_with_consent(
    model: type[_Holder],
    *,
    actor: User,
    client: Client,
    data: dict[str, Any],
    spec: dict[str, tuple[str, bool]],
    keyword: str,
    action: str,
) -> _Holder:
    """A new support person or provider; with ``data["consent"]`` the client's authorisation is recorded too
    (``keyword`` is how ``_new_consent`` names the holder). Call inside the caller's transaction."""
    require_clinical(actor)
    cleaned = _clean(spec, data, client.country)
    consent = _clean_consent(client, data["consent"], "consent.") if data.get("consent") else None
    record = model.objects.create(client=client, created_by=actor, **cleaned)
    if consent:
        holder: dict[str, Any] = {keyword: record}
        _new_consent(actor=actor, client=client, consent=consent, **holder)
    audit.record(
        actor=actor,
        action=action,
        client=client,
        target=record,
        details={"with_consent": consent is not None},
    )
    return record


@transaction.atomic
def record_consent(
    *,
    actor: User,
    client: Client,
    data: dict[str, Any],
    person: SupportPerson | None = None,
    provider: OtherProvider | None = None,
) -> ReleaseOfInformation:
    """A new signed authorisation for a support person or a provider; earlier ones stay on record."""
    require_clinical(actor)
    holder: Any = person or provider
    _belongs(holder, client, "support_person_id" if person else "provider_id")
    consent = _clean_consent(client, data, "")
    roi = _new_consent(
        actor=actor, client=client, person=person, provider=provider, consent=consent
    )
    audit.record(
        actor=actor,
        action="telehealth.consent_recorded",
        client=client,
        target=roi,
        details={"scope": roi.scope, "expires": roi.expires_on is not None},
    )
    return roi


@transaction.atomic
def revoke_consent(
    *,
    actor: User,
    client: Client,
    person: SupportPerson | None = None,
    provider: OtherProvider | None = None,
) -> ReleaseOfInformation:
    """The client withdrew the authorisation: it stops at once (the person stays, marked "no consent")."""
    require_clinical(actor)
    holder: Any = person or provider
    _belongs(holder, client, "support_person_id" if person else "provider_id")
    roi = holder.consent
    if roi is None or roi.revoked_at is not None:
        raise Conflict("there is no consent in force to revoke", field="consent")
    roi.revoked_at = timezone.now()
    roi.revoked_by = actor
    roi.save(update_fields=["revoked_at", "revoked_by"])
    audit.record(actor=actor, action="telehealth.consent_revoked", client=client, target=roi)
    return roi


@transaction.atomic
def set_no_support_person_reason(*, actor: User, client: Client, reason: str) -> EmergencyProfile:
    """Why the client has no consented support person (e.g. "client declined"), §1.1 item 3."""
    require_clinical(actor)
    profile, _ = EmergencyProfile.objects.get_or_create(client=client)
    profile.no_support_person_reason = long_text(reason, "no_support_person_reason", limit=500)
    profile.reason_recorded_at = timezone.now() if profile.no_support_person_reason else None
    profile.reason_recorded_by = actor if profile.no_support_person_reason else None
    profile.save()
    audit.record(
        actor=actor,
        action="telehealth.no_support_reason_set",
        client=client,
        target=profile,
        details={"recorded": bool(profile.no_support_person_reason)},
    )
    return profile


# --- other providers -----------------------------------------------------------------------------------


@transaction.atomic
def add_provider(*, actor: User, client: Client, data: dict[str, Any]) -> OtherProvider:
    return _add_with_consent(
        OtherProvider,
        actor=actor,
        client=client,
        data=data,
        spec=PROVIDER_FIELDS,
        keyword="provider",
        action="telehealth.provider_added",
    )


@transaction.atomic
def update_provider(
    *, actor: User, client: Client, provider: OtherProvider, changes: dict[str, Any]
) -> OtherProvider:
    _update_record(
        provider,
        actor=actor,
        client=client,
        changes=changes,
        spec=PROVIDER_FIELDS,
        field="provider_id",
        action="telehealth.provider_updated",
    )
    return provider


@transaction.atomic
def archive_provider(*, actor: User, client: Client, provider: OtherProvider) -> None:
    _archive_record(
        provider,
        actor=actor,
        client=client,
        field="provider_id",
        action="telehealth.provider_archived",
    )


# --- guardians, safe adults, excluded persons (§8) -------------------------------------------------------


def _check_guardian_roles(values: dict[str, Any]) -> None:
    if not values.get("is_legal_guardian") and not values.get("is_safe_adult"):
        raise Problems(
            [
                ("is_legal_guardian", "mark the person as legal guardian, safe adult, or both"),
                ("is_safe_adult", "mark the person as legal guardian, safe adult, or both"),
            ]
        )


@transaction.atomic
def add_guardian(*, actor: User, client: Client, data: dict[str, Any]) -> Guardian:
    require_clinical(actor)
    cleaned = _clean(GUARDIAN_FIELDS, data, client.country)
    _check_guardian_roles(cleaned)
    guardian = Guardian.objects.create(client=client, created_by=actor, **cleaned)
    audit.record(
        actor=actor,
        action="telehealth.guardian_added",
        client=client,
        target=guardian,
        details={"legal": guardian.is_legal_guardian, "safe_adult": guardian.is_safe_adult},
    )
    return guardian


@transaction.atomic
def update_guardian(
    *, actor: User, client: Client, guardian: Guardian, changes: dict[str, Any]
) -> Guardian:
    _update_record(
        guardian,
        actor=actor,
        client=client,
        changes=changes,
        spec=GUARDIAN_FIELDS,
        field="guardian_id",
        action="telehealth.guardian_updated",
        check=lambda g: _check_guardian_roles(
            {"is_legal_guardian": g.is_legal_guardian, "is_safe_adult": g.is_safe_adult}
        ),
    )
    return guardian


@transaction.atomic
def archive_guardian(*, actor: User, client: Client, guardian: Guardian) -> None:
    _archive_record(
        guardian,
        actor=actor,
        client=client,
        field="guardian_id",
        action="telehealth.guardian_archived",
    )


@transaction.atomic
def add_excluded_person(*, actor: User, client: Client, data: dict[str, Any]) -> ExcludedPerson:
    require_clinical(actor)
    cleaned = _clean(EXCLUDED_FIELDS, data, client.country)
    person = ExcludedPerson.objects.create(client=client, created_by=actor, **cleaned)
    audit.record(
        actor=actor, action="telehealth.excluded_person_added", client=client, target=person
    )
    return person


@transaction.atomic
def remove_excluded_person(*, actor: User, client: Client, person: ExcludedPerson) -> None:
    _archive_record(
        person,
        actor=actor,
        client=client,
        field="excluded_person_id",
        action="telehealth.excluded_person_removed",
    )
