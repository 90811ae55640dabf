"""A client's record as a FHIR R4 Bundle (``GET /api/v1/clients/{id}/export/fhir``).

Resources: Organization (the clinic), Patient, RelatedPerson (support persons with a release of
information) and their Consent, CarePlan (the current safety-plan version, one activity per entry),
Questionnaire + QuestionnaireResponse (each assessment) with an Observation for a total score, Observation
for each risk-level change, Flag (the current risk flag) and Communication (caring contacts). Every resource
is checked against the R4B models of ``fhir.resources`` before it leaves. Safeplan-specific details travel
in ``urn:safeplan:`` extensions and code systems (records.fhir_codes), so ``records.fhir_import`` can
recreate the same record from the bundle. Psychotherapy notes are never part of it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from safeplan.audit import services as audit
from safeplan.plans import means_counselling
from safeplan.records import fhir_codes as codes
from safeplan.records.export import require_export_allowed

ROI_ACTOR_ROLE = {
    "coding": [
        {"system": "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "code": "IRCP"}
    ]
}


class _Builder:
    def __init__(self, client: Any) -> None:
        self.client = client
        self.slug = client.organisation.slug
        self.entries: list[dict[str, Any]] = []

    def url(self, kind: str, key: object) -> str:
        return codes.full_url(self.slug, self.client.record_number, kind, key)

    def add(self, kind: str, key: object, resource: dict[str, Any]) -> str:
        url = self.url(kind, key)
        resource = {"resourceType": kind, "id": url.rsplit(":", 1)[1], **resource}
        self.entries.append({"fullUrl": url, "resource": _prune(resource)})
        return url


def _prune(value: Any) -> Any:
    """Drop empty strings, lists and objects: FHIR forbids empty elements."""
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v not in ("", None, [], {})}
    if isinstance(value, list):
        return [v for v in (_prune(v) for v in value) if v not in ("", None, [], {})]
    return value


def _ref(url: str) -> dict[str, str]:
    return {"reference": url}


def _telecom(phones: Iterable[str], email: str = "") -> list[dict[str, str]]:
    out = [{"system": "phone", "value": p} for p in phones if p]
    if email:
        out.append({"system": "email", "value": email})
    return out


def _patient(b: _Builder, organisation_url: str) -> str:
    c = b.client
    names: list[dict[str, Any]] = [
        {"use": "official", "family": c.last_name, "given": [c.first_name]}
    ]
    if c.preferred_name:
        names.append({"use": "usual", "given": [c.preferred_name]})
    return b.add(
        "Patient",
        "patient",
        {
            "extension": [
                {"url": codes.EXT_TIME_ZONE, "valueString": c.time_zone},
                {"url": codes.EXT_PRONOUNS, "valueString": c.pronouns} if c.pronouns else None,
            ],
            "identifier": [
                {"system": codes.record_number_system(b.slug), "value": c.record_number}
            ],
            "active": c.archived_at is None,
            "name": names,
            "telecom": _telecom([c.phone], c.email),
            "birthDate": c.date_of_birth.isoformat(),
            "address": [{"state": c.region, "country": c.country}],
            "communication": [
                {
                    "language": {"coding": [{"system": codes.BCP47, "code": c.preferred_language}]},
                    "preferred": True,
                }
            ],
            "managingOrganization": _ref(organisation_url),
        },
    )


def _support_persons(b: _Builder, patient: str) -> int:
    from safeplan.telehealth.selectors import consented_support_persons

    count = 0
    for person in consented_support_persons(b.client):
        person_url = b.add(
            "RelatedPerson",
            person.pk,
            {
                "extension": [
                    {"url": codes.EXT_NOTES, "valueString": person.notes},
                    {"url": codes.EXT_LIVES_NEARBY, "valueBoolean": person.lives_nearby},
                    {"url": codes.EXT_CAN_ATTEND, "valueBoolean": person.can_attend_in_person},
                ],
                "active": True,
                "patient": _ref(patient),
                "relationship": [{"text": person.relationship}],
                "name": [{"text": person.name}],
                "telecom": _telecom([person.phone, person.alt_phone]),
            },
        )
        count += 1
        today = timezone.localdate()
        for roi in person.consents.order_by("signed_on", "pk"):
            expired = roi.expires_on is not None and roi.expires_on < today
            b.add(
                "Consent",
                roi.pk,
                {
                    "status": "inactive" if roi.revoked_at or expired else "active",
                    "scope": {
                        "coding": [{"system": codes.CONSENT_SCOPE, "code": "patient-privacy"}]
                    },
                    "category": [
                        {"coding": [{"system": codes.LOINC, "code": codes.CONSENT_CATEGORY_LOINC}]}
                    ],
                    "patient": _ref(patient),
                    "dateTime": roi.signed_on.isoformat(),
                    "policyRule": {"coding": [{"system": codes.ACT_CODE, "code": "OPTIN"}]},
                    "provision": {
                        "type": "permit",
                        "period": {
                            "start": roi.signed_on.isoformat(),
                            "end": roi.expires_on.isoformat() if roi.expires_on else None,
                        },
                        "actor": [{"role": ROI_ACTOR_ROLE, "reference": _ref(person_url)}],
                        "code": [
                            {
                                "coding": [{"system": codes.ROI_SCOPE_SYSTEM, "code": roi.scope}],
                                "text": roi.scope_detail,
                            }
                        ],
                    },
                },
            )
    return count


def _entry_extension(entry: dict[str, Any]) -> dict[str, Any]:
    parts = []
    for key, value in entry.items():
        if isinstance(value, bool):
            parts.append({"url": key, "valueBoolean": value})
        elif isinstance(value, int):
            parts.append({"url": key, "valueInteger": value})
        elif isinstance(value, str) and value:
            parts.append({"url": key, "valueString": value})
    return {"url": codes.EXT_PLAN_ENTRY, "extension": parts}


def _activity_status(section: str, entry: dict[str, Any]) -> str:
    if section == "environment":
        return "completed" if entry.get("status") == "done" else "not-started"
    return "in-progress"


def _care_plan(b: _Builder, patient: str) -> int:
    from safeplan.plans.selectors import current_plan

    version = current_plan(b.client)
    if version is None:
        return 0
    activities = []
    for section, title in codes.PLAN_SECTION_TITLES.items():
        for entry in version.content.get(section, []):
            activities.append(
                {
                    "detail": {
                        "extension": [_entry_extension(entry)],
                        "code": {
                            "coding": [
                                {
                                    "system": codes.PLAN_SECTION_SYSTEM,
                                    "code": section,
                                    "display": title,
                                }
                            ]
                        },
                        "status": _activity_status(section, entry),
                        "description": entry.get("text") or entry.get("name") or entry.get("means"),
                    }
                }
            )
    b.add(
        "CarePlan",
        f"plan-{version.number}",
        {
            "extension": [{"url": codes.EXT_PLAN_VERSION, "valueInteger": version.number}],
            "status": "active",
            "intent": "plan",
            "title": "Safety plan",
            "description": getattr(version, "change_note", "") or None,
            "subject": _ref(patient),
            "created": version.created_at.isoformat(),
            "activity": activities,
        },
    )
    return 1


def _item_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, str):
        return "string"
    return "text"  # lists and objects travel as JSON text


def _answer(value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    kind = _item_type(value)
    if kind == "boolean":
        return [{"valueBoolean": value}]
    if kind == "integer":
        return [{"valueInteger": value}]
    if kind == "string":
        return [{"valueString": value}] if value else []
    return [{"valueString": json.dumps(value, ensure_ascii=False, sort_keys=True)}]


def _assessments(b: _Builder, patient: str, actor: Any) -> int:
    from safeplan.risk.selectors import assessments_for

    found = sorted(assessments_for(actor, b.client), key=lambda a: (a.completed_at, a.pk))
    questionnaires: dict[str, dict[str, str]] = {}
    for a in found:
        items = questionnaires.setdefault(a.version, {"instrument": a.instrument})
        for key, value in (a.answers or {}).items():
            items.setdefault(f"item:{key}", _item_type(value))
    for version, items in questionnaires.items():
        instrument = items.pop("instrument")
        panel = codes.INSTRUMENT_CODES.get(instrument)
        b.add(
            "Questionnaire",
            version,
            {
                "url": f"urn:safeplan:questionnaire:{version}",
                "identifier": [{"system": "urn:safeplan:instrument", "value": instrument}],
                "version": version,
                "title": codes.INSTRUMENT_TITLES.get(instrument, instrument),
                "status": "active",
                "code": [{"system": codes.LOINC, "code": panel[0], "display": panel[1]}]
                if panel
                else None,
                "item": [
                    {"linkId": key.split(":", 1)[1], "text": key.split(":", 1)[1], "type": kind}
                    for key, kind in items.items()
                ],
            },
        )
    for a in found:
        variant = "since_last_contact" if "since-last-contact" in a.version else None
        if a.instrument == "bssa":
            variant = a.version.rsplit("-", 1)[-1]  # the worksheet: adult or youth
        extensions = [{"url": codes.EXT_VARIANT, "valueString": variant}] if variant else []
        if a.follows_id is not None:
            extensions.append(
                {
                    "url": codes.EXT_FOLLOWS,
                    "valueString": b.url("QuestionnaireResponse", a.follows_id),
                }
            )
        response = b.add(
            "QuestionnaireResponse",
            a.pk,
            {
                "extension": extensions or None,
                "questionnaire": f"urn:safeplan:questionnaire:{a.version}",
                # "stopped": partially answered and abandoned (R4 QuestionnaireResponseStatus).
                "status": "completed" if a.complete else "stopped",
                "subject": _ref(patient),
                "authored": a.completed_at.isoformat(),
                "item": [
                    {"linkId": str(key), "answer": _answer(value)}
                    for key, value in (a.answers or {}).items()
                ],
            },
        )
        if a.instrument == "bssa":
            # The disposition as the suicide risk level observation (LOINC 93374-7), its value in
            # Safeplan's BSSA disposition codes (the SPiER encoding does the same with its own codes).
            b.add(
                "Observation",
                f"bssa-{a.pk}",
                {
                    "status": "final",
                    "category": [
                        {"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": "survey"}]}
                    ],
                    "code": {
                        "coding": [{"system": codes.LOINC, "code": codes.RISK_LEVEL_LOINC}],
                        "text": "BSSA disposition",
                    },
                    "subject": _ref(patient),
                    "effectiveDateTime": a.completed_at.isoformat(),
                    "valueCodeableConcept": {
                        "coding": [{"system": codes.BSSA_DISPOSITION_SYSTEM, "code": a.code}]
                    },
                    "derivedFrom": [_ref(response)],
                },
            )
        panel = codes.INSTRUMENT_CODES.get(a.instrument)
        if panel and a.total is not None:
            b.add(
                "Observation",
                f"score-{a.pk}",
                {
                    "status": "final",
                    "category": [
                        {"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": "survey"}]}
                    ],
                    "code": {
                        "coding": [{"system": codes.LOINC, "code": panel[2], "display": panel[3]}]
                    },
                    "subject": _ref(patient),
                    "effectiveDateTime": a.completed_at.isoformat(),
                    "valueInteger": a.total,
                    "interpretation": [{"text": a.code}],
                    "derivedFrom": [_ref(response)],
                },
            )
    return len(found)


def _risk(b: _Builder, patient: str) -> int:
    from safeplan.risk.models import RiskFlagChange
    from safeplan.risk.selectors import current_risk_flag

    changes = list(RiskFlagChange.objects.filter(client=b.client).order_by("set_at", "pk"))
    for change in changes:
        b.add(
            "Observation",
            f"risk-{change.pk}",
            {
                "status": "final",
                "category": [
                    {"coding": [{"system": codes.OBSERVATION_CATEGORY, "code": "survey"}]}
                ],
                "code": {
                    "coding": [{"system": codes.LOINC, "code": codes.RISK_LEVEL_LOINC}],
                    "text": "Suicide risk level",
                },
                "subject": _ref(patient),
                "effectiveDateTime": change.set_at.isoformat(),
                "valueCodeableConcept": {
                    "coding": [{"system": codes.RISK_LEVEL_SYSTEM, "code": change.level}],
                    "text": change.level,
                },
                "note": [{"text": change.reason}] if change.reason else None,
            },
        )
    flag = current_risk_flag(b.client)
    if flag is not None:
        b.add(
            "Flag",
            "risk-flag",
            {
                "status": "inactive" if flag.level == "none" else "active",
                "category": [{"coding": [{"system": codes.FLAG_CATEGORY, "code": "clinical"}]}],
                "code": {
                    "coding": [{"system": codes.RISK_LEVEL_SYSTEM, "code": flag.level}],
                    "text": f"Suicide risk: {flag.level}",
                },
                "subject": _ref(patient),
                "period": {"start": flag.set_at.isoformat()},
            },
        )
    return len(changes)


def _caring_contacts(b: _Builder, patient: str) -> int:
    from safeplan.followup.models import CaringContact
    from safeplan.followup.selectors import note_text

    status = {"sent": "completed", "scheduled": "preparation", "cancelled": "not-done"}
    contacts = list(
        CaringContact.objects.filter(client=b.client)
        .select_related("series")
        .order_by("planned_for", "pk")
    )
    for contact in contacts:
        b.add(
            "Communication",
            f"caring-{contact.pk}",
            {
                "status": status.get(contact.state, "unknown"),
                "category": [
                    {
                        "coding": [{"system": codes.CARING_SYSTEM, "code": "caring-contact"}],
                        "text": "Caring contact",
                    }
                ],
                "medium": [{"text": contact.series.channel}],
                "subject": _ref(patient),
                "sent": contact.sent_at.isoformat() if contact.sent_at else None,
                "payload": [{"contentString": note_text(contact.series, contact.sequence)}],
            },
        )
    return len(contacts)


def _means_counselling(b: _Builder, patient: str) -> int:
    """Lethal-means counselling as completed Procedures (history: not imported), the storage check as
    ``followUp`` coded in ``urn:safeplan:means-storage-check``."""
    zone = b.client.organisation.time_zone
    records = means_counselling.current_counselling(b.client)
    lines = means_counselling.summary_lines(b.client, zone)
    for record, line in zip(records, lines, strict=True):
        check = getattr(record, "check_row", None)
        follow_up = None
        if check is not None:
            state = check.outcome if check.status == "done" else "pending"
            follow_up = [{"coding": [{"system": codes.MEANS_CHECK_SYSTEM, "code": state}]}]
        b.add(
            "Procedure",
            f"means-{record.pk}",
            {
                "status": "completed",
                "code": {
                    "coding": [
                        {"system": codes.PROCEDURE_SYSTEM, "code": "lethal-means-counselling"}
                    ],
                    "text": "Lethal-means counselling",
                },
                "subject": _ref(patient),
                "performedDateTime": record.counselled_at.isoformat(),
                "note": [{"text": line}],
                "followUp": follow_up,
            },
        )
    return len(records)


@transaction.atomic
def export_bundle(*, actor: Any, client: Any) -> dict[str, Any]:
    require_export_allowed(actor, client)
    b = _Builder(client)
    organisation = b.add(
        "Organization",
        "organisation",
        {
            "identifier": [{"system": codes.ORGANISATION_SYSTEM, "value": b.slug}],
            "name": client.organisation.name,
        },
    )
    patient = _patient(b, organisation)
    counts = {
        "support_persons": _support_persons(b, patient),
        "plans": _care_plan(b, patient),
        "assessments": _assessments(b, patient, actor),
        "risk_changes": _risk(b, patient),
        "caring_contacts": _caring_contacts(b, patient),
        "means_counselling": _means_counselling(b, patient),
    }
    bundle = Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "id": codes.full_url(b.slug, client.record_number, "bundle").rsplit(":", 1)[1],
            "type": "collection",
            "timestamp": timezone.now().isoformat(),
            "entry": b.entries,
        }
    )
    audit.record(
        actor=actor,
        action="records.exported",
        client=client,
        details={"format": "fhir", "resources": len(b.entries), **counts},
    )
    return dict(bundle.model_dump(mode="json", exclude_none=True))
