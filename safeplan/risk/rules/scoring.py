"""One entry point for every instrument: ``score(instrument, answers, variant=...)``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from safeplan.risk.rules.asq import score_asq
from safeplan.risk.rules.base import AnswerError, ScreenResult
from safeplan.risk.rules.bssa import score_bssa
from safeplan.risk.rules.cssrs import score_cssrs_screener
from safeplan.risk.rules.phq import score_gad7, score_phq9
from safeplan.risk.rules.phqa import score_phqa
from safeplan.risk.rules.safet import validate_safet

INSTRUMENTS: dict[str, Callable[[Any], ScreenResult]] = {
    "asq": score_asq,
    "phq9": score_phq9,
    "gad7": score_gad7,
    "cssrs_screener": score_cssrs_screener,
    "safet": validate_safet,
    "bssa": score_bssa,
    "phqa": score_phqa,
}
# Instruments a client may complete in the portal (SAFE-T is a clinician's formulation).
SELF_REPORT = ("phq9", "gad7", "asq", "cssrs_screener", "phqa")
SUICIDE_SCREENS = ("asq", "cssrs_screener")


def score(instrument: str, answers: Any, *, variant: str | None = None) -> ScreenResult:
    if instrument not in INSTRUMENTS:
        raise AnswerError(
            f"unknown instrument {instrument!r}; use one of {', '.join(INSTRUMENTS)}",
            field="instrument",
        )
    if instrument == "cssrs_screener":
        return score_cssrs_screener(answers, variant=variant or "lifetime_recent")
    if instrument == "bssa":
        return score_bssa(answers, variant=variant)
    if variant is not None:
        raise AnswerError("variant applies only to cssrs_screener and bssa", field="variant")
    return INSTRUMENTS[instrument](answers)
