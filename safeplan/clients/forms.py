from __future__ import annotations

from typing import Any

from django import forms

from safeplan.lib import times
from safeplan.lib.validation import check_country, check_language, check_time_zone, no_control_chars


class ClientForm(forms.Form):
    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    preferred_name = forms.CharField(max_length=100, required=False)
    date_of_birth = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    pronouns = forms.CharField(max_length=40, required=False)
    preferred_language = forms.ChoiceField(
        choices=[("en", "English"), ("es", "Spanish")], initial="en"
    )
    time_zone = forms.CharField(
        max_length=64, initial="America/New_York", help_text="IANA name, e.g. America/Chicago"
    )
    country = forms.CharField(max_length=2, initial="US", help_text="Two-letter code, e.g. US, GB")
    region = forms.CharField(max_length=10, required=False, help_text="State or province, e.g. MA")
    phone = forms.CharField(
        max_length=32, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.EmailField(max_length=254, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("first_name", "last_name", "preferred_name", "pronouns", "region"):
            if data.get(name):
                try:
                    data[name] = no_control_chars(data[name])
                except ValueError as exc:
                    self.add_error(name, str(exc))
        checks = {
            "time_zone": check_time_zone,
            "country": check_country,
            "preferred_language": check_language,
        }
        for name, check in checks.items():
            if data.get(name):
                try:
                    data[name] = check(data[name])
                except ValueError as exc:
                    self.add_error(name, str(exc))
        dob = data.get("date_of_birth")
        if dob and dob > times.latest_date():
            self.add_error("date_of_birth", "Date of birth cannot be in the future.")
        return data
