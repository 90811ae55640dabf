"""The crisis-language screen on a labelled example set: precision and recall printed, floors enforced.

Labels are the clinical truth. ``KNOWN_MISTAKES`` lists the examples the phrase list gets wrong today,
so the printed numbers are honest; when the list improves, the per-example test fails and the entry is
removed from ``KNOWN_MISTAKES``.
"""

from __future__ import annotations

import pytest

from safeplan.followup import crisis_language
from tests.followup.crisis_examples import EXAMPLES

KNOWN_MISTAKES = {
    "I'm thinking about jumping off a bridge",  # missed: "jumping" is not a listed form
    "We watched a movie about a suicide squad of heroes",  # false alarm on "suicide"
}


@pytest.mark.parametrize(("language", "text", "label"), EXAMPLES)
def test_each_example(language: str, text: str, label: bool) -> None:
    flagged = bool(crisis_language.screen(text))
    if text in KNOWN_MISTAKES:
        assert flagged is not label, f"now right: remove from KNOWN_MISTAKES: {text}"
    else:
        assert flagged is label, text


def _score(rows: list[tuple[str, str, bool]]) -> tuple[float, float, int, int, int]:
    tp = fp = fn = 0
    for _lang, text, label in rows:
        flagged = bool(crisis_language.screen(text))
        tp += flagged and label
        fp += flagged and not label
        fn += label and not flagged
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return precision, recall, tp, fp, fn


def test_precision_and_recall(capsys: pytest.CaptureFixture[str]) -> None:
    lines = []
    for language in ("en", "es", "all"):
        rows = [r for r in EXAMPLES if language in ("all", r[0])]
        precision, recall, tp, fp, fn = _score(rows)
        lines.append(
            f"crisis language [{language}]: n={len(rows)} precision={precision:.3f} "
            f"recall={recall:.3f} (tp={tp} fp={fp} fn={fn})"
        )
        assert precision >= 0.95, lines[-1]
        assert recall >= 0.95, lines[-1]
    with capsys.disabled():
        print("\n" + "\n".join(lines))  # noqa: T201 - the issue asks for the numbers


def test_matches_name_categories_not_words() -> None:
    codes = crisis_language.categories(crisis_language.screen("I want to die and I cut myself"))
    assert codes == ["en:self_harm", "en:suicidal_thoughts"]


def test_accents_and_curly_apostrophes_do_not_hide_a_phrase() -> None:
    assert crisis_language.screen("I don\u2019t want to live")
    assert crisis_language.screen("QUIERO MORÍR")


def test_empty_text() -> None:
    assert crisis_language.screen("") == []
