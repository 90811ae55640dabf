from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field, field_validator

from safeplan.lib import times
from safeplan.lib.validation import Country, Language, Name, ShortText, TimeZone


def _check_dob(value: dt.date) -> dt.date:
    if value > times.latest_date():
        raise ValueError("date of birth cannot be in the future")
    if value.year < 1900:
        raise ValueError("date of birth must be after 1900")
    return value


class ClientIn(Schema):
    first_name: Name
    last_name: Name
    preferred_name: ShortText = ""
    date_of_birth: dt.date
    pronouns: str = Field(default="", max_length=40)
    preferred_language: Language = "en"
    time_zone: TimeZone = "America/New_York"
    country: Country = "US"
    region: str = Field(default="", max_length=10, pattern=r"^[A-Za-z0-9-]*$")
    phone: str = Field(default="", max_length=32)
    email: str = Field(default="", max_length=254)

    _dob = field_validator("date_of_birth")(_check_dob)


class ClientPatch(Schema):
    first_name: Name | None = None
    last_name: Name | None = None
    preferred_name: ShortText | None = None
    date_of_birth: dt.date | None = None
    pronouns: str | None = Field(default=None, max_length=40)
    preferred_language: Language | None = None
    time_zone: TimeZone | None = None
    country: Country | None = None
    region: str | None = Field(default=None, max_length=10, pattern=r"^[A-Za-z0-9-]*$")
    phone: str | None = Field(default=None, max_length=32)
    email: str | None = Field(default=None, max_length=254)

    @field_validator("date_of_birth")
    @classmethod
    def _dob(cls, value: dt.date | None) -> dt.date | None:
        return None if value is None else _check_dob(value)


class CareTeamOut(Schema):
    clinician_id: int
    name: str
    primary: bool


class ClientOut(Schema):
    id: int
    record_number: str
    first_name: str
    last_name: str
    preferred_name: str
    display_name: str
    date_of_birth: dt.date
    age: int
    pronouns: str
    preferred_language: str
    time_zone: str
    country: str
    region: str
    phone: str
    email: str
    archived: bool
    portal_access: bool
    care_team: list[CareTeamOut]


class ClientListItem(Schema):
    id: int
    record_number: str
    display_name: str
    country: str
    region: str
    archived: bool

    @staticmethod
    def resolve_archived(obj: object) -> bool:
        return getattr(obj, "archived_at", None) is not None


class CareTeamIn(Schema):
    clinician_id: int
    primary: bool = False
