"""The emergency profile: overview, usual locations, local resources, backup plan, boundaries."""

from typing import Any

from django.http import HttpRequest
from ninja import Status

from safeplan.telehealth import selectors, serialise
from safeplan.telehealth.api.base import (
    DetailOut,
    archive_record,
    client_and_record,
    client_of,
    router,
    update_record,
)
from safeplan.telehealth.models import UsualLocation
from safeplan.telehealth.schemas import (
    BackupPlanIn,
    BackupPlanOut,
    BoundariesIn,
    BoundariesOut,
    ConfirmIn,
    LocationIn,
    LocationOut,
    LocationPatch,
    ProfileOut,
    ProfilePatch,
    ResourceIn,
    ResourceOut,
)
from safeplan.telehealth.services import agreements, locations, people


@router.get(
    "/clients/{client_id}/emergency-profile",
    response=ProfileOut,
    summary="The client's emergency profile and what it still lacks",
)
def get_profile(request: HttpRequest, client_id: int) -> Any:
    client = client_of(request, client_id)
    return serialise.profile_as_dict(selectors.emergency_profile(request.user, client))


@router.patch(
    "/clients/{client_id}/emergency-profile",
    response=ProfileOut,
    summary="Record why there is no consented support person",
)
def patch_profile(request: HttpRequest, client_id: int, payload: ProfilePatch) -> Any:
    client = client_of(request, client_id)
    people.set_no_support_person_reason(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        reason=payload.no_support_person_reason,
    )
    return serialise.profile_as_dict(selectors.emergency_profile(request.user, client))


def _location_out(location: UsualLocation) -> dict[str, Any]:
    return serialise.location_as_dict(location, selectors.open_resources([location.pk]))


@router.get(
    "/clients/{client_id}/locations",
    response=list[LocationOut],
    summary="Usual locations with their local resources",
)
def list_locations(request: HttpRequest, client_id: int) -> Any:
    client = client_of(request, client_id)
    rows = selectors.part_of_profile(request.user, client, "locations")
    resources: dict[int, list[Any]] = {row.pk: [] for row in rows}
    for resource in selectors.open_resources(list(resources)):
        resources[resource.location_id].append(resource)
    return [serialise.location_as_dict(row, resources[row.pk]) for row in rows]


@router.post(
    "/clients/{client_id}/locations",
    response={201: LocationOut},
    summary="Add a usual location; its local numbers are suggested from the directory",
)
def add_location(request: HttpRequest, client_id: int, payload: LocationIn) -> Any:
    client = client_of(request, client_id)
    data = payload.dict()
    location = locations.add_location(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        kind=data.pop("kind"),
        label=data.pop("label"),
        phone_at_location=data.pop("phone"),
        address=data,
    )
    return Status(201, _location_out(location))


@router.patch(
    "/clients/{client_id}/locations/{location_id}",
    response=LocationOut,
    summary="Change a location; a new state or postcode re-resolves its local numbers",
)
def update_location(
    request: HttpRequest, client_id: int, location_id: int, payload: LocationPatch
) -> Any:
    _, location = update_record(
        request,
        client_id,
        UsualLocation,
        location_id,
        payload,
        locations.update_location,
        "location",
    )
    return _location_out(location)


@router.delete(
    "/clients/{client_id}/locations/{location_id}",
    response={204: None},
    summary="Archive a location (sessions keep what was confirmed)",
)
def archive_location(request: HttpRequest, client_id: int, location_id: int) -> Any:
    return archive_record(
        request, client_id, UsualLocation, location_id, locations.archive_location, "location"
    )


@router.post(
    "/clients/{client_id}/locations/{location_id}/resources",
    response={201: ResourceOut},
    summary="Add a local number found by the clinician (confirmed at once when the method is given)",
)
def add_resource(
    request: HttpRequest, client_id: int, location_id: int, payload: ResourceIn
) -> Any:
    client, location = client_and_record(request, client_id, UsualLocation, location_id)
    resource = locations.add_resource(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        location=location,
        kind=payload.kind,
        name=payload.name,
        number=payload.phone,
        address=payload.address,
        method=payload.method,
        note=payload.note,
    )
    return Status(201, resource)


@router.post(
    "/clients/{client_id}/resources/{resource_id}/confirm",
    response=ResourceOut,
    summary="Confirm a local number: who, when and how it was verified",
)
def confirm_resource(
    request: HttpRequest, client_id: int, resource_id: int, payload: ConfirmIn
) -> Any:
    client = client_of(request, client_id)
    return locations.confirm_resource(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        resource_id=resource_id,
        method=payload.method,
        note=payload.note,
        corrected_phone=payload.phone,
    )


@router.post(
    "/clients/{client_id}/resources/{resource_id}/reject",
    response=ResourceOut,
    summary="Mark a suggested number as wrong (kept on record, removed from the card)",
)
def reject_resource(request: HttpRequest, client_id: int, resource_id: int) -> Any:
    client = client_of(request, client_id)
    return locations.reject_resource(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        resource_id=resource_id,
    )


@router.get(
    "/clients/{client_id}/backup-plan",
    response={200: BackupPlanOut, 404: DetailOut},
    summary="The current technology backup plan",
)
def get_backup_plan(request: HttpRequest, client_id: int) -> Any:
    client = client_of(request, client_id)
    plan = selectors.agreement_read(request.user, client, "backup_plan")
    if plan is None:
        return Status(404, {"detail": "No technology backup plan is recorded"})
    return Status(200, plan)


@router.put(
    "/clients/{client_id}/backup-plan",
    response=BackupPlanOut,
    summary="Record a new version of the technology backup plan",
)
def put_backup_plan(request: HttpRequest, client_id: int, payload: BackupPlanIn) -> Any:
    client = client_of(request, client_id)
    return agreements.save_backup_plan(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        data=payload.dict(),
    )


@router.get(
    "/clients/{client_id}/boundaries",
    response={200: BoundariesOut, 404: DetailOut},
    summary="The current boundaries agreement, with the hours in the client's time zone",
)
def get_boundaries(request: HttpRequest, client_id: int) -> Any:
    client = client_of(request, client_id)
    agreement = selectors.agreement_read(request.user, client, "boundaries")
    if agreement is None:
        return Status(404, {"detail": "No boundaries agreement is recorded"})
    return Status(200, serialise.boundaries_as_dict(agreement, client))


@router.put(
    "/clients/{client_id}/boundaries",
    response=BoundariesOut,
    summary="Record a new version of the boundaries agreement",
)
def put_boundaries(request: HttpRequest, client_id: int, payload: BoundariesIn) -> Any:
    client = client_of(request, client_id)
    agreement = agreements.save_boundaries(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        data=payload.dict(),
    )
    return serialise.boundaries_as_dict(agreement, client)
