"""The result every instrument returns, the error it raises, and answer-checking helpers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

LEVELS = ("none", "low", "moderate", "high")
LEVEL_RANK = {name: rank for rank, name in enumerate(LEVELS)}


class AnswerError(ValueError):
    """An answer set that cannot be scored. ``field`` names the answer (``answers.q5``)."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class ScreenResult:
    """A scored instrument.

    ``code``: the instrument's own result (ASQ disposition, PHQ-9/GAD-7 severity, C-SSRS or SAFE-T level).
    ``level``: the risk level this result implies for the client's risk flag (see ``flag.py``).
    ``positive``: a positive screen (the portal shows the client crisis resources at once).
    ``flags``: extra findings, e.g. ``item9_positive``, ``suicide_screen_prompted``, ``further_evaluation``.
    ``explanation``: one line per answer (or sum) that produced the result, e.g. ``q5 = yes → acute_positive``.
    ``complete``: False when answers are missing (the screener was stopped half-way). An incomplete result
    has no total and is never scored from guessed answers, but every safety item that was answered acts as
    it would in a complete one (PRODUCT.md "No safety answer is lost"; issue 12). ``missing`` names the
    items not answered, in the instrument's order.
    """

    instrument: str
    version: str
    code: str
    level: str
    positive: bool
    explanation: tuple[str, ...]
    total: int | None = None
    flags: tuple[str, ...] = field(default=())
    complete: bool = True
    missing: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "version": self.version,
            "code": self.code,
            "total": self.total,
            "level": self.level,
            "positive": self.positive,
            "flags": list(self.flags),
            "explanation": list(self.explanation),
            "complete": self.complete,
            "missing": list(self.missing),
        }


def require_mapping(answers: Any) -> Mapping[str, Any]:
    if not isinstance(answers, Mapping):
        raise AnswerError("answers must be an object of item → answer", field="answers")
    return answers


def reject_unknown(answers: Mapping[str, Any], known: Iterable[str]) -> None:
    allowed = set(known)
    unknown = sorted(str(k) for k in answers if k not in allowed)
    if unknown:
        raise AnswerError(
            f"{unknown[0]} is not an item of this instrument", field=f"answers.{unknown[0]}"
        )


def yes_no(answers: Mapping[str, Any], key: str) -> bool | None:
    """``True``/``False`` for "yes"/"no" (or a JSON boolean); ``None`` when the item is absent."""
    if key not in answers or answers[key] is None:
        return None
    value = answers[key]
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("yes", "no"):
        return value.strip().lower() == "yes"
    raise AnswerError(f"{key} must be yes or no", field=f"answers.{key}")


def require_some(answered: Iterable[object]) -> None:
    """An answer set with nothing answered is not a screener: there is nothing to store."""
    if not any(value is not None for value in answered):
        raise AnswerError("answer at least one item", field="answers")


def word(value: bool) -> str:
    return "yes" if value else "no"


def max_level(levels: Iterable[str]) -> str:
    return max(levels, key=LEVEL_RANK.__getitem__, default="none")
