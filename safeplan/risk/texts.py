"""What each instrument looks like on a form: item text, answer options, attribution.

ASQ, the ASQ BSSA, PHQ-9, PHQ-A and GAD-7 are shipped in English, verbatim with their attribution
(clinical-rules.md §4.3, §5.2; rules/bssa.py, rules/phqa.py).
No Spanish item text is shipped: we do not hold the official translations verbatim, and a validated
instrument is never translated by us. A clinic that holds an official translation (or, for the C-SSRS,
Columbia's wording) loads it as ``InstrumentText``; it is then shown with its copyright notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from safeplan.risk.models import InstrumentText
from safeplan.risk.rules import asq, bssa, cssrs, phq, phqa, safet

TITLES = {
    "asq": "Ask Suicide-Screening Questions (ASQ)",
    "phq9": "Patient Health Questionnaire (PHQ-9)",
    "gad7": "Generalized Anxiety Disorder (GAD-7)",
    "cssrs_screener": "C-SSRS screener",
    "safet": "SAFE-T formulation",
    "bssa": "ASQ Brief Suicide Safety Assessment (BSSA)",
    "phqa": "PHQ-9 modified for Adolescents (PHQ-A)",
}
SCALE_KEYS = ("r0", "r1", "r2", "r3")


def text_keys(instrument: str) -> tuple[str, ...] | None:
    """The keys an organisation's official text must provide for ``instrument`` (None: unknown)."""
    if instrument == "asq":
        return tuple(asq.ITEMS)
    if instrument in ("phq9", "gad7"):
        items = phq.PHQ9_ITEMS if instrument == "phq9" else phq.GAD7_ITEMS
        return ("stem", *items, *SCALE_KEYS, "difficulty_question", *phq.DIFFICULTY)
    if instrument == "cssrs_screener":
        return tuple(cssrs.CONSTRUCTS)
    if instrument == "phqa":
        return (
            "stem",
            *phqa.ITEMS,
            *SCALE_KEYS,
            "past_year",
            "difficulty_question",
            *phq.DIFFICULTY,
            *phqa.SUICIDE_ITEMS,
        )
    return None


def official_text(organisation: Any, instrument: str, language: str) -> InstrumentText | None:
    if organisation is None:
        return None
    return (
        InstrumentText.objects.filter(
            organisation_id=organisation.pk, instrument=instrument, language=language
        )
        .order_by("-loaded_at", "-id")
        .first()
    )


@dataclass
class Item:
    key: str
    text: str
    kind: str  # "scale" (0–3), "yes_no", "choice"
    options: list[tuple[str, str]] = field(default_factory=list)
    optional: bool = False


@dataclass
class InstrumentForm:
    instrument: str
    title: str
    language: str  # the language the item text is in
    stem: str
    items: list[Item]
    attribution: str
    official_text_loaded: bool = False
    version_label: str = ""
    missing_translation: bool = False  # asked for a language we have no official text in


def _scale_options(text: dict[str, str] | None) -> list[tuple[str, str]]:
    return [
        (str(value), f"{(text or {}).get(f'r{value}') or label} ({value})")
        for value, label in phq.RESPONSES.items()
    ]


def _phq_form(instrument: str, org_text: InstrumentText | None) -> InstrumentForm:
    items = phq.PHQ9_ITEMS if instrument == "phq9" else phq.GAD7_ITEMS
    stem = phq.PHQ9_STEM if instrument == "phq9" else phq.GAD7_STEM
    text = org_text.items if org_text else None
    scale = _scale_options(text)
    form_items = [
        Item(key, (text or {}).get(key) or wording, "scale", scale)
        for key, wording in items.items()
    ]
    difficulty = [(k, (text or {}).get(k) or label) for k, label in phq.DIFFICULTY.items()]
    form_items.append(
        Item(
            "difficulty",
            (text or {}).get("difficulty_question") or phq.DIFFICULTY_QUESTION,
            "choice",
            difficulty,
            optional=True,
        )
    )
    return InstrumentForm(
        instrument=instrument,
        title=TITLES[instrument],
        language=org_text.language if org_text else "en",
        stem=(text or {}).get("stem") or stem,
        items=form_items,
        attribution=(org_text.copyright_notice if org_text and org_text.copyright_notice else "")
        or phq.ATTRIBUTION,
        official_text_loaded=org_text is not None,
        version_label=org_text.version if org_text else "",
    )


REFUSED_LABEL = "Refused to answer"


def _asq_form(org_text: InstrumentText | None) -> InstrumentForm:
    text = org_text.items if org_text else {}
    # A refusal is recorded per item (issue 12): a refused q1–q4 is a positive screen, a refused q5
    # counts as acute until a clinician asks it (asq.score_asq).
    yes_no = [("yes", "Yes"), ("no", "No"), ("refused", REFUSED_LABEL)]
    return InstrumentForm(
        instrument="asq",
        title=TITLES["asq"],
        language=org_text.language if org_text else "en",
        stem=asq.INSTRUCTIONS,
        items=[
            Item(key, text.get(key) or wording, "yes_no", yes_no, optional=key == "q5")
            for key, wording in asq.ITEMS.items()
        ],
        attribution=(org_text.copyright_notice if org_text and org_text.copyright_notice else "")
        or asq.ATTRIBUTION,
        official_text_loaded=org_text is not None,
        version_label=org_text.version if org_text else "",
    )


