"""PHQ-A (PHQ-9 modified for adolescents): verbatim text and scoring.

Sources: Johnson JG, Harris ES, Spitzer RL, Williams JBW. The Patient Health Questionnaire for
Adolescents: validation of an instrument for the assessment of mental disorders among adolescent
primary care patients. J Adolesc Health 2002;30(3):196-204 (the form as reproduced in the NIMH ASQ
toolkit, https://www.nimh.nih.gov/research/research-conducted-at-nimh/asq-toolkit-materials/asq-tool/
phq-9-modified-for-adolescents-phq-a); scoring instructions "Scoring the PHQ-9 modified for Teens"
(GLAD-PC, Guidelines for Adolescent Depression in Primary Care, version 2, 2010):

- total = items 1–9 (0–3 each), 0–27: 0–4 no or minimal, 5–9 mild, 10–14 moderate, 15–19 moderately
  severe, 20–27 severe depression;
- "A total PHQ-9 score > 10 has a good sensitivity and specificity for MDD" → ``screen_positive`` when
  the total is 11 or more (Richardson et al., Pediatrics 2010;126:1117, found 11 the optimal cut-point
  in adolescents);
- "All positive answers to question 9 as well as the two additional suicide items MUST be followed up
  by a clinical interview" → item 9 > 0, a yes to serious thoughts of ending one's life in the past
  month, or a yes to a lifetime suicide attempt each act as PHQ-9 item 9 does (clinical-rules.md §5.1):
  a suicide-risk screen is prompted (``suicide_screen_prompted``) and the result implies at least
  ``low`` risk; the flags name which item did it.
- The dysthymia question ("In the past year …") and the difficulty question are recorded, not scored.

A PHQ-A with items missing is stored as incomplete, as the PHQ-9 is (no total, nothing prorated; the
answered safety items still act). For clients under 18 only: the service refuses a PHQ-A for an adult
(the PHQ-9 applies).

Licensing: the PHQ family is released by Pfizer "without copyright restriction and at no charge" ("No
permission required to reproduce, translate, display or distribute", §5.2); the adolescent form is
distributed free by NIMH in its public ASQ toolkit. The wording is kept unaltered with the attribution
below. [V] confirm with the rights holder before release, as §13 asks for every instrument.
"""

from __future__ import annotations

from typing import Any

from safeplan.risk.rules.base import (
    AnswerError,
    ScreenResult,
    reject_unknown,
    require_mapping,
    require_some,
    word,
)
from safeplan.risk.rules.base import yes_no as _yes_no
from safeplan.risk.rules.phq import DIFFICULTY, PHQ9_BANDS, RESPONSES

VERSION = "phqa-johnson-2002"
ATTRIBUTION = (
    "PHQ-9 modified for Adolescents (PHQ-A). Johnson JG, Harris ES, Spitzer RL, Williams JBW, J Adolesc "
    "Health 2002;30:196-204; modified from the PHQ-9 (Spitzer, Williams, Kroenke and colleagues, with an "
    "educational grant from Pfizer Inc.). As distributed in the NIMH ASQ toolkit."
)
STEM = (
    "How often have you been bothered by each of the following symptoms during the past two weeks? "
    "For each symptom put an “X” in the box beneath the answer that best describes how you have been "
    "feeling."
)
ITEMS = {
    "item1": "Feeling down, depressed, irritable, or hopeless?",
    "item2": "Little interest or pleasure in doing things?",
    "item3": "Trouble falling asleep, staying asleep, or sleeping too much?",
    "item4": "Poor appetite, weight loss, or overeating?",
    "item5": "Feeling tired, or having little energy?",
    "item6": (
        "Feeling bad about yourself – or feeling that you are a failure, or that you have let "
        "yourself or your family down?"
    ),
    "item7": "Trouble concentrating on things like school work, reading, or watching TV?",
    "item8": (
        "Moving or speaking so slowly that other people could have noticed? Or the opposite – being "
        "so fidgety or restless that you were moving around a lot more than usual?"
    ),
    "item9": "Thoughts that you would be better off dead, or of hurting yourself in some way?",
}
PAST_YEAR_QUESTION = (
    "In the past year have you felt depressed or sad most days, even if you felt okay sometimes?"
)
DIFFICULTY_QUESTION = (
    "If you are experiencing any of the problems on this form, how difficult have these problems made "
    "it for you to do your work, take care of things at home or get along with other people?"
)
SUICIDE_ITEMS = {
    "serious_thoughts_past_month": (
        "Has there been a time in the past month when you have had serious thoughts about ending "
        "your life?"
    ),
    "attempt_ever": (
        "Have you EVER, in your WHOLE LIFE, tried to kill yourself or made a suicide attempt?"
    ),
}
BAND_LABELS = {
    "minimal": "No or minimal depression",
    "mild": "Mild depression",
    "moderate": "Moderate depression",
    "moderately_severe": "Moderately severe depression",
    "severe": "Severe depression",
}
SCREEN_ABOVE = (
    10  # "a total score > 10" (GLAD-PC); 11 is the adolescent cut-point (Richardson 2010)
)
RESPONSE_LABELS = RESPONSES
KNOWN = (*ITEMS, *SUICIDE_ITEMS, "past_year", "difficulty")


