"""Turn a posted page form into the answers dict the rules score (the same shape as the API's).

Only what was posted is kept; the service validates it and names the answer at fault, which the page
shows next to that question.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import QueryDict

from safeplan.risk.rules.safet import INQUIRY, PROTECTIVE_FACTORS, RISK_FACTORS, TEXT_FIELDS
from safeplan.risk.texts import InstrumentForm

LEVEL_CHOICES = [
    ("none", "None"),
    ("low", "Low"),
    ("moderate", "Moderate"),
    ("high", "High"),
]


def answers_from_post(form: InstrumentForm, data: QueryDict) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in form.items:
        raw = data.get(item.key, "").strip()
        if not raw:
            continue
        if item.kind == "scale":
            answers[item.key] = int(raw) if raw.isdigit() else raw
        else:
            answers[item.key] = raw
    if form.instrument == "asq":
        for key in ("q4_details", "q5_details"):
            detail = str(data.get(key) or "").strip()
            if detail:
                answers[key] = detail
    return answers


def safet_from_post(data: QueryDict) -> dict[str, Any]:
    inquiry: dict[str, Any] = {}
    for part in INQUIRY:
        present = data.get(f"inquiry_{part}")
        inquiry[part] = {
            "present": {"yes": True, "no": False}.get(present or ""),
            "notes": data.get(f"inquiry_{part}_notes", ""),
        }
        if inquiry[part]["present"] is None:
            inquiry[part].pop("present")
    answers: dict[str, Any] = {
        "risk_factors": [c for c in data.getlist("risk_factors") if c],
        "protective_factors": [c for c in data.getlist("protective_factors") if c],
        "inquiry": inquiry,
        "level": data.get("level", ""),
    }
    for key in TEXT_FIELDS:
        answers[key] = data.get(key, "")
    return answers


class RiskFlagForm(forms.Form):
    level = forms.ChoiceField(choices=LEVEL_CHOICES, widget=forms.RadioSelect)
    reason = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Required when you lower the level: the clinical judgement behind it.",
    )


class RequestForm(forms.Form):
    instrument = forms.ChoiceField(
        choices=[
            ("phq9", "PHQ-9"),
            ("phqa", "PHQ-A (clients under 18)"),
            ("gad7", "GAD-7"),
            ("asq", "ASQ"),
            ("cssrs_screener", "C-SSRS screener"),
        ]
    )
    due_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="First due on"
    )
    repeat_every_days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=365,
        label="Repeat every (days)",
        help_text="Leave empty to ask once.",
    )


class InstrumentTextForm(forms.Form):
    instrument = forms.ChoiceField(
        choices=[
            ("cssrs_screener", "C-SSRS screener"),
            ("phq9", "PHQ-9"),
            ("phqa", "PHQ-A"),
            ("gad7", "GAD-7"),
            ("asq", "ASQ"),
        ]
    )
    language = forms.ChoiceField(choices=[("en", "English"), ("es", "Spanish")])
    version = forms.CharField(max_length=80, help_text="E.g. the form's title and date.")
    items = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text="One item per line: key, a tab or '=' and the official wording (e.g. 1 = ...).",
    )
    copyright_notice = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_items(self) -> dict[str, str]:
        parsed: dict[str, str] = {}
        for line in self.cleaned_data["items"].splitlines():
            if not line.strip():
                continue
            sep = "\t" if "\t" in line else "="
            if sep not in line:
                raise forms.ValidationError(f"'{line[:30]}' has no key: write key = wording")
            key, text = line.split(sep, 1)
            parsed[key.strip()] = text.strip()
        return parsed


RISK_FACTOR_CHOICES = list(RISK_FACTORS.items())
PROTECTIVE_FACTOR_CHOICES = list(PROTECTIVE_FACTORS.items())


def form_rows(
    form: InstrumentForm, answers: dict[str, Any], errors: dict[str, str]
) -> list[dict[str, Any]]:
    """Items ready for the template: options with their checked state and the item's error."""
    rows = []
    for item in form.items:
        number = item.key.removeprefix("item").removeprefix("q")
        if not number.isdigit():
            number = ""
        current = answers.get(item.key)
        chosen = "" if current is None else str(current).lower()
        rows.append(
            {
                "key": item.key,
                "number": number,
                "text": item.text,
                "kind": item.kind,
                "optional": item.optional,
                "error": errors.get(item.key, ""),
                "options": [
                    {"value": value, "label": label, "checked": chosen == value.lower()}
                    for value, label in item.options
                ],
            }
        )
    return rows
