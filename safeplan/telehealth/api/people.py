"""People in the emergency profile: support persons and providers (with consent), guardians, safe adults,
excluded persons."""

from typing import Any

from django.http import HttpRequest
from ninja import Status

from safeplan.telehealth import selectors, serialise
from safeplan.telehealth.api.base import (
    archive_record,
    client_and_record,
    client_of,
    router,
    update_record,
)
from safeplan.telehealth.models import ExcludedPerson, Guardian, OtherProvider, SupportPerson
from safeplan.telehealth.schemas import (
    ConsentIn,
    ExcludedIn,
    ExcludedOut,
    GuardianIn,
    GuardianOut,
    GuardianPatch,
    ProviderIn,
    ProviderOut,
    ProviderPatch,
    SupportPersonIn,
    SupportPersonOut,
    SupportPersonPatch,
)
from safeplan.telehealth.services import people


def _record_consent(
    request: HttpRequest,
    client_id: int,
    model: type[Any],
    pk: int,
    keyword: str,
    payload: ConsentIn,
) -> tuple[Any, Any]:
    """A signed authorisation for a support person or provider (``keyword`` is how the service names it)."""
    client, holder = client_and_record(request, client_id, model, pk)
    people.record_consent(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        data=payload.dict(),
        **{keyword: holder},
    )
    return client, holder


def _revoke_consent(
    request: HttpRequest, client_id: int, model: type[Any], pk: int, keyword: str
) -> tuple[Any, Any]:
    """The consent in force stops now; returns the client and the holder as it is after the revocation."""
    client, holder = client_and_record(request, client_id, model, pk)
    people.revoke_consent(actor=request.user, client=client, **{keyword: holder})  # type: ignore[arg-type]
    holder.refresh_from_db()
    return client, holder


# --- support persons -------------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/support-persons",
    response=list[SupportPersonOut],
    summary="Support persons, each with the state of their consent",
)
def list_support_persons(request: HttpRequest, client_id: int) -> Any:
    client = client_of(request, client_id)
    rows = selectors.part_of_profile(request.user, client, "support_persons")
    return [serialise.person_as_dict(p, client) for p in rows]


@router.post(
    "/clients/{client_id}/support-persons",
    response={201: SupportPersonOut},
    summary="Add a support person (optionally with the signed release of information)",
)
def add_support_person(request: HttpRequest, client_id: int, payload: SupportPersonIn) -> Any:
    client = client_of(request, client_id)
    data = payload.dict(exclude_none=True)
    person = people.add_support_person(actor=request.user, client=client, data=data)  # type: ignore[arg-type]
    return Status(201, serialise.person_as_dict(person, client))


@router.patch(
    "/clients/{client_id}/support-persons/{person_id}",
    response=SupportPersonOut,
    summary="Change a support person's details",
)
def update_support_person(
    request: HttpRequest, client_id: int, person_id: int, payload: SupportPersonPatch
) -> Any:
    client, person = update_record(
        request,
        client_id,
        SupportPerson,
        person_id,
        payload,
        people.update_support_person,
        "person",
    )
    return serialise.person_as_dict(person, client)


@router.delete(
    "/clients/{client_id}/support-persons/{person_id}",
    response={204: None},
    summary="Archive a support person",
)
def archive_support_person(request: HttpRequest, client_id: int, person_id: int) -> Any:
    return archive_record(
        request, client_id, SupportPerson, person_id, people.archive_support_person, "person"
    )


@router.post(
    "/clients/{client_id}/support-persons/{person_id}/consent",
    response={201: SupportPersonOut},
    summary="Record a signed release of information for a support person",
)
def support_person_consent(
    request: HttpRequest, client_id: int, person_id: int, payload: ConsentIn
) -> Any:
    client, person = _record_consent(
        request, client_id, SupportPerson, person_id, "person", payload
    )
    return Status(201, serialise.person_as_dict(person, client))


@router.post(
    "/clients/{client_id}/support-persons/{person_id}/consent/revoke",
    response=SupportPersonOut,
    summary="The client revoked the release of information (takes effect now)",
)
def support_person_revoke(request: HttpRequest, client_id: int, person_id: int) -> Any:
    client, person = _revoke_consent(request, client_id, SupportPerson, person_id, "person")
    return serialise.person_as_dict(person, client)


# --- other providers -------------------------------------------------------------------------------------


@router.get(
    "/clients/{client_id}/providers",
    response=list[ProviderOut],
    summary="Other providers, each with the scope of the client's consent",
)
def list_providers(request: HttpRequest, client_id: int) -> Any:
    client = client_of(request, client_id)
    rows = selectors.part_of_profile(request.user, client, "providers")
    return [serialise.provider_as_dict(p, client) for p in rows]


