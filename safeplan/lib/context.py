from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def safeplan_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "SAFEPLAN_MODE": settings.MODE,
        "is_staff_user": bool(
            user and user.is_authenticated and getattr(user, "is_staff_role", False)
        ),
    }
