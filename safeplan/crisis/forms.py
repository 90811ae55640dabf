"""Forms of the crisis pages. They only shape input; the services check it and name the field."""

from __future__ import annotations

from typing import Any

from django import forms

from safeplan.crisis.models import FollowUpOutcome
from safeplan.crisis.rules import disclosure as disclosure_rules
from safeplan.crisis.rules import entries as entry_rules
from safeplan.crisis.rules import note as note_rules
from safeplan.crisis.rules import types

BLANK = [("", "Choose…")]
RISK_CHOICES = [
    ("", "Current risk flag"),
    ("low", "Low"),
    ("moderate", "Moderate"),
    ("high", "High"),
]


class CrisisTypeForm(forms.Form):
    CHOICES = [(k, v) for k, v in types.CRISIS_TYPES.items() if k != types.LOST_CONNECTION]
    crisis_type = forms.ChoiceField(
        label="What is happening?", choices=CHOICES, widget=forms.RadioSelect
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(choices=BLANK + list(types.OUTCOMES.items()))
    disposition = forms.ChoiceField(choices=BLANK + list(types.DISPOSITIONS.items()))
    risk_level = forms.ChoiceField(
        label="Risk level (SAFE-T, your judgement)", choices=RISK_CHOICES, required=False
    )
    follow_up_hours = forms.IntegerField(
        label="Follow-up contact within (hours)", min_value=1, max_value=72, required=False
    )
    follow_up_skip_reason = forms.CharField(
        label="No follow-up contact: why (leave empty to schedule it)",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        required=False,
    )
    note = forms.CharField(
        label="Anything to add to the summary",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class DisclosureForm(forms.Form):
    recipient_name = forms.CharField(label="Recipient (name or role)", max_length=200)
    recipient_type = forms.ChoiceField(
        label="Recipient type", choices=BLANK + list(disclosure_rules.RECIPIENT_TYPES.items())
    )
    recipient_affiliation = forms.CharField(
        label="Affiliation (agency, hospital)", max_length=200, required=False
    )
    basis = forms.ChoiceField(label="Basis", choices=BLANK + list(disclosure_rules.BASES.items()))
    basis_detail = forms.CharField(
        label="Basis, in your words", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    information_disclosed = forms.CharField(
        label="What was disclosed", widget=forms.Textarea(attrs={"rows": 3})
    )
    nature_of_emergency = forms.CharField(
        label="The threat or emergency", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    disclosed_at = forms.DateTimeField(
        label="When (leave empty for now)",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class NoteForm(forms.Form):
    risk_level = forms.ChoiceField(
        label=note_rules.SECTIONS["risk_level"],
        choices=[("", "Choose…"), ("low", "Low"), ("moderate", "Moderate"), ("high", "High")],
        required=False,
    )

    def __init__(self, *args: Any, is_minor: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, title in note_rules.SECTIONS.items():
            if name == "risk_level":
                continue
            if name == "youth" and not is_minor:
                continue  # the young person and guardian: only for a minor (issue 11)
            rows = 10 if name == "actions" else 4
            self.fields[name] = forms.CharField(
                label=title,
                required=False,
                max_length=note_rules.SECTION_MAX,
                widget=forms.Textarea(attrs={"rows": rows}),
                strip=False,
            )
        # What signing needs (``rules.note.sign_problems``) is marked required; a draft may be saved
        # without it.
        for name in note_rules.sign_required(is_minor=is_minor):
            field = self.fields[name]
            field.sign_required = True  # type: ignore[attr-defined]
            field.widget.attrs["aria-required"] = "true"


class FollowUpForm(forms.Form):
    outcome = forms.ChoiceField(choices=BLANK + list(FollowUpOutcome.choices))
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)


def correction_form(
    kind: str, data: Any = None, initial: dict[str, Any] | None = None
) -> forms.Form:
    """A form with the fields of one entry kind (``rules.entries.FIELDS``), a reason, and "withdraw"."""
    form = forms.Form(data, initial=initial)
    for name, spec in entry_rules.FIELDS.get(kind, {}).items():
        if name == "step" and kind not in ("step_done", "step_skipped"):
            continue
        label = name.replace("_", " ").capitalize()
        if spec[0] == "choice":
            form.fields[name] = forms.ChoiceField(
                label=label, choices=BLANK + list(spec[1].items()), required=False
            )
        elif spec[0] == "note":
            form.fields[name] = forms.CharField(
                label=label, widget=forms.Textarea(attrs={"rows": 2}), required=False
            )
        elif spec[0] == "int":
            form.fields[name] = forms.IntegerField(label=label, required=False, min_value=1)
        else:
            form.fields[name] = forms.CharField(label=label, required=False, max_length=200)
    form.fields["entered_in_error"] = forms.BooleanField(
        label="Withdraw this entry (entered in error)", required=False
    )
    form.fields["reason"] = forms.CharField(
        label="Why the correction", widget=forms.Textarea(attrs={"rows": 2})
    )
    return form
