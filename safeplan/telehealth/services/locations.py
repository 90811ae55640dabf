"""Usual locations and their local resources (clinical-rules.md §1.1 items 1-2, §10.5).

A location's numbers are suggested from the directory when the address is saved, and re-resolved whenever
the parts the directory uses (country, state, ZIP/postcode) change; the suggestions are then confirmed by a
clinician, who records how they verified each one. Nothing is relied on unconfirmed: the card shows
suggestions as "unconfirmed".
"""

from __future__ import annotations

from string import capwords
from typing import Any

from django.db import transaction
from django.utils import timezone

from safeplan.accounts.models import User
from safeplan.audit import services as audit
from safeplan.clients.models import Client
from safeplan.directory import lookups
from safeplan.lib.crypto import blind_index
from safeplan.lib.errors import Conflict, InvalidInput
from safeplan.lib.validation import check_country
from safeplan.telehealth import rules
from safeplan.telehealth.models import (
    ConfirmationMethod,
    LocationKind,
    LocationResource,
    ResourceFit,
    ResourceKind,
    ResourceStatus,
    SourceStatus,
    UsualLocation,
)
from safeplan.telehealth.services.common import Problems, long_text, phone, require_clinical, text

ADDRESS_FIELDS = ("street", "unit", "city", "region", "postcode", "country", "landmarks")
# How many directory suggestions of each kind a location keeps (nearest / most relevant first).
MAX_EDS = 3
MAX_PSAPS = 3
MAX_POLICE = 2
DIRECTORY_KIND = {
    "psap": ResourceKind.PSAP,
    "police_non_emergency": ResourceKind.POLICE,
    "mobile_crisis": ResourceKind.MOBILE_CRISIS,
    "crisis_line": ResourceKind.LOCAL_CRISIS_LINE,
    "emergency_department": ResourceKind.EMERGENCY_DEPARTMENT,
    "urgent_care": ResourceKind.URGENT_CARE,
    "other": ResourceKind.OTHER,
}


def clean_address(data: dict[str, Any], *, prefix: str = "") -> dict[str, str]:
    """A full address (§1.1 item 1) or ``Problems`` naming every missing or malformed part."""
    address: dict[str, str] = {}
    problems: list[tuple[str, str]] = []
    for name in ADDRESS_FIELDS:
        try:
            if name == "landmarks":
                address[name] = long_text(data.get(name), prefix + name, limit=500)
            else:
                address[name] = text(data.get(name), prefix + name, limit=120)
        except InvalidInput as exc:
            problems.append((prefix + name, exc.message))
    if address.get("country"):
        try:
            address["country"] = check_country(address["country"])
        except ValueError as exc:
            problems.append((prefix + "country", str(exc)))
    address["region"] = address.get("region", "").upper()
    if address.get("country") in ("US", "GB", "CA"):
        address["postcode"] = address.get("postcode", "").upper()
    problems += [(prefix + f, m) for f, m in rules.address_problems(address)]
    if problems:
        raise Problems(problems)
    return address


def _resolution_key(address: dict[str, str]) -> str:
    basis = "|".join((address["country"], address["region"], address["postcode"].replace(" ", "")))
    return blind_index(basis, purpose="telehealth.location.resolution")


def _create_location(
    *, actor: User, client: Client, kind: str, label: str, address: dict[str, str], phone_: str
) -> UsualLocation:
    location = UsualLocation.objects.create(
        client=client,
        kind=kind,
        label=label,
        phone=phone_,
        created_by=actor,
        **address,
    )
    resolve_resources(location=location)
    return location


