"""Pure scoring rules for the risk instruments (no Django imports).

Each ``score_*`` function takes the raw answers as a dict (as stored and as sent to the API) and returns a
``ScreenResult`` whose ``explanation`` lists the answers that produced the result, or raises
``AnswerError`` naming the offending answer. Nothing is prorated or guessed: a result with items missing is
``complete=False`` (code ``incomplete`` or the positive result its answered safety items imply; issue 12).

- ASQ: ``asq.score_asq`` (clinical-rules.md §4)
- PHQ-9: ``phq.score_phq9``; GAD-7: ``phq.score_gad7`` (§5.1)
- C-SSRS screener logic by item number: ``cssrs.score_cssrs_screener`` (§3)
- ASQ Brief Suicide Safety Assessment: ``bssa.score_bssa`` (NIMH toolkit; §4.2)
- PHQ-A (adolescents): ``phqa.score_phqa`` (Johnson et al. 2002; GLAD-PC scoring)
- SAFE-T formulation structure: ``safet.validate_safet`` (§6)
- The next actions for each result: ``pathways.pathway_for`` (NIMH ASQ pathway §4.2, Columbia §3.2,
  SAFE-T §6; issue 11)
- The risk flag: ``flag`` (§12; PRODUCT.md "software never silently lowers a level")
"""

from __future__ import annotations

from safeplan.risk.rules.asq import score_asq
from safeplan.risk.rules.base import AnswerError, ScreenResult
from safeplan.risk.rules.cssrs import score_cssrs_screener
from safeplan.risk.rules.phq import score_gad7, score_phq9
from safeplan.risk.rules.safet import validate_safet
from safeplan.risk.rules.scoring import INSTRUMENTS, score

__all__ = [
    "INSTRUMENTS",
    "AnswerError",
    "ScreenResult",
    "score",
    "score_asq",
    "score_cssrs_screener",
    "score_gad7",
    "score_phq9",
    "validate_safet",
]