def _cssrs_form(org_text: InstrumentText | None) -> InstrumentForm:
    text = org_text.items if org_text else {}
    yes_no = [("yes", "Yes"), ("no", "No")]
    items = [
        Item(
            key,
            text.get(key) or (f"Follow-up to 6: {construct}" if key == "6_recent" else construct),
            "yes_no",
            yes_no,
            optional=key in ("3", "4", "5", "6_recent"),
        )
        for key, construct in cssrs.CONSTRUCTS.items()
    ]
    return InstrumentForm(
        instrument="cssrs_screener",
        title=TITLES["cssrs_screener"],
        language=org_text.language if org_text else "en",
        stem=(
            "Ideation items look back over the past month; behaviour asks lifetime, then the past "
            "3 months. Ask items 3–5 only when item 2 is yes."
        ),
        items=items,
        attribution=org_text.copyright_notice if org_text else cssrs.NOTICE,
        official_text_loaded=org_text is not None,
        version_label=org_text.version if org_text else "",
    )


def _phqa_form(org_text: InstrumentText | None) -> InstrumentForm:
    text = org_text.items if org_text else {}
    scale = _scale_options(text)
    yes_no = [("yes", "Yes"), ("no", "No")]
    items = [
        Item(key, text.get(key) or wording, "scale", scale) for key, wording in phqa.ITEMS.items()
    ]
    items.append(
        Item("past_year", text.get("past_year") or phqa.PAST_YEAR_QUESTION, "yes_no", yes_no, True)
    )
    items.append(
        Item(
            "difficulty",
            text.get("difficulty_question") or phqa.DIFFICULTY_QUESTION,
            "choice",
            [(k, text.get(k) or label) for k, label in phq.DIFFICULTY.items()],
            optional=True,
        )
    )
    items += [
        Item(key, text.get(key) or wording, "yes_no", yes_no)
        for key, wording in phqa.SUICIDE_ITEMS.items()
    ]
    return InstrumentForm(
        instrument="phqa",
        title=TITLES["phqa"],
        language=org_text.language if org_text else "en",
        stem=text.get("stem") or phqa.STEM,
        items=items,
        attribution=(org_text.copyright_notice if org_text and org_text.copyright_notice else "")
        or phqa.ATTRIBUTION,
        official_text_loaded=org_text is not None,
        version_label=org_text.version if org_text else "",
    )


BSSA_KINDS = {"yes_no": "yes_no", "text": "text", "intent": "integer", "symptoms": "multi"}


def _bssa_form() -> InstrumentForm:
    """The BSSA in English as NIMH publishes it (no translation or organisation text is loaded)."""
    yes_no = [("yes", "Yes"), ("no", "No")]
    items = []
    for key, (_section, wording, kind) in bssa.ITEMS.items():
        options: list[tuple[str, str]] = []
        if kind == "yes_no":
            options = yes_no
        elif kind == "symptoms":
            options = list(bssa.SYMPTOMS.items())
        items.append(
            Item(key, wording, BSSA_KINDS[kind], options, optional=key not in bssa.REQUIRED)
        )
    items.append(
        Item(
            "disposition",
            "After completing the assessment, choose the appropriate disposition plan.",
            "choice",
            [(code, label) for code, (label, _lvl, _flag) in bssa.DISPOSITIONS.items()],
        )
    )
    return InstrumentForm(
        instrument="bssa",
        title=TITLES["bssa"],
        language="en",
        stem=bssa.PRAISE,
        items=items,
        attribution=bssa.ATTRIBUTION,
    )


def instrument_form(organisation: Any, instrument: str, language: str = "en") -> InstrumentForm:
    """The form for ``instrument``: the organisation's official text in ``language`` when loaded, else
    the shipped English text (with ``missing_translation`` set when another language was asked for)."""
    if instrument == "bssa":
        form = _bssa_form()
        form.missing_translation = language != "en"
        return form
    org_text = official_text(organisation, instrument, language)
    missing = False
    if org_text is None and language != "en":
        missing = True
        org_text = official_text(organisation, instrument, "en")
    if instrument in ("phq9", "gad7"):
        form = _phq_form(instrument, org_text)
    elif instrument == "asq":
        form = _asq_form(org_text)
    elif instrument == "cssrs_screener":
        form = _cssrs_form(org_text)
    elif instrument == "phqa":
        form = _phqa_form(org_text)
    else:
        raise ValueError(f"no form for {instrument}")
    form.missing_translation = missing
    return form


def item_labels(organisation: Any, instrument: str, language: str = "en") -> dict[str, str]:
    """Item key → the text shown, for listing stored answers next to their questions."""
    if instrument == "safet":
        return {}
    form = instrument_form(organisation, instrument, language)
    labels = {item.key: item.text for item in form.items}
    if instrument == "bssa":
        labels["disposition"] = "Disposition"
    if instrument == "asq":
        labels |= {"q4_details": asq.Q4_FOLLOW_UP, "q5_details": asq.Q5_FOLLOW_UP}
        labels["refused"] = "Patient refused to answer (older form: every item not answered)"
    return labels


SAFET_CHECKLISTS = {
    "risk_factors": safet.RISK_FACTORS,
    "protective_factors": safet.PROTECTIVE_FACTORS,
    "inquiry": safet.INQUIRY,
}