@transaction.atomic
def add_location(
    *,
    actor: User,
    client: Client,
    kind: str,
    address: dict[str, Any],
    label: str = "",
    phone_at_location: str = "",
) -> UsualLocation:
    """Record a usual place (home, work, school …) and suggest its local numbers from the directory."""
    require_clinical(actor)
    if kind not in LocationKind.values:
        raise InvalidInput("kind must be home, work, school, other or session", field="kind")
    cleaned = clean_address(address)
    location = _create_location(
        actor=actor,
        client=client,
        kind=kind,
        label=text(label, "label"),
        address=cleaned,
        phone_=phone(phone_at_location, "phone", cleaned["country"], required=False),
    )
    audit.record(
        actor=actor,
        action="telehealth.location_added",
        client=client,
        target=location,
        details={"kind": kind, "resources": location.resources.count()},
    )
    return location


def new_session_location(
    *, actor: User, client: Client, address: dict[str, Any], prefix: str
) -> UsualLocation:
    """A new address given at a session's time-out (not audited here: the session service records it)."""
    cleaned = clean_address(address, prefix=prefix)
    return _create_location(
        actor=actor, client=client, kind=LocationKind.SESSION, label="", address=cleaned, phone_=""
    )


@transaction.atomic
def update_location(
    *, actor: User, client: Client, location: UsualLocation, changes: dict[str, Any]
) -> UsualLocation:
    """Change an address; when country, state or postcode change, the local numbers are re-resolved."""
    require_clinical(actor)
    if location.client_id != client.pk or location.archived_at is not None:
        raise InvalidInput("no such location for this client", field="location_id")
    merged = {**location.as_address(), **{k: v for k, v in changes.items() if k in ADDRESS_FIELDS}}
    cleaned = clean_address(merged)
    changed = [name for name in ADDRESS_FIELDS if getattr(location, name) != cleaned[name]]
    for name in changed:
        setattr(location, name, cleaned[name])
    if "kind" in changes and changes["kind"] is not None:
        if changes["kind"] not in LocationKind.values:
            raise InvalidInput("kind must be home, work, school, other or session", field="kind")
        if changes["kind"] != location.kind:
            location.kind = changes["kind"]
            changed.append("kind")
    if "label" in changes and changes["label"] is not None:
        location.label = text(changes["label"], "label")
        changed.append("label")
    if "phone" in changes and changes["phone"] is not None:
        location.phone = phone(changes["phone"], "phone", location.country, required=False)
        changed.append("phone")
    location.updated_at = timezone.now()
    location.save()
    re_resolved = _resolution_key(cleaned) != location.resolution_key
    if re_resolved:
        resolve_resources(location=location)
    audit.record(
        actor=actor,
        action="telehealth.location_updated",
        client=client,
        target=location,
        details={"fields": sorted(set(changed)), "re_resolved": re_resolved},
    )
    return location


@transaction.atomic
def archive_location(*, actor: User, client: Client, location: UsualLocation) -> UsualLocation:
    require_clinical(actor)
    if location.client_id != client.pk:
        raise InvalidInput("no such location for this client", field="location_id")
    if location.archived_at is None:
        location.archived_at = timezone.now()
        location.save(update_fields=["archived_at"])
    audit.record(actor=actor, action="telehealth.location_archived", client=client, target=location)
    return location


def resolve_resources(*, location: UsualLocation) -> list[LocationResource]:
    """Replace the location's open suggestions and confirmations with fresh directory suggestions.

    Called inside the caller's transaction when an address is new or its country/state/postcode changed
    (§1.2 item 1: "if different → re-resolve emergency numbers"). Earlier rows are kept, marked superseded.
    """
    now = timezone.now()
    address = location.as_address()
    LocationResource.objects.filter(
        location=location, status__in=[ResourceStatus.SUGGESTED, ResourceStatus.CONFIRMED]
    ).update(status=ResourceStatus.SUPERSEDED, superseded_at=now)
    try:
        found = lookups.resolve_local_resources(
            organisation=location.client.organisation,
            country=location.country,
            region=location.region,
            postcode=location.postcode if location.country == "US" else "",
            city=location.city,
        )
    except ValueError:
        found = None  # a country the directory does not know: the clinician adds numbers by hand
    rows = _suggestions(location, found) if found is not None else []
    LocationResource.objects.bulk_create(rows)
    location.county = found.county if found is not None else ""
    location.resolution_key = _resolution_key(address)
    location.resolved_at = now
    location.save(update_fields=["county", "resolution_key", "resolved_at"])
    return rows


