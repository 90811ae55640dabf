"""Per-organisation settings with defaults in code ([C] values from clinical-rules.md).

Each app passes its own default, so the defaults live next to the rule that uses them:
``org_setting(org, "plans.review_days", 30)``. An organisation overrides a value by storing it in
``Organisation.policy`` under the same dotted key.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")


def org_setting(organisation: Any, key: str, default: T) -> T:
    policy = getattr(organisation, "policy", None) or {}
    value = policy.get(key, default)
    if type(default) is not type(value) and not (
        isinstance(default, float) and isinstance(value, int)
    ):
        return default
    return value  # type: ignore[no-any-return,return-value]
