"""People of the organisation (admins manage; supervisors read, e.g. to build care teams)."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from safeplan.accounts import people
from safeplan.lib.validation import Name, ShortText

router = Router(tags=["people"])

Jurisdiction = str


class StaffOut(Schema):
    id: int
    username: str
    display_name: str
    role: str
    is_active: bool
    email: str
    time_zone: str
    licensed_jurisdictions: list[str]
    mfa_enrolled: bool

    @staticmethod
    def resolve_mfa_enrolled(obj: Any) -> bool:
        from safeplan.accounts.middleware import has_totp

        return has_totp(obj)


class StaffIn(Schema):
    username: str = Field(min_length=3, max_length=150, pattern=r"^[\w.@+-]+$")
    password: str = Field(min_length=10, max_length=256)
    role: str = Field(pattern=r"^(admin|supervisor|clinician)$")
    display_name: Name
    email: str = Field(default="", max_length=254)
    licensed_jurisdictions: list[str] = Field(default_factory=list, max_length=60)


class StaffPatch(Schema):
    role: str | None = Field(default=None, pattern=r"^(admin|supervisor|clinician)$")
    is_active: bool | None = None
    display_name: ShortText | None = None
    email: str | None = Field(default=None, max_length=254)
    time_zone: str | None = Field(default=None, max_length=64)
    licensed_jurisdictions: list[str] | None = Field(default=None, max_length=60)


def _check_jurisdictions(values: list[str] | None) -> None:
    import re

    from safeplan.lib.errors import InvalidInput

    for value in values or []:
        if not re.fullmatch(people.JURISDICTION_PATTERN, value.upper()):
            raise InvalidInput(
                f"{value!r} is not a jurisdiction like US-MA or GB", field="licensed_jurisdictions"
            )


@router.get("/users", response=list[StaffOut], summary="Staff of the caller's organisation")
def list_users(request: HttpRequest) -> Any:
    return list(people.staff_visible_to(request.user))


@router.post("/users", response={201: StaffOut}, summary="Create a staff account (admins)")
def create_user(request: HttpRequest, payload: StaffIn) -> Any:
    _check_jurisdictions(payload.licensed_jurisdictions)
    people.staff_visible_to(request.user)
    user = people.create_staff(actor=request.user, data=payload.dict())  # type: ignore[arg-type]
    return Status(201, user)


@router.patch(
    "/users/{user_id}", response=StaffOut, summary="Change role, status or details (admins)"
)
def update_user(request: HttpRequest, user_id: int, payload: StaffPatch) -> Any:
    _check_jurisdictions(payload.licensed_jurisdictions)
    user = people.get_staff_for(request.user, user_id)
    return people.update_staff(
        actor=request.user, user=user, changes=payload.dict(exclude_unset=True)
    )  # type: ignore[arg-type]


@router.post(
    "/users/{user_id}/reset-mfa",
    response={204: None},
    summary="Remove a person's authenticators (admins)",
)
def reset_mfa(request: HttpRequest, user_id: int) -> Any:
    user = people.get_staff_for(request.user, user_id)
    people.reset_mfa(actor=request.user, user=user)  # type: ignore[arg-type]
    return Status(204, None)