@router.post(
    "/clients/{client_id}/providers",
    response={201: ProviderOut},
    summary="Add another provider",
)
def add_provider(request: HttpRequest, client_id: int, payload: ProviderIn) -> Any:
    client = client_of(request, client_id)
    data = payload.dict(exclude_none=True)
    provider = people.add_provider(actor=request.user, client=client, data=data)  # type: ignore[arg-type]
    return Status(201, serialise.provider_as_dict(provider, client))


@router.patch(
    "/clients/{client_id}/providers/{provider_id}",
    response=ProviderOut,
    summary="Change a provider's details",
)
def update_provider(
    request: HttpRequest, client_id: int, provider_id: int, payload: ProviderPatch
) -> Any:
    client, provider = update_record(
        request, client_id, OtherProvider, provider_id, payload, people.update_provider, "provider"
    )
    return serialise.provider_as_dict(provider, client)


@router.delete(
    "/clients/{client_id}/providers/{provider_id}",
    response={204: None},
    summary="Archive a provider",
)
def archive_provider(request: HttpRequest, client_id: int, provider_id: int) -> Any:
    return archive_record(
        request, client_id, OtherProvider, provider_id, people.archive_provider, "provider"
    )


@router.post(
    "/clients/{client_id}/providers/{provider_id}/consent",
    response={201: ProviderOut},
    summary="Record the client's consent to contact a provider",
)
def provider_consent(
    request: HttpRequest, client_id: int, provider_id: int, payload: ConsentIn
) -> Any:
    client, provider = _record_consent(
        request, client_id, OtherProvider, provider_id, "provider", payload
    )
    return Status(201, serialise.provider_as_dict(provider, client))


@router.post(
    "/clients/{client_id}/providers/{provider_id}/consent/revoke",
    response=ProviderOut,
    summary="The client revoked consent to contact a provider",
)
def provider_revoke(request: HttpRequest, client_id: int, provider_id: int) -> Any:
    client, provider = _revoke_consent(request, client_id, OtherProvider, provider_id, "provider")
    return serialise.provider_as_dict(provider, client)


# --- guardians, safe adults, excluded persons ------------------------------------------------------------


@router.get(
    "/clients/{client_id}/guardians",
    response=list[GuardianOut],
    summary="Legal guardians and safe adults of a minor",
)
def list_guardians(request: HttpRequest, client_id: int) -> Any:
    client = client_of(request, client_id)
    return selectors.part_of_profile(request.user, client, "guardians")


@router.post(
    "/clients/{client_id}/guardians",
    response={201: GuardianOut},
    summary="Add a legal guardian and/or safe adult",
)
def add_guardian(request: HttpRequest, client_id: int, payload: GuardianIn) -> Any:
    client = client_of(request, client_id)
    guardian = people.add_guardian(actor=request.user, client=client, data=payload.dict())  # type: ignore[arg-type]
    return Status(201, guardian)


@router.patch(
    "/clients/{client_id}/guardians/{guardian_id}",
    response=GuardianOut,
    summary="Change a guardian's or safe adult's details",
)
def update_guardian(
    request: HttpRequest, client_id: int, guardian_id: int, payload: GuardianPatch
) -> Any:
    _, guardian = update_record(
        request, client_id, Guardian, guardian_id, payload, people.update_guardian, "guardian"
    )
    return guardian


@router.delete(
    "/clients/{client_id}/guardians/{guardian_id}",
    response={204: None},
    summary="Archive a guardian or safe adult",
)
def archive_guardian(request: HttpRequest, client_id: int, guardian_id: int) -> Any:
    return archive_record(
        request, client_id, Guardian, guardian_id, people.archive_guardian, "guardian"
    )


@router.get(
    "/clients/{client_id}/excluded-persons",
    response=list[ExcludedOut],
    summary="People who must not be present at a minor's sessions",
)
def list_excluded(request: HttpRequest, client_id: int) -> Any:
    client = client_of(request, client_id)
    return selectors.part_of_profile(request.user, client, "excluded_persons")


@router.post(
    "/clients/{client_id}/excluded-persons",
    response={201: ExcludedOut},
    summary="Add an excluded person",
)
def add_excluded(request: HttpRequest, client_id: int, payload: ExcludedIn) -> Any:
    client = client_of(request, client_id)
    person = people.add_excluded_person(actor=request.user, client=client, data=payload.dict())  # type: ignore[arg-type]
    return Status(201, person)


@router.delete(
    "/clients/{client_id}/excluded-persons/{excluded_id}",
    response={204: None},
    summary="Remove an excluded person from the list",
)
def remove_excluded(request: HttpRequest, client_id: int, excluded_id: int) -> Any:
    return archive_record(
        request, client_id, ExcludedPerson, excluded_id, people.remove_excluded_person, "person"
    )
