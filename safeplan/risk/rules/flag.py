"""The risk flag: what a result implies and when software may change the flag (clinical-rules.md §12).

Mapping from results to the level they imply (documented in docs/risk.md):
- ASQ: acute_positive → high; non_acute_positive (incl. refusal) → moderate; negative → none (§4.2)
- C-SSRS screener: its level as-is (§3.2)
- PHQ-9: item 9 > 0 → low (at least), and a suicide-risk screen is prompted; otherwise none (§5.1)
- GAD-7: none (an anxiety measure implies no suicide-risk level)
- SAFE-T: the clinician's level as-is (§6)

Software only raises: a result raises the flag when it implies a higher level than the current one, and
never lowers it (PRODUCT.md: "software never silently lowers a level"). Only staff lower it, with a reason.
"""

from __future__ import annotations

from safeplan.risk.rules.base import LEVEL_RANK, LEVELS

__all__ = ["LEVELS", "LEVEL_RANK", "automatic_level", "check_manual_change", "is_lower"]


def is_lower(new: str, current: str) -> bool:
    return LEVEL_RANK[new] < LEVEL_RANK[current]


def automatic_level(current: str, implied: str) -> str | None:
    """The level software sets after a result implying ``implied``, or None to leave the flag alone."""
    return implied if LEVEL_RANK[implied] > LEVEL_RANK[current] else None


def check_manual_change(current: str, new: str, reason: str) -> str | None:
    """An error message for a clinician's change, or None when it is allowed.

    Any level may be set; lowering needs a reason (the clinical judgement that replaces the screen's).
    Setting the same level again is allowed as a re-confirmation and is kept in the history.
    """
    if new not in LEVEL_RANK:
        return "level must be none, low, moderate or high"
    if is_lower(new, current) and not reason.strip():
        return f"lowering the risk level from {current} to {new} requires a reason"
    return None
