"""C-SSRS screener logic by item number (clinical-rules.md §3).

Columbia's item wording is not shipped (§3.3: free for clinical use, but not open-licensed). Items are
identified by number with our own one-line description of each construct; a clinic that holds the official
text loads it for its organisation (``risk.models.InstrumentText``) with its copyright notice.

Skip logic (§3.1): items 1 and 2 are always asked; items 3–5 only when item 2 is yes; item 6 always; the
recency follow-up ``6_recent`` (within the past 3 months) only when item 6 is yes. The "since last
contact" variant asks no recency question: a positive item 6 is recent by construction.
Triage (§3.2): high = yes to 4 or 5, or recent behaviour; moderate = yes to 3, or behaviour more than
3 months ago; low = yes to 1 and/or 2 only; none = all no. The highest positive answer wins.
"""

from __future__ import annotations

from typing import Any

from safeplan.risk.rules.base import (
    AnswerError,
    ScreenResult,
    max_level,
    reject_unknown,
    require_mapping,
    require_some,
    word,
    yes_no,
)

VARIANTS = {
    "lifetime_recent": "cssrs-screener-lifetime-recent",
    "since_last_contact": "cssrs-screener-since-last-contact",
}
# Our own descriptions of the constructs (§3.1 table), not Columbia's wording.
CONSTRUCTS = {
    "1": "Passive wish to be dead or not to wake up",
    "2": "Non-specific active suicidal thoughts",
    "3": "Active suicidal ideation with a method in mind, without intent to act",
    "4": "Active suicidal ideation with some intent to act, without a specific plan",
    "5": "Active suicidal ideation with a specific plan and intent",
    "6": (
        "Suicidal behaviour: an actual, interrupted or aborted attempt, or a preparatory act "
        "(e.g. collecting pills, getting a gun, giving things away, writing a note)"
    ),
    "6_recent": "The behaviour in item 6 was within the past 3 months",
}
LOOKBACK = {
    "lifetime_recent": {"ideation": "past month", "behaviour": "lifetime, then past 3 months"},
    "since_last_contact": {"ideation": "since last contact", "behaviour": "since last contact"},
}
NOTICE = (
    "C-SSRS screener logic implemented by item number. The official item wording is © The Research "
    "Foundation for Mental Hygiene, Inc. and is not included; your organisation can load it."
)
ITEM_LEVEL = {"1": "low", "2": "low", "3": "moderate", "4": "high", "5": "high"}


def score_cssrs_screener(answers: Any, *, variant: str = "lifetime_recent") -> ScreenResult:
    """Score the C-SSRS screener: items ``"1"``…``"6"`` yes/no and ``"6_recent"`` (see module docstring).

    Incomplete (items the skip logic asks were not answered; issue 12 "No safety answer is lost"): stored
    with the answers given; every "yes" that was answered counts exactly as in a complete screener, so
    the level is at least the highest answered one; a "yes" to item 6 whose recency was not answered
    counts as recent (high) until it is asked. With no "yes" the code is ``incomplete``, not none.
    """
    if variant not in VARIANTS:
        raise AnswerError(f"variant must be one of {', '.join(VARIANTS)}", field="variant")
    answers = require_mapping(answers)
    recency_asked = variant == "lifetime_recent"
    reject_unknown(answers, [*ITEM_LEVEL, "6", *(["6_recent"] if recency_asked else [])])
    items = {key: yes_no(answers, key) for key in ("1", "2", "3", "4", "5", "6")}
    recent = yes_no(answers, "6_recent") if recency_asked else None
    require_some([*items.values(), recent])
    missing = [key for key in ("1", "2") if items[key] is None]
    if items["2"]:
        missing += [key for key in ("3", "4", "5") if items[key] is None]
    elif items["2"] is False:
        for key in ("3", "4", "5"):
            if items[key] is not None:
                raise AnswerError(
                    f"item {key} is asked only when item 2 is yes; item 2 is no",
                    field=f"answers.{key}",
                )
    if items["6"] is None:
        missing.append("6")
    if recency_asked:
        if items["6"] and recent is None:
            missing.append("6_recent")
        if items["6"] is False and recent is not None:
            raise AnswerError("6_recent is asked only when item 6 is yes", field="answers.6_recent")

    found: list[tuple[str, str]] = []  # (level, explanation line)
    for key, level in ITEM_LEVEL.items():
        if items[key]:
            found.append((level, f"item {key} = yes → {level}"))
    if items["6"]:
        if not recency_asked:
            found.append(
                ("high", "item 6 = yes since last contact → high (recent by construction)")
            )
        elif recent:
            found.append(("high", "item 6 = yes and 6_recent = yes (within 3 months) → high"))
        elif recent is None:
            found.append(
                ("high", "item 6 = yes and 6_recent not answered → high until the recency is asked")
            )
        else:
            found.append(
                ("moderate", "item 6 = yes and 6_recent = no (more than 3 months ago) → moderate")
            )
    tail = [f"not answered: {', '.join(missing)} → incomplete"] if missing else []
    flags = ("incomplete",) if missing else ()
    if not found:
        asked = [key for key, value in items.items() if value is not None]
        code = "incomplete" if missing else "none"
        no_line = f"items {', '.join(asked)} = no → {code}" if asked else "no item = yes"
        return ScreenResult(
            instrument="cssrs_screener",
            version=VARIANTS[variant],
            code=code,
            level="none",
            positive=False,
            flags=flags,
            explanation=(no_line, *tail),
            complete=not missing,
            missing=tuple(missing),
        )
    level = max_level(lvl for lvl, _ in found)
    order = {"high": 0, "moderate": 1, "low": 2}
    lines = [line for _, line in sorted(found, key=lambda f: order[f[0]])]
    if items["2"] is False:
        lines.append(f"item 2 = {word(False)} → items 3–5 not asked")
    summary = "highest answered yes → at least" if missing else "highest positive answer →"
    return ScreenResult(
        instrument="cssrs_screener",
        version=VARIANTS[variant],
        code=level,
        level=level,
        positive=True,
        flags=flags,
        explanation=(*lines, f"{summary} {level}", *tail),
        complete=not missing,
        missing=tuple(missing),
    )
