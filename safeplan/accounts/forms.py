from __future__ import annotations

import re
from typing import Any

from django import forms

from safeplan.accounts import people
from safeplan.lib.validation import check_time_zone, no_control_chars

ROLE_CHOICES = [("clinician", "Clinician"), ("supervisor", "Supervisor"), ("admin", "Clinic admin")]


def _jurisdictions(value: str) -> list[str]:
    items = [v.strip().upper() for v in value.replace(";", ",").split(",") if v.strip()]
    for item in items:
        if not re.fullmatch(people.JURISDICTION_PATTERN, item):
            raise forms.ValidationError(f"{item} is not a jurisdiction like US-MA or GB.")
    return items


class StaffForm(forms.Form):
    display_name = forms.CharField(max_length=100, label="Name shown to colleagues")
    role = forms.ChoiceField(choices=ROLE_CHOICES)
    email = forms.EmailField(max_length=254, required=False)
    time_zone = forms.CharField(max_length=64, initial="America/New_York")
    licensed_jurisdictions = forms.CharField(
        max_length=400,
        required=False,
        help_text="Where this clinician is licensed, comma-separated: US-MA, US-NY, GB",
    )

    def clean_display_name(self) -> str:
        try:
            return no_control_chars(self.cleaned_data["display_name"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_time_zone(self) -> str:
        try:
            return check_time_zone(self.cleaned_data["time_zone"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_licensed_jurisdictions(self) -> list[str]:
        return _jurisdictions(self.cleaned_data.get("licensed_jurisdictions") or "")


class NewStaffForm(StaffForm):
    username = forms.RegexField(
        regex=r"^[\w.@+-]{3,150}$", max_length=150, help_text="Letters, digits and . @ + - _"
    )
    password = forms.CharField(
        widget=forms.PasswordInput,
        max_length=256,
        min_length=10,
        help_text="A temporary password to hand over in person.",
    )

    field_order = [
        "username",
        "display_name",
        "role",
        "email",
        "time_zone",
        "licensed_jurisdictions",
        "password",
    ]

    def clean(self) -> dict[str, Any]:
        return super().clean() or {}
