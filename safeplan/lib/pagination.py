"""API list pagination with bounded ``limit`` and ``offset``.

django-ninja leaves ``offset`` unbounded, and an offset past 2**63 made the database fail (a 500 found by
schemathesis, tests/security/test_api_fuzz.py). Both values now have upper bounds, so a bad value is a 422
naming the parameter.
"""

from __future__ import annotations

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_LIMIT = 500
MAX_OFFSET = 10_000_000


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(getattr(settings, "NINJA_PAGINATION_PER_PAGE", 50), ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    def __init__(self, **kwargs: object) -> None:
        super().__init__(max_limit=MAX_LIMIT, **kwargs)  # type: ignore[arg-type]
