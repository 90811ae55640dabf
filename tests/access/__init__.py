"""The access matrix: every URL and API operation, what each persona gets.

Each app adds a module here (``tests/access/<app>.py``) with a ``CASES`` list. ``test_access_matrix``
walks every URL pattern and every API operation and fails when one has no case, so a new endpoint cannot
land without saying who may use it.

Statuses: an int, or a tuple of acceptable ints. Conventions: anonymous API → 401, anonymous page → 302
to a login; anyone who may not see a client gets 404 (never 403); a role that may see the client but may
not do the action gets 403.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.factories import PERSONAS, World

Status = int | tuple[int, ...]


@dataclass
class Case:
    method: str
    path: (
        str  # a template, e.g. "/api/v1/clients/{client_id}"; keys come from World.ids and setup()
    )
    expect: dict[str, Status]
    body: dict[str, Any] | Callable[[World], dict[str, Any]] | None = None
    setup: Callable[[World], dict[str, Any]] | None = None
    kind: str = "api"  # "api" (bearer token) or "page" (browser session)
    query: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return (self.method.upper(), self.path)

    def check(self) -> None:
        missing = [p for p in PERSONAS if p not in self.expect]
        if missing:
            raise AssertionError(f"{self.method} {self.path}: no expectation for {missing}")


def all_cases() -> list[Case]:
    cases: list[Case] = []
    package = importlib.import_module("tests.access")
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"tests.access.{info.name}")
        cases.extend(getattr(module, "CASES", []))
    return cases


def staff_api(
    *,
    admin: Status = 404,
    supervisor: Status = 200,
    clinician: Status = 200,
    clinician_off: Status = 404,
    client: Status = 404,
    other_admin: Status = 404,
    anonymous: Status = 401,
) -> dict[str, Status]:
    """Expectations for a client-scoped staff API endpoint (the common shape)."""
    return {
        "anonymous": anonymous,
        "admin": admin,
        "supervisor": supervisor,
        "clinician": clinician,
        "clinician_off": clinician_off,
        "client": client,
        "other_admin": other_admin,
    }


def staff_page(
    *,
    admin: Status = 404,
    supervisor: Status = 200,
    clinician: Status = 200,
    clinician_off: Status = 404,
    client: Status = 404,
    other_admin: Status = 404,
    anonymous: Status = 302,
) -> dict[str, Status]:
    return staff_api(
        admin=admin,
        supervisor=supervisor,
        clinician=clinician,
        clinician_off=clinician_off,
        client=client,
        other_admin=other_admin,
        anonymous=anonymous,
    )
