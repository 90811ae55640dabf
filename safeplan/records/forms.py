"""Forms for the records pages (the same rules as the API, enforced again by the services)."""

from __future__ import annotations

from django import forms

from safeplan.lib.validation import no_control_chars, no_control_chars_multiline
from safeplan.records.services import REASON_MAX, REASON_MIN


class RecordNumberForm(forms.Form):
    record_number = forms.CharField(
        max_length=20,
        label="Record number",
        help_text="The clinic's record number, e.g. C-1A2B3C. Names are not searched.",
    )

    def clean_record_number(self) -> str:
        value = self.cleaned_data["record_number"]
        try:
            value = no_control_chars(value).upper()
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if not all(c.isalnum() or c == "-" for c in value):
            raise forms.ValidationError("use letters, digits and dashes only")
        return value


class BreakGlassForm(RecordNumberForm):
    reason = forms.CharField(
        min_length=REASON_MIN,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why do you need emergency access?",
        help_text="Recorded in the audit log and shown to the supervisors and the care team.",
    )

    def clean_reason(self) -> str:
        try:
            return no_control_chars_multiline(self.cleaned_data["reason"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class NoteForm(forms.Form):
    body = forms.CharField(
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        label="Note",
        help_text="Only you can read this note. It is not part of the client's record or exports.",
    )

    def clean_body(self) -> str:
        try:
            return no_control_chars_multiline(self.cleaned_data["body"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc


class LegalHoldForm(forms.Form):
    reason = forms.CharField(
        min_length=REASON_MIN,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Reason for the legal hold",
    )

    def clean_reason(self) -> str:
        try:
            return no_control_chars_multiline(self.cleaned_data["reason"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
