"""The one ninja router of follow-up; ``api``, ``portal_api`` and ``me_api`` add their operations to it.

One router (rather than nested ones) keeps every operation visible to tooling that walks the API's
routers, such as the access matrix.
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["follow-up"])
