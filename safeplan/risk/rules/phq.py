"""PHQ-9 and GAD-7: verbatim text and scoring (clinical-rules.md §5).

Both are © Pfizer, released without copyright restriction; the attribution is kept and the items are not
altered (§5.2). Missing items are never prorated (§5.1: the manual's prorating rule was not retrieved): a
PHQ-9 or GAD-7 with items missing is an ``incomplete`` result with no total, whose safety item (PHQ-9
item 9) still acts (PRODUCT.md "No safety answer is lost").
"""

from __future__ import annotations

from typing import Any

from safeplan.risk.rules.base import (
    AnswerError,
    ScreenResult,
    reject_unknown,
    require_mapping,
    require_some,
)

ATTRIBUTION = (
    "Developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an "
    "educational grant from Pfizer Inc. No permission required to reproduce, translate, display or "
    "distribute."
)
RESPONSES = {
    0: "Not at all",
    1: "Several days",
    2: "More than half the days",
    3: "Nearly every day",
}
DIFFICULTY = {
    "not_difficult": "Not difficult at all",
    "somewhat_difficult": "Somewhat difficult",
    "very_difficult": "Very difficult",
    "extremely_difficult": "Extremely difficult",
}
DIFFICULTY_QUESTION = (
    "If you checked off any problems, how difficult have these problems made it for you to do your "
    "work, take care of things at home, or get along with other people?"
)

PHQ9_VERSION = "phq9-pfizer"
PHQ9_STEM = (
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
)
PHQ9_ITEMS = {
    "item1": "Little interest or pleasure in doing things",
    "item2": "Feeling down, depressed, or hopeless",
    "item3": "Trouble falling or staying asleep, or sleeping too much",
    "item4": "Feeling tired or having little energy",
    "item5": "Poor appetite or overeating",
    "item6": (
        "Feeling bad about yourself — or that you are a failure or have let yourself or your "
        "family down"
    ),
    "item7": (
        "Trouble concentrating on things, such as reading the newspaper or watching television"
    ),
    "item8": (
        "Moving or speaking so slowly that other people could have noticed? Or the opposite — "
        "being so fidgety or restless that you have been moving around a lot more than usual"
    ),
    "item9": "Thoughts that you would be better off dead or of hurting yourself in some way",
}
# (lowest total, code, label) — cut-points 5/10/15/20 (§5.1).
PHQ9_BANDS = (
    (0, "minimal", "0–4"),
    (5, "mild", "5–9"),
    (10, "moderate", "10–14"),
    (15, "moderately_severe", "15–19"),
    (20, "severe", "20–27"),
)
PHQ9_SCREEN_CUT = 10  # ≥10 is the commonly used screening cut-off (§5.1)

GAD7_VERSION = "gad7-pfizer"
GAD7_STEM = "Over the last 2 weeks, how often have you been bothered by the following problems?"
GAD7_ITEMS = {
    "item1": "Feeling nervous, anxious, or on edge",
    "item2": "Not being able to stop or control worrying",
    "item3": "Worrying too much about different things",
    "item4": "Trouble relaxing",
    "item5": "Being so restless that it is hard to sit still",
    "item6": "Becoming easily annoyed or irritable",
    "item7": "Feeling afraid as if something awful might happen",
}
GAD7_BANDS = (
    (0, "minimal", "0–4"),
    (5, "mild", "5–9"),
    (10, "moderate", "10–14"),
    (15, "severe", "15–21"),
)
GAD7_FURTHER_EVALUATION = 10  # ≥10 → further evaluation (Spitzer et al. 2006, §5.1)


def _items(answers: Any, items: dict[str, str]) -> tuple[dict[str, int], tuple[str, ...]]:
    """The answered items (each 0–3) and the items not answered, in the instrument's order."""
    answers = require_mapping(answers)
    reject_unknown(answers, (*items, "difficulty"))
    values: dict[str, int] = {}
    missing: list[str] = []
    for key in items:
        if key not in answers or answers[key] is None:
            missing.append(key)
            continue
        value = answers[key]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
            raise AnswerError(f"{key} must be a whole number from 0 to 3", field=f"answers.{key}")
        values[key] = value
    difficulty = answers.get("difficulty")
    if difficulty is not None and difficulty not in DIFFICULTY:
        raise AnswerError(
            f"difficulty must be one of {', '.join(DIFFICULTY)}", field="answers.difficulty"
        )
    require_some(values.values())
    return values, tuple(missing)


def _incomplete_lines(values: dict[str, int], missing: tuple[str, ...]) -> list[str]:
    """Why there is no total: the answered sum is only a lower bound, and nothing is prorated (§5.1)."""
    answered = ", ".join(f"{k} = {v}" for k, v in values.items())
    return [
        f"answered: {answered}",
        f"not answered: {', '.join(missing)} → incomplete: no total and no severity "
        "(nothing is prorated or guessed)",
    ]


