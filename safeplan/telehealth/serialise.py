"""Plain dicts of telehealth records for the API (the schemas validate them)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils import timezone

from safeplan.clients import facts
from safeplan.telehealth import rules
from safeplan.telehealth.card import EmergencyCard
from safeplan.telehealth.models import (
    BoundariesAgreement,
    TelehealthSession,
    UsualLocation,
)
from safeplan.telehealth.selectors import EmergencyProfileView, consent_state


def location_as_dict(location: UsualLocation, resources: list[Any] | None = None) -> dict[str, Any]:
    return {
        "id": location.pk,
        "kind": location.kind,
        "label": location.label,
        **location.as_address(),
        "phone": location.phone,
        "county": location.county,
        "jurisdiction": location.jurisdiction,
        "resolved_at": location.resolved_at,
        "resources": resources or [],
    }


def consent_as_dict(roi: Any) -> dict[str, Any] | None:
    if roi is None:
        return None
    return {
        "id": roi.pk,
        "scope": roi.scope,
        "scope_detail": roi.scope_detail,
        "signed_on": roi.signed_on,
        "expires_on": roi.expires_on,
        "revoked_at": roi.revoked_at,
    }


def person_as_dict(person: Any, client: Any, status: str | None = None) -> dict[str, Any]:
    return {
        "id": person.pk,
        "name": person.name,
        "relationship": person.relationship,
        "phone": person.phone,
        "alt_phone": person.alt_phone,
        "lives_nearby": person.lives_nearby,
        "can_attend_in_person": person.can_attend_in_person,
        "notes": person.notes,
        "consent": consent_as_dict(person.consent),
        "consent_status": status or consent_state(person, client),
    }


def provider_as_dict(provider: Any, client: Any, status: str | None = None) -> dict[str, Any]:
    return {
        "id": provider.pk,
        "name": provider.name,
        "role": provider.role,
        "organisation_name": provider.organisation_name,
        "phone": provider.phone,
        "consent": consent_as_dict(provider.consent),
        "consent_status": status or consent_state(provider, client),
    }


def boundaries_as_dict(agreement: BoundariesAgreement | None, client: Any) -> dict[str, Any] | None:
    if agreement is None:
        return None
    windows = rules.hours_for_client(
        agreement.hours, agreement.clinician_time_zone, client.time_zone, facts.today(client)
    )
    return {
        "id": agreement.pk,
        "clinician_id": agreement.clinician_id,
        "clinician_name": agreement.clinician.label,
        "clinician_time_zone": agreement.clinician_time_zone,
        "hours": agreement.hours,
        "channels": agreement.channels,
        "after_hours_instructions": agreement.after_hours_instructions,
        "agreed_on": agreement.agreed_on,
        "client_time_zone": client.time_zone,
        "hours_in_client_time": [{"start": s, "end": e} for s, e in windows],
    }


def profile_as_dict(view: EmergencyProfileView) -> dict[str, Any]:
    client = view.client
    return {
        "client_id": client.pk,
        "age": view.minor.age,
        "is_minor": view.minor.is_minor,
        "minor_age_threshold": view.minor.threshold,
        "locations": [
            location_as_dict(loc, view.resources.get(loc.pk, [])) for loc in view.locations
        ],
        "support_persons": [
            person_as_dict(row.person, client, row.consent_status) for row in view.support_persons
        ],
        "providers": [
            provider_as_dict(row.person, client, row.consent_status) for row in view.providers
        ],
        "guardians": view.guardians,
        "excluded_persons": view.excluded_persons,
        "backup_plan": view.backup_plan,
        "boundaries": boundaries_as_dict(view.boundaries, client),
        "no_support_person_reason": view.profile.no_support_person_reason if view.profile else "",
        "missing": view.missing,
    }


def session_as_dict(session: TelehealthSession, *, checks: bool = False) -> dict[str, Any]:
    location = None
    if session.location_id:
        by = session.location_confirmed_by
        location = {
            "usual_location_id": session.location_id,
            "kind": session.location.kind if session.location else "",
            "address": session.location_snapshot or {},
            "confirmed_at": session.location_confirmed_at,
            "confirmed_by": by.label if by else "",
        }
    data: dict[str, Any] = {
        "id": session.pk,
        "client_id": session.client_id,
        "clinician_id": session.clinician_id,
        "clinician_name": session.clinician.label,
        "status": session.status,
        "scheduled_for": session.scheduled_for,
        "created_at": session.created_at,
        "started_at": session.started_at,
        "ended_at": session.ended_at,
        "location": location,
        "jurisdiction": session.jurisdiction,
        "jurisdiction_warning": session.jurisdiction_warning,
        "callback_phone": session.callback_phone,
        "callback_confirmed_at": session.callback_confirmed_at,
        "privacy": {
            "alone": session.privacy_alone,
            "private_place": session.privacy_private_place,
            "others_present": session.privacy_others_present,
            "checked_at": session.privacy_checked_at,
        },
        "is_minor": session.is_minor,
        "minor_age_threshold": session.minor_age_threshold,
        "safe_adult": {
            "guardian_id": session.safe_adult_id,
            "status": session.safe_adult_status,
            "confirmed_at": session.safe_adult_confirmed_at,
        }
        if session.is_minor
        else None,
        "excluded_person_present": session.excluded_person_present,
        "checks": [],
    }
    if checks:
        data["checks"] = [
            {"item": c.item, "recorded_at": c.recorded_at, "recorded_by": c.recorded_by.label}
            for c in session.checks.select_related("recorded_by").order_by("recorded_at", "id")
        ]
    return data


def card_as_dict(card: EmergencyCard) -> dict[str, Any]:
    client = card.client
    shallow = {f.name: getattr(card, f.name) for f in dataclasses.fields(card)}
    shallow.update(
        {
            "client": {
                "id": client.pk,
                "record_number": client.record_number,
                "display_name": client.display_name,
                "time_zone": client.time_zone,
                "preferred_language": client.preferred_language,
            },
            "session": session_as_dict(card.session) if card.session else None,
            "risk": {
                "level": card.risk_level,
                "set_at": card.risk_set_at,
                "set_by": card.risk_set_by,
            },
            "generated_at": card.generated_at or timezone.now(),
        }
    )
    return shallow
