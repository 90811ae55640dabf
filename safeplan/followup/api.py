"""JSON API for followup (mounted under /api/v1/ by safeplan.api)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["followup"])