def _suggestions(location: UsualLocation, found: lookups.LocalResources) -> list[LocationResource]:
    rows: list[LocationResource] = []

    def add(kind: str, name: str, number: str, source: Any, **extra: Any) -> None:
        rank = sum(1 for r in rows if r.kind == kind)
        rows.append(
            LocationResource(
                location=location,
                client_id=location.client_id,
                kind=kind,
                name=name,
                phone=number or "",
                rank=rank,
                source_label=source.label[:240],
                source_status=source.status
                if source.status in SourceStatus.values
                else SourceStatus.UNVERIFIED,
                **extra,
            )
        )

    for entry in found.org_local_entries:
        kind = DIRECTORY_KIND.get(entry.kind, ResourceKind.OTHER)
        add(kind, entry.name, entry.phone, entry.source, source_ref=f"org:{entry.id}")
    with_phone = [p for p in found.psaps if p.candidate_phone]
    without = [p for p in found.psaps if not p.candidate_phone]
    for psap in [*with_phone, *without][:MAX_PSAPS]:
        source = (
            psap.candidate_source if psap.candidate_phone and psap.candidate_source else psap.source
        )
        add(
            ResourceKind.PSAP,
            psap.name,
            psap.candidate_phone or "",
            source,
            source_ref=f"psap:{psap.id}",
        )
    for agency in found.police_candidates[:MAX_POLICE]:
        add(
            ResourceKind.POLICE,
            capwords(agency.name.lower()),
            agency.phone,
            agency.source,
            source_ref=f"agency:{agency.id}",
            distance_km=round(agency.distance_km, 2),
        )
    for ed in found.eds[:MAX_EDS]:
        add(
            ResourceKind.EMERGENCY_DEPARTMENT,
            capwords(ed.name.lower()),
            ed.phone,
            ed.source,
            source_ref=f"cms:{ed.id}",
            address=_ed_address(ed),
            distance_km=round(ed.distance_km, 2),
            fit_note=ed.note[:160],
        )
    for ed in found.childrens_eds[:1]:
        add(
            ResourceKind.EMERGENCY_DEPARTMENT,
            capwords(ed.name.lower()),
            ed.phone,
            ed.source,
            source_ref=f"cms:{ed.id}",
            address=_ed_address(ed),
            distance_km=round(ed.distance_km, 2),
            fit=ResourceFit.CHILDRENS,
        )
    # Agencies near the place that do not answer for it: kept, folded on the card with the reason.
    for aside in found.set_aside:
        near = aside.entry
        if isinstance(near, lookups.Agency):
            add(
                ResourceKind.POLICE,
                capwords(near.name.lower()),
                near.phone,
                near.source,
                source_ref=f"agency:{near.id}",
                distance_km=round(near.distance_km, 2),
                fit=ResourceFit.OTHER_AREA,
                fit_note=aside.reason[:160],
            )
        else:
            number = near.candidate_phone or ""
            source = near.candidate_source if number and near.candidate_source else near.source
            add(
                ResourceKind.PSAP,
                near.name,
                number,
                source,
                source_ref=f"psap:{near.id}",
                fit=ResourceFit.OTHER_AREA,
                fit_note=aside.reason[:160],
            )
    return rows


def _ed_address(ed: lookups.Facility) -> str:
    return f"{capwords(ed.address.lower())}, {capwords(ed.city.lower())}, {ed.state} {ed.zip}"


def _resource_for(client: Client, resource_id: int) -> LocationResource:
    resource = (
        LocationResource.objects.filter(pk=resource_id, client_id=client.pk)
        .select_related("location")
        .first()
    )
    if resource is None:
        raise InvalidInput("no such local resource for this client", field="resource_id")
    return resource


