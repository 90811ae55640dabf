"""JSON API for the telehealth emergency plan (mounted under /api/v1/ by safeplan.api).

One router; the operations live in ``profile`` (locations, local resources, backup plan, boundaries),
``people`` (support persons, consent, providers, guardians, excluded persons) and ``sessions`` (sessions,
the start-of-session gate, the emergency card). Every client-scoped operation starts with
``get_client_for`` (404 for anyone who may not see the client).
"""

from safeplan.telehealth.api import people, profile, sessions  # noqa: F401  (registers operations)
from safeplan.telehealth.api.base import router

__all__ = ["router"]
