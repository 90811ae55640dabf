"""JSON API for records (mounted under /api/v1/ by safeplan.api)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["records"])