def _band(total: int, bands: tuple[tuple[int, str, str], ...]) -> tuple[str, str]:
    code, label = bands[0][1], bands[0][2]
    for lowest, band_code, band_label in bands:
        if total >= lowest:
            code, label = band_code, band_label
    return code, label


def _sum_line(values: dict[str, int]) -> str:
    parts = " + ".join(str(v) for v in values.values())
    return f"items 1–{len(values)} sum to {sum(values.values())} ({parts})"


def score_phq9(answers: Any) -> ScreenResult:
    """Score a PHQ-9: ``item1``…``item9`` each 0–3, optional ``difficulty`` (not scored).

    Total 0–27; severity minimal 0–4, mild 5–9, moderate 10–14, moderately_severe 15–19, severe 20–27.
    ``item9_positive`` when item 9 > 0: a suicide-risk screen (ASQ or C-SSRS) is prompted for the clinician
    whatever the total (§5.1; item 9 is not itself the suicide screen). Implied risk level: ``low`` when
    item 9 > 0, else ``none`` (depression severity alone does not set the suicide-risk flag).

    Incomplete (some items not answered; PRODUCT.md "No safety answer is lost"): code ``incomplete``, no
    total and no severity (§5.1: the manual's prorating rule was not retrieved, so no total is computed),
    but item 9 > 0 acts exactly as in a complete PHQ-9 (prompt + at least low). When the answered items
    already sum to ≥ 10 the total is ≥ 10 whatever the rest, so ``screen_positive`` holds too. An
    unanswered item 9 is flagged ``item9_not_answered`` so the clinician asks it.
    """
    values, missing = _items(answers, PHQ9_ITEMS)
    answered_sum = sum(values.values())
    item9 = values.get("item9")
    flags: list[str] = []
    level = "none"
    if missing:
        code, total = "incomplete", None
        explanation = _incomplete_lines(values, missing)
    else:
        total = answered_sum
        code, band = _band(total, PHQ9_BANDS)
        explanation = [_sum_line(values), f"total {total} is in {band} → {code}"]
    if item9 is not None and item9 > 0:
        flags += ["item9_positive", "suicide_screen_prompted"]
        level = "low"
        explanation.append(
            f"item9 = {item9} (> 0) → item9_positive: a suicide-risk screen (ASQ or "
            "C-SSRS) is prompted whatever the total; implies at least low risk"
        )
    if answered_sum >= PHQ9_SCREEN_CUT:
        flags.append("screen_positive")
        if missing:
            explanation.append(
                f"answered items already sum to {answered_sum} (≥ {PHQ9_SCREEN_CUT}) → "
                "screen_positive whatever the rest"
            )
    if missing:
        if item9 is None:
            flags.append("item9_not_answered")
            explanation.append("item9 not answered → ask it: it is the PHQ-9's suicide item")
        flags.append("incomplete")
    return ScreenResult(
        instrument="phq9",
        version=PHQ9_VERSION,
        code=code,
        total=total,
        level=level,
        positive=(item9 or 0) > 0 or answered_sum >= PHQ9_SCREEN_CUT,
        flags=tuple(flags),
        explanation=tuple(explanation),
        complete=not missing,
        missing=missing,
    )


def score_gad7(answers: Any) -> ScreenResult:
    """Score a GAD-7: ``item1``…``item7`` each 0–3, optional ``difficulty`` (not scored).

    Total 0–21; severity minimal 0–4, mild 5–9, moderate 10–14, severe 15–21 (cut-points 5/10/15);
    ``further_evaluation`` when total ≥ 10 (§5.1). Implies no suicide-risk level.
    Incomplete: code ``incomplete``, no total; ``further_evaluation`` still when the answered items
    already sum to ≥ 10 (the total cannot be lower).
    """
    values, missing = _items(answers, GAD7_ITEMS)
    answered_sum = sum(values.values())
    if missing:
        code, total = "incomplete", None
        explanation = _incomplete_lines(values, missing)
    else:
        total = answered_sum
        code, band = _band(total, GAD7_BANDS)
        explanation = [_sum_line(values), f"total {total} is in {band} → {code}"]
    flags: list[str] = []
    if answered_sum >= GAD7_FURTHER_EVALUATION:
        flags.append("further_evaluation")
        explanation.append(
            f"answered items already sum to {answered_sum} (≥ 10) → further_evaluation"
            if missing
            else f"total {total} ≥ 10 → further_evaluation"
        )
    if missing:
        flags.append("incomplete")
    return ScreenResult(
        instrument="gad7",
        version=GAD7_VERSION,
        code=code,
        total=total,
        level="none",
        positive=answered_sum >= GAD7_FURTHER_EVALUATION,
        flags=tuple(flags),
        explanation=tuple(explanation),
        complete=not missing,
        missing=missing,
    )
