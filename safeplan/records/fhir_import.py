"""Recreate a client's record from a FHIR Bundle that Safeplan exported (``POST /api/v1/clients/import/fhir``).

The bundle is parsed and validated with the R4B models of ``fhir.resources`` first, then checked: it must
be a ``collection`` with exactly one Organization and one Patient, the Organization must be the importer's
own (a bundle of another organisation is refused with 403), and the record number must be free (409).
Everything is then written through the owning apps' services, in one transaction: any problem leaves
nothing behind.

What is recreated: the client (same record number), support persons with their active release of
information, the assessments (re-scored by the risk rules, with their original completion time), the
current risk level (which may only raise the flag, never lower it), and the current safety-plan version. Observations are derived data and caring-contact
Communications are a history of messages sent; neither is imported.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from pydantic import ValidationError

from safeplan.audit import services as audit
from safeplan.clients.models import Client
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.records import fhir_codes as codes

MAX_ENTRIES = 5000


def _parse(payload: Any) -> Bundle:
    if not isinstance(payload, dict) or payload.get("resourceType") != "Bundle":
        raise InvalidInput("the body must be a FHIR Bundle resource", field="resourceType")
    if len(payload.get("entry") or []) > MAX_ENTRIES:
        raise InvalidInput(f"at most {MAX_ENTRIES} entries", field="entry")
    try:
        bundle = Bundle.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "__root__") or "bundle"
        raise InvalidInput(
            f"not valid FHIR R4: {first.get('msg', 'invalid')}", field=where
        ) from exc
    except (ValueError, TypeError) as exc:
        raise InvalidInput(f"not valid FHIR R4: {exc}", field="bundle") from exc
    if bundle.type != "collection":
        raise InvalidInput("the bundle type must be collection", field="type")
    return bundle


class _Index:
    def __init__(self, bundle: Bundle) -> None:
        self.by_url: dict[str, Any] = {}
        self.by_type: dict[str, list[Any]] = defaultdict(list)
        for position, entry in enumerate(bundle.entry or []):
            resource = entry.resource
            if resource is None or not entry.fullUrl:
                raise InvalidInput(
                    "every entry needs a fullUrl and a resource", field=f"entry.{position}"
                )
            self.by_url[entry.fullUrl] = resource
            self.by_type[resource.get_resource_type()].append(resource)

    def one(self, kind: str) -> Any:
        found = self.by_type.get(kind, [])
        if len(found) != 1:
            raise InvalidInput(f"the bundle must hold exactly one {kind}", field="entry")
        return found[0]

    def all(self, kind: str) -> list[Any]:
        return self.by_type.get(kind, [])


def _ext(element: Any, url: str) -> Any:
    for ext in getattr(element, "extension", None) or []:
        if ext.url == url:
            return ext
    return None


def _ext_value(element: Any, url: str, default: Any = None) -> Any:
    ext = _ext(element, url)
    if ext is None:
        return default
    for attr in ("valueString", "valueBoolean", "valueInteger"):
        value = getattr(ext, attr, None)
        if value is not None:
            return value
    return default


def _identifier(resource: Any, system: str) -> str | None:
    for ident in resource.identifier or []:
        if ident.system == system and ident.value:
            return str(ident.value)
    return None


def _telecom(resource: Any, system: str) -> list[str]:
    return [str(t.value) for t in resource.telecom or [] if t.system == system and t.value]


def _client_data(patient: Any) -> dict[str, Any]:
    official = next((n for n in patient.name or [] if n.use in (None, "official")), None)
    usual = next((n for n in patient.name or [] if n.use == "usual"), None)
    if official is None or not official.family or not official.given:
        raise InvalidInput(
            "the Patient needs an official name with family and given", field="Patient.name"
        )
    if patient.birthDate is None:
        raise InvalidInput("the Patient needs a birthDate", field="Patient.birthDate")
    address = (patient.address or [None])[0]
    language = "en"
    for comm in patient.communication or []:
        for coding in comm.language.coding or []:
            if coding.system == codes.BCP47 and coding.code:
                language = str(coding.code)
    phones, emails = _telecom(patient, "phone"), _telecom(patient, "email")
    return {
        "first_name": str(official.given[0]),
        "last_name": str(official.family),
        "preferred_name": str(usual.given[0]) if usual and usual.given else "",
        "date_of_birth": patient.birthDate,
        "pronouns": _ext_value(patient, codes.EXT_PRONOUNS, ""),
        "preferred_language": language,
        "time_zone": _ext_value(patient, codes.EXT_TIME_ZONE, "America/New_York"),
        "country": str(address.country) if address and address.country else "US",
        "region": str(address.state) if address and address.state else "",
        "phone": phones[0] if phones else "",
        "email": emails[0] if emails else "",
    }


def _check_organisation(index: _Index, patient: Any, actor: Any) -> str:
    organisation = index.one("Organization")
    slug = _identifier(organisation, codes.ORGANISATION_SYSTEM)
    if slug is None:
        raise InvalidInput(
            "the Organization has no Safeplan organisation identifier", field="Organization"
        )
    if slug != actor.organisation.slug:
        raise NotAllowed("this bundle belongs to another organisation; nothing was imported")
    managing = patient.managingOrganization
    if managing is None or index.by_url.get(managing.reference or "") is not organisation:
        raise InvalidInput(
            "Patient.managingOrganization must point at the bundle's Organization",
            field="Patient.managingOrganization",
        )
    return slug


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _consent_for(index: _Index, person_url: str) -> dict[str, Any] | None:
    for consent in index.all("Consent"):
        provision = consent.provision
        if consent.status != "active" or provision is None:
            continue
        actors = [a.reference.reference for a in provision.actor or [] if a.reference]
        if person_url not in actors:
            continue
        scope, detail = "emergency", ""
        for concept in provision.code or []:
            for coding in concept.coding or []:
                if coding.system == codes.ROI_SCOPE_SYSTEM and coding.code:
                    scope, detail = str(coding.code), str(concept.text or "")
        period = provision.period
        return {
            "scope": scope,
            "scope_detail": detail,
            "signed_on": _date(period.start if period else None) or _date(consent.dateTime),
            "expires_on": _date(period.end) if period else None,
        }
    return None


def _support_persons(index: _Index, actor: Any, client: Client) -> int:
    from safeplan.telehealth.services.people import add_support_person

    urls = {id(r): u for u, r in index.by_url.items()}
    count = 0
    for person in index.all("RelatedPerson"):
        phones = _telecom(person, "phone")
        data = {
            "name": str((person.name or [None])[0].text or "") if person.name else "",
            "relationship": str(person.relationship[0].text or "") if person.relationship else "",
            "phone": phones[0] if phones else "",
            "alt_phone": phones[1] if len(phones) > 1 else "",
            "notes": _ext_value(person, codes.EXT_NOTES, ""),
            "lives_nearby": bool(_ext_value(person, codes.EXT_LIVES_NEARBY, False)),
            "can_attend_in_person": bool(_ext_value(person, codes.EXT_CAN_ATTEND, False)),
        }
        consent = _consent_for(index, urls[id(person)])
        if consent is not None:
            data["consent"] = consent
        add_support_person(actor=actor, client=client, data=data)
        count += 1
    return count


def _plan_content(care_plan: Any) -> dict[str, list[dict[str, Any]]]:
    content: dict[str, list[dict[str, Any]]] = {s: [] for s in codes.PLAN_SECTION_TITLES}
    for position, activity in enumerate(care_plan.activity or []):
        detail = activity.detail
        section = None
        for coding in (detail.code.coding or []) if detail and detail.code else []:
            if coding.system == codes.PLAN_SECTION_SYSTEM:
                section = str(coding.code)
        if section not in content:
            raise InvalidInput(
                "each activity needs a Safeplan safety-plan section code",
                field=f"CarePlan.activity.{position}",
            )
        ext = _ext(detail, codes.EXT_PLAN_ENTRY)
        entry: dict[str, Any] = {}
        for part in (ext.extension or []) if ext else []:
            value = next(
                (
                    getattr(part, a)
                    for a in ("valueString", "valueBoolean", "valueInteger")
                    if getattr(part, a, None) is not None
                ),
                None,
            )
            if value is not None:
                entry[str(part.url)] = value
        if not entry and detail.description:
            entry = {"text": str(detail.description)}
        content[str(section)].append(entry)
    return content


def _plan(index: _Index, actor: Any, client: Client) -> int:
    from safeplan.plans.selectors import current_plan
    from safeplan.plans.services import save_plan

    plans = [p for p in index.all("CarePlan") if p.status == "active"]
    if not plans:
        return 0
    if len(plans) > 1:
        raise InvalidInput("at most one active CarePlan (the safety plan)", field="CarePlan")
    current = current_plan(client)
    save_plan(
        client=client,
        actor=actor,
        content=_plan_content(plans[0]),
        base_version=current.number if current else 0,
        change_note="Recreated from a FHIR export",
    )
    return 1


def _answers(response: Any, questionnaire: Any) -> dict[str, Any]:
    kinds = {str(i.linkId): i.type for i in questionnaire.item or []}
    answers: dict[str, Any] = {}
    for item in response.item or []:
        key = str(item.linkId)
        given = (item.answer or [None])[0]
        if given is None:
            answers[key] = None
        elif given.valueBoolean is not None:
            answers[key] = bool(given.valueBoolean)
        elif given.valueInteger is not None:
            answers[key] = int(given.valueInteger)
        elif given.valueString is not None and kinds.get(key) == "text":
            try:
                answers[key] = json.loads(given.valueString)
            except ValueError as exc:
                raise InvalidInput("a text answer is not JSON", field=f"item.{key}") from exc
        elif given.valueString is not None:
            answers[key] = str(given.valueString)
        else:
            raise InvalidInput("unsupported answer type", field=f"item.{key}")
    return answers


def _assessments(index: _Index, actor: Any, client: Client) -> int:
    from safeplan.risk.services import record_assessment

    questionnaires = {str(q.url): q for q in index.all("Questionnaire") if q.url}
    responses = sorted(index.all("QuestionnaireResponse"), key=lambda r: str(r.authored or ""))
    imported: dict[int, Any] = {}  # id(response resource) → the assessment it became
    for position, response in enumerate(responses):
        questionnaire = questionnaires.get(str(response.questionnaire or ""))
        if questionnaire is None:
            raise InvalidInput(
                "a QuestionnaireResponse names a Questionnaire the bundle does not hold",
                field=f"QuestionnaireResponse.{position}.questionnaire",
            )
        instrument = _identifier(questionnaire, "urn:safeplan:instrument")
        if instrument is None:
            raise InvalidInput(
                "the Questionnaire has no Safeplan instrument identifier", field="Questionnaire"
            )
        follows = None
        follows_url = _ext_value(response, codes.EXT_FOLLOWS)
        if follows_url is not None:
            follows = imported.get(id(index.by_url.get(str(follows_url))))
            if follows is None:
                raise InvalidInput(
                    "the response it follows up is not an earlier response of this bundle",
                    field=f"QuestionnaireResponse.{position}.extension",
                )
        # Keep the clinical timeline (the result was given then, not at import time), written with the
        # row: assessments are append-only and never edited after they exist.
        authored = response.authored
        if authored is not None and not isinstance(authored, dt.datetime):
            authored = dt.datetime.combine(_date(authored) or timezone.localdate(), dt.time())
        if authored is not None and timezone.is_naive(authored):
            authored = timezone.make_aware(authored, dt.UTC)
        try:
            imported[id(response)] = record_assessment(
                actor=actor,
                client=client,
                instrument=instrument,
                answers=_answers(response, questionnaire),
                variant=_ext_value(response, codes.EXT_VARIANT),
                completed_at=authored,
                follows=follows,
            )
        except InvalidInput as exc:
            if exc.field != "completed_at":
                raise
            raise InvalidInput(
                exc.message, field=f"QuestionnaireResponse.{position}.authored"
            ) from exc
    return len(responses)


def _risk_level(index: _Index, actor: Any, client: Client) -> tuple[str | None, str]:
    """The exported risk level may only raise the flag, never lower it (PRODUCT.md "software never lowers
    one, not even an import"; issue 12). The imported assessments have already raised it as their results
    imply; a lower exported level (e.g. "none" after an acute-positive ASQ) is left for a clinician to
    judge, and the import's audit entry records it (``risk_level_not_applied``). Returns the exported
    level and the client's level after the import."""
    from safeplan.risk.selectors import current_risk_level
    from safeplan.risk.services import set_risk_level

    flags = index.all("Flag")
    if not flags:
        return None, current_risk_level(client)
    level = None
    for coding in flags[0].code.coding or []:
        if coding.system == codes.RISK_LEVEL_SYSTEM:
            level = str(coding.code)
    if level not in codes.RISK_LEVELS:
        raise InvalidInput("the Flag has no Safeplan risk level", field="Flag.code")
    current = current_risk_level(client)
    if codes.RISK_LEVELS.index(level) > codes.RISK_LEVELS.index(current):
        set_risk_level(
            actor=actor, client=client, level=level, reason="Raised to the level of a FHIR export"
        )
        current = level
    return level, current


@transaction.atomic
def import_bundle(*, actor: Any, payload: Any) -> Client:
    if not getattr(actor, "is_clinical", False):
        raise NotAllowed("only clinicians and supervisors import records")
    from safeplan.clients.services import create_client

    index = _Index(_parse(payload))
    patient = index.one("Patient")
    slug = _check_organisation(index, patient, actor)
    record_number = _identifier(patient, codes.record_number_system(slug))
    if not record_number or len(record_number) > 20:
        raise InvalidInput(
            "the Patient has no record number of this organisation", field="Patient.identifier"
        )
    if Client.objects.filter(organisation=actor.organisation, record_number=record_number).exists():
        raise Conflict(
            f"record {record_number} already exists in this organisation; nothing was imported",
            field="Patient.identifier",
        )
    try:
        client = create_client(actor=actor, data=_client_data(patient))
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field=f"Patient.{exc.field}") from exc
    Client.objects.filter(pk=client.pk).update(
        record_number=record_number, updated_at=timezone.now()
    )
    client.record_number = record_number
    counts = {
        "support_persons": _support_persons(index, actor, client),
        "assessments": _assessments(index, actor, client),
    }
    level, after = _risk_level(index, actor, client)
    counts["plans"] = _plan(index, actor, client)
    audit.record(
        actor=actor,
        action="records.fhir_imported",
        client=client,
        details={
            **counts,
            "risk_level": after,
            "risk_level_not_applied": level if level is not None and level != after else None,
        },
    )
    return client
