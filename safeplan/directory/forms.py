"""Forms for the directory pages: the lookup and the organisation's local entries."""

from __future__ import annotations

from typing import Any

from django import forms

from safeplan.directory import lookups, reference
from safeplan.directory.models import EntryKind, HowVerified
from safeplan.lib.validation import no_control_chars


def country_choices() -> list[tuple[str, str]]:
    return sorted(
        ((c.code, f"{c.name} ({c.code})") for c in reference.countries().values()),
        key=lambda item: item[1],
    )


class LookupForm(forms.Form):
    country = forms.ChoiceField(label="Country", choices=())
    zip = forms.CharField(
        label="US ZIP code",
        required=False,
        max_length=10,
        help_text="Nearest emergency departments, the county's 911 centres and police lines.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    language = forms.CharField(
        label="Language",
        required=False,
        max_length=40,
        help_text="A code or a name, e.g. es or Spanish.",
    )
    historical = forms.BooleanField(
        label="Also show historical crisis lines (2021 list; numbers may have changed)",
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]

    def clean_zip(self) -> str:
        value = (self.cleaned_data.get("zip") or "").strip()
        if not value:
            return ""
        if not lookups.is_zip_code(value):
            raise forms.ValidationError("Enter a 5-digit US ZIP code, e.g. 02114.")
        if lookups.zip_centroid(value) is None:
            raise forms.ValidationError(f"ZIP code {value} is not in the directory.")
        return value[:5]

    def clean_language(self) -> str:
        value = (self.cleaned_data.get("language") or "").strip()
        if not value:
            return ""
        try:
            return lookups.normalise_language(value)
        except ValueError as exc:
            raise forms.ValidationError(
                "Enter a language code or name, e.g. es or Spanish."
            ) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("zip") and data.get("country") and data["country"] != "US":
            self.add_error("zip", "ZIP codes are for US locations; choose United States.")
        return data


class LocalEntryForm(forms.Form):
    kind = forms.ChoiceField(label="Kind", choices=EntryKind.choices)
    name = forms.CharField(label="Name", max_length=200)
    phone = forms.CharField(
        label="Phone number",
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text="As dialled in that country, e.g. (617) 555-0142 or +44 20 7946 0000.",
    )
    country = forms.ChoiceField(label="Country", choices=())
    state = forms.CharField(
        label="State or region", max_length=10, required=False, help_text="e.g. MA"
    )
    county = forms.CharField(
        label="County",
        max_length=100,
        required=False,
        help_text="US: the county name (Suffolk) or its 5-digit FIPS code.",
    )
    zips = forms.CharField(
        label="ZIP codes served",
        max_length=1400,
        required=False,
        help_text="US only; separate with spaces or commas. Leave empty for the whole area.",
    )
    address = forms.CharField(label="Address", max_length=300, required=False)
    notes = forms.CharField(
        label="Notes", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    verified = forms.BooleanField(
        label="I confirmed this number myself", required=False, initial=False
    )
    how_verified = forms.ChoiceField(
        label="How it was confirmed",
        choices=[("", "—"), *HowVerified.choices],
        required=False,
    )
    verified_on = forms.DateField(
        label="Confirmed on",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Defaults to now.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("name", "state", "county", "address"):
            if data.get(name):
                try:
                    data[name] = no_control_chars(data[name])
                except ValueError as exc:
                    self.add_error(name, str(exc))
        if data.get("verified") and not data.get("how_verified"):
            self.add_error("how_verified", "Say how the number was confirmed.")
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["verified_at"] = data.pop("verified_on", None)
        data["how_verified"] = data.get("how_verified") or ""
        return data


class CorrectionForm(LocalEntryForm):
    reason = forms.CharField(
        label="Why this correction",
        max_length=200,
        required=False,
        help_text="e.g. number changed; confirmed by phone",
    )

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data.pop("reason", None)
        return data


class RetireForm(forms.Form):
    reason = forms.CharField(label="Why is this entry no longer in use?", max_length=200)
