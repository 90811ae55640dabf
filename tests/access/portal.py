"""The client's own portal actions: quick exit (anyone; it ends whatever session there is) and the
language switch (the client only; staff have no portal record)."""

from __future__ import annotations

from tests.access import Case
from tests.factories import PERSONAS

EVERYONE_302 = dict.fromkeys(PERSONAS, 302)
CLIENT_ONLY = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "client": 302}

CASES = [
    Case("GET", "/portal/exit/", EVERYONE_302, kind="page"),
    Case("POST", "/portal/exit/", EVERYONE_302, kind="page"),
    Case("POST", "/portal/language/", CLIENT_ONLY, body={"language": "es"}, kind="page"),
]