def score_phqa(answers: Any) -> ScreenResult:
    """Score a PHQ-A: ``item1``…``item9`` 0–3, ``serious_thoughts_past_month`` and ``attempt_ever`` yes/no,
    ``past_year`` yes/no and ``difficulty`` optional. See the module docstring.

    Incomplete (an item or a suicide item not answered; PRODUCT.md "No safety answer is lost", as for the
    PHQ-9): code ``incomplete``, no total and no severity, but every answered safety item acts as in a
    complete PHQ-A; an unanswered suicide item is flagged ``<item>_not_answered`` so the clinician asks it.
    """
    answers = require_mapping(answers)
    reject_unknown(answers, KNOWN)
    values: dict[str, int] = {}
    missing: list[str] = []
    for key in ITEMS:
        value = answers.get(key)
        if value is None:
            missing.append(key)
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 3:
            raise AnswerError(f"{key} must be a whole number from 0 to 3", field=f"answers.{key}")
        values[key] = value
    suicide = {key: _yes_no(answers, key) for key in SUICIDE_ITEMS}
    missing += [key for key, value in suicide.items() if value is None]
    _yes_no(answers, "past_year")
    difficulty = answers.get("difficulty")
    if difficulty is not None and difficulty not in DIFFICULTY:
        raise AnswerError(
            f"difficulty must be one of {', '.join(DIFFICULTY)}", field="answers.difficulty"
        )
    require_some([*values.values(), *suicide.values()])

    flags: list[str] = []
    if missing:
        total = None
        code = "incomplete"
        answered = ", ".join(
            [f"{k} = {v}" for k, v in values.items()]
            + [f"{k} = {word(v)}" for k, v in suicide.items() if v is not None]
        )
        explanation = [
            f"answered: {answered}",
            f"not answered: {', '.join(missing)} → incomplete: no total and no severity "
            "(nothing is prorated or guessed)",
        ]
        flags += [f"{key}_not_answered" for key in ("item9", *SUICIDE_ITEMS) if key in missing]
    else:
        total = sum(values.values())
        code = PHQ9_BANDS[0][1]
        band = PHQ9_BANDS[0][2]
        for lowest, band_code, band_label in PHQ9_BANDS:
            if total >= lowest:
                code, band = band_code, band_label
        parts = " + ".join(str(v) for v in values.values())
        explanation = [
            f"items 1–9 sum to {total} ({parts})",
            f"total {total} is in {band} → {code} ({BAND_LABELS[code]})",
        ]
    found: list[str] = []
    if values.get("item9", 0) > 0:
        found.append("item9_positive")
        explanation.append(f"item9 = {values['item9']} (> 0) → item9_positive")
    for key, value in suicide.items():
        if value:
            found.append(f"{key}_positive")
            explanation.append(f"{key} = {word(True)} → {key}_positive")
    level = "none"
    if found:
        found.append("suicide_screen_prompted")
        level = "low"
        explanation.append(
            "a suicide item is positive → it must be followed up by a clinical interview: a "
            "suicide-risk screen (ASQ or C-SSRS) is prompted whatever the total; implies at least low "
            "risk"
        )
    # The answered items alone already exceed 10: the total would too, whatever the rest.
    above = sum(values.values()) > SCREEN_ABOVE
    if above:
        found.append("screen_positive")
        explanation.append(
            f"total {'≥ ' if missing else ''}{sum(values.values())} > {SCREEN_ABOVE} → screen_positive"
        )
    return ScreenResult(
        instrument="phqa",
        version=VERSION,
        code=code,
        total=total,
        level=level,
        positive=level != "none" or above,
        flags=tuple(found + flags),
        explanation=tuple(explanation),
        complete=not missing,
        missing=tuple(missing),
    )