@transaction.atomic
def confirm_resource(
    *,
    actor: User,
    client: Client,
    resource_id: int,
    method: str,
    note: str = "",
    corrected_phone: str = "",
) -> LocationResource:
    """A clinician confirms a local number: who, when and how it was verified (PRODUCT.md, §1.1 item 2)."""
    require_clinical(actor)
    resource = _resource_for(client, resource_id)
    if resource.status not in (ResourceStatus.SUGGESTED, ResourceStatus.CONFIRMED):
        raise Conflict(
            "this number was replaced or found wrong; confirm a current one", field="resource_id"
        )
    if method not in ConfirmationMethod.values:
        raise InvalidInput(
            "method must be called, official_source, organisation_list or other", field="method"
        )
    note = long_text(note, "note", required=method == ConfirmationMethod.OTHER, limit=500)
    if corrected_phone:
        resource.phone = phone(corrected_phone, "phone", resource.location.country)
    if not resource.phone:
        raise InvalidInput("a number is needed before it can be confirmed", field="phone")
    resource.status = ResourceStatus.CONFIRMED
    resource.confirmed_by = actor
    resource.confirmed_at = timezone.now()
    resource.confirmation_method = method
    resource.confirmation_note = note
    resource.save()
    audit.record(
        actor=actor,
        action="telehealth.resource_confirmed",
        client=client,
        target=resource,
        details={"kind": resource.kind, "method": method, "corrected": bool(corrected_phone)},
    )
    return resource


@transaction.atomic
def reject_resource(*, actor: User, client: Client, resource_id: int) -> LocationResource:
    """The clinician found a suggested number wrong; it stays on record but leaves the card."""
    require_clinical(actor)
    resource = _resource_for(client, resource_id)
    if resource.status == ResourceStatus.SUPERSEDED:
        raise Conflict("this number was already replaced", field="resource_id")
    resource.status = ResourceStatus.REJECTED
    resource.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="telehealth.resource_rejected",
        client=client,
        target=resource,
        details={"kind": resource.kind},
    )
    return resource


@transaction.atomic
def add_resource(
    *,
    actor: User,
    client: Client,
    location: UsualLocation,
    kind: str,
    name: str,
    number: str,
    address: str = "",
    method: str = "",
    note: str = "",
) -> LocationResource:
    """A local number the clinician found (e.g. the county mobile crisis team, a UK police station);
    confirmed at once when ``method`` says how it was verified."""
    require_clinical(actor)
    if location.client_id != client.pk or location.archived_at is not None:
        raise InvalidInput("no such location for this client", field="location_id")
    if kind not in ResourceKind.values:
        raise InvalidInput("kind is not a local resource kind", field="kind")
    if method and method not in ConfirmationMethod.values:
        raise InvalidInput(
            "method must be called, official_source, organisation_list or other", field="method"
        )
    now = timezone.now()
    resource = LocationResource(
        location=location,
        client_id=client.pk,
        kind=kind,
        name=text(name, "name", required=True),
        phone=phone(number, "phone", location.country),
        address=text(address, "address", limit=300),
        rank=LocationResource.objects.filter(location=location, kind=kind).count(),
        source_label=f"Entered by {actor.label}, {now.date().isoformat()}"[:240],
        source_status=SourceStatus.CLINICIAN,
    )
    if method:
        resource.status = ResourceStatus.CONFIRMED
        resource.confirmed_by, resource.confirmed_at = actor, now
        resource.confirmation_method = method
        resource.confirmation_note = long_text(
            note, "note", required=method == ConfirmationMethod.OTHER, limit=500
        )
    resource.save()
    audit.record(
        actor=actor,
        action="telehealth.resource_added",
        client=client,
        target=resource,
        details={"kind": kind, "confirmed": bool(method)},
    )
    return resource
