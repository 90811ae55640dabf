"""Forms of the clinician's emergency-plan pages. They collect input; the services decide what is valid
(the same rules and field names as the API), and ``apply_problems`` puts each service error on its field."""

from __future__ import annotations

from typing import Any

from django import forms

from safeplan.lib.errors import DomainError
from safeplan.telehealth.models import (
    Channel,
    ConfirmationMethod,
    ConsentScope,
    LocationKind,
    ResourceKind,
    WhoCalls,
)

YES_NO = [("yes", "Yes"), ("no", "No")]
DATE = forms.DateInput(attrs={"type": "date"})
TEL = forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})


def yes_no(value: Any) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def apply_problems(
    form: forms.Form, exc: DomainError, aliases: dict[str, str] | None = None
) -> None:
    """Show a service error next to the field it names (``privacy.alone`` → ``privacy_alone``)."""
    aliases = aliases or {}
    problems = getattr(exc, "problems", None) or [(exc.field or "", exc.message)]
    for field, message in problems:
        name = aliases.get(field, field.replace(".", "_"))
        form.add_error(name if name in form.fields else None, message)


class AddressFields(forms.Form):
    street = forms.CharField(max_length=120, required=False, label="Street address")
    unit = forms.CharField(max_length=120, required=False, label="Apartment, unit or room")
    city = forms.CharField(max_length=120, required=False, label="Town or city")
    region = forms.CharField(
        max_length=10, required=False, label="State or region", help_text="e.g. MA, TX"
    )
    postcode = forms.CharField(max_length=12, required=False, label="ZIP or postcode")
    country = forms.CharField(
        max_length=2, required=False, initial="US", help_text="Two-letter code, e.g. US, GB"
    )
    landmarks = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Access notes for responders",
        help_text="Gate code, which door, landmarks",
    )

    ADDRESS = ("street", "unit", "city", "region", "postcode", "country", "landmarks")

    def address(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in self.ADDRESS}


class LocationForm(AddressFields):
    kind = forms.ChoiceField(
        choices=[c for c in LocationKind.choices if c[0] != LocationKind.SESSION]
    )
    label = forms.CharField(max_length=120, required=False, help_text="e.g. Mum's house")
    phone = forms.CharField(
        max_length=32, required=False, widget=TEL, label="Landline at this place"
    )

    field_order = ["kind", "label", *AddressFields.ADDRESS, "phone"]


class ResourceForm(forms.Form):
    kind = forms.ChoiceField(choices=ResourceKind.choices)
    name = forms.CharField(max_length=200)
    phone = forms.CharField(max_length=32, widget=TEL, help_text="The full number, with area code")
    address = forms.CharField(max_length=300, required=False)
    method = forms.ChoiceField(
        choices=[("", "Not verified yet"), *ConfirmationMethod.choices],
        required=False,
        label="How you verified it",
    )
    note = forms.CharField(max_length=200, required=False)


class ConfirmForm(forms.Form):
    method = forms.ChoiceField(choices=ConfirmationMethod.choices, label="How you verified it")
    note = forms.CharField(max_length=200, required=False)
    phone = forms.CharField(
        max_length=32, required=False, widget=TEL, label="Corrected number (if different)"
    )


class ConsentFields(forms.Form):
    consent_scope = forms.ChoiceField(
        choices=[("", "No release of information yet"), *ConsentScope.choices],
        required=False,
        label="Release of information",
    )
    consent_scope_detail = forms.CharField(max_length=200, required=False, label="Scope details")
    consent_signed_on = forms.DateField(required=False, widget=DATE, label="Signed on")
    consent_expires_on = forms.DateField(
        required=False,
        widget=DATE,
        label="Expires on",
        help_text="Leave empty if it does not expire",
    )

    def consent(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("consent_scope") and not data.get("consent_signed_on"):
            return None
        return {
            "scope": data.get("consent_scope") or None,
            "scope_detail": data.get("consent_scope_detail") or "",
            "signed_on": data.get("consent_signed_on"),
            "expires_on": data.get("consent_expires_on"),
        }


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(choices=ConsentScope.choices, label="Release of information")
    scope_detail = forms.CharField(max_length=200, required=False, label="Scope details")
    signed_on = forms.DateField(widget=DATE)
    expires_on = forms.DateField(required=False, widget=DATE, help_text="Leave empty if none")


class SupportPersonForm(ConsentFields):
    name = forms.CharField(max_length=100)
    relationship = forms.CharField(max_length=100)
    phone = forms.CharField(max_length=32, widget=TEL)
    alt_phone = forms.CharField(max_length=32, required=False, widget=TEL, label="Other phone")
    lives_nearby = forms.BooleanField(required=False, label="Lives nearby")
    can_attend_in_person = forms.BooleanField(required=False, label="Can come in person")
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    field_order = ["name", "relationship", "phone", "alt_phone", "lives_nearby"]


class ProviderForm(ConsentFields):
    name = forms.CharField(max_length=100)
    role = forms.CharField(max_length=100, help_text="e.g. psychiatrist, family doctor")
    organisation_name = forms.CharField(max_length=200, required=False, label="Practice")
    phone = forms.CharField(max_length=32, required=False, widget=TEL)

    field_order = ["name", "role", "organisation_name", "phone"]


class GuardianForm(forms.Form):
    name = forms.CharField(max_length=100)
    relationship = forms.CharField(max_length=100)
    phone = forms.CharField(max_length=32, widget=TEL)
    alt_phone = forms.CharField(max_length=32, required=False, widget=TEL, label="Other phone")
    is_legal_guardian = forms.BooleanField(required=False, label="Legal guardian")
    is_safe_adult = forms.BooleanField(
        required=False,
        label="Safe adult",
        help_text="A non-offending adult who is present or reachable in the home at each session",
    )
    lives_with_client = forms.BooleanField(required=False, label="Lives with the client")
    authority_note = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Legal authority",
        help_text="Custody order or documents seen",
    )


class ExcludedForm(forms.Form):
    name = forms.CharField(max_length=100)
    relationship = forms.CharField(max_length=100, required=False)
    reason = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class NoSupportReasonForm(forms.Form):
    no_support_person_reason = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Why there is no consented support person",
        help_text="e.g. the client declined; nobody nearby. Leave empty to clear.",
    )


class BackupPlanForm(forms.Form):
    backup_phone = forms.CharField(max_length=32, widget=TEL, label="Backup phone")
    backup_platform = forms.CharField(
        max_length=200, required=False, help_text="e.g. phone call, a second video platform"
    )
    backup_link = forms.CharField(max_length=500, required=False, label="Backup link")
    who_calls_whom = forms.ChoiceField(choices=WhoCalls.choices, label="Who calls whom")
    clinic_phone = forms.CharField(
        max_length=32, required=False, widget=TEL, label="Clinic number the client can call"
    )
    retry_video_seconds = forms.IntegerField(
        required=False, min_value=0, label="Retry video for (seconds)"
    )
    call_backup_within_seconds = forms.IntegerField(
        required=False, min_value=0, label="Call the backup phone within (seconds)"
    )
    escalate_when_at_risk_after_seconds = forms.IntegerField(
        required=False,
        min_value=0,
        label="When at risk, contact the support person after (seconds)",
    )
    if_cannot_reconnect = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        label="What the client does if they cannot reconnect",
    )


def location_choices(locations: list[Any]) -> list[tuple[str, str]]:
    return [
        (str(loc.pk), f"{loc.get_kind_display()}: {', '.join(loc.address_lines())}")
        for loc in locations
    ] + [("new", "Somewhere else (enter the full address below)")]


DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


class BoundariesForm(forms.Form):
    after_hours_instructions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label="What to do after hours"
    )
    agreed_on = forms.DateField(required=False, widget=DATE, label="Agreed with the client on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i, day in enumerate(DAYS):
            self.fields[f"day{i}_start"] = forms.CharField(
                required=False, label=f"{day} from", widget=forms.TimeInput(attrs={"type": "time"})
            )
            self.fields[f"day{i}_end"] = forms.CharField(
                required=False, label=f"{day} until", widget=forms.TimeInput(attrs={"type": "time"})
            )
        for value, label in Channel.choices:
            self.fields[f"channel_{value}"] = forms.IntegerField(
                required=False,
                min_value=1,
                label=f"{label}: answered within (hours)",
                help_text="Leave empty if this channel is not offered",
            )

    def hours(self) -> list[dict[str, Any]]:
        windows = []
        for i in range(7):
            start = self.cleaned_data.get(f"day{i}_start") or ""
            end = self.cleaned_data.get(f"day{i}_end") or ""
            if start or end:
                windows.append({"day": i, "start": start[:5], "end": end[:5]})
        return windows

    def channels(self) -> list[dict[str, Any]]:
        return [
            {"channel": value, "response_hours": self.cleaned_data[f"channel_{value}"]}
            for value, _ in Channel.choices
            if self.cleaned_data.get(f"channel_{value}")
        ]


class GateForm(AddressFields):
    """The start-of-session time-out (§1.2, §8.1). Fields are optional here so that the service can name
    every missing answer at once."""

    location = forms.ChoiceField(
        required=False, widget=forms.RadioSelect, label="Where is the client now?"
    )
    callback_phone = forms.CharField(
        max_length=32, required=False, widget=TEL, label="Callback number that works now"
    )
    privacy_alone = forms.ChoiceField(
        choices=YES_NO, required=False, widget=forms.RadioSelect, label="Is the client alone?"
    )
    privacy_private_place = forms.ChoiceField(
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
        label="Is the client in a private place?",
    )
    privacy_others_present = forms.CharField(
        max_length=200, required=False, label="Who else is present?"
    )

    def __init__(
        self,
        *args: Any,
        locations: list[Any],
        is_minor: bool,
        safe_adults: list[Any],
        ask_excluded: bool,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        location_field = self.fields["location"]
        assert isinstance(location_field, forms.ChoiceField)
        location_field.choices = location_choices(locations)
        if is_minor:
            self.fields["safe_adult"] = forms.ChoiceField(
                choices=[("", "Choose…")]
                + [(str(g.pk), f"{g.name} ({g.relationship})") for g in safe_adults],
                required=False,
                label="Safe adult for this session",
            )
            self.fields["safe_adult_status"] = forms.ChoiceField(
                choices=[
                    ("present", "Present in the home"),
                    ("reachable", "Reachable by phone now"),
                ],
                required=False,
                widget=forms.RadioSelect,
                label="The safe adult is",
            )
        if is_minor and ask_excluded:
            self.fields["excluded_person_present"] = forms.ChoiceField(
                choices=YES_NO,
                required=False,
                widget=forms.RadioSelect,
                label="Is any excluded person present?",
            )

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        choice = data.get("location") or ""
        return {
            "usual_location_id": int(choice) if choice.isdigit() else None,
            "address": self.address() if choice == "new" else None,
            "callback_phone": data.get("callback_phone") or "",
            "privacy_alone": yes_no(data.get("privacy_alone")),
            "privacy_private_place": yes_no(data.get("privacy_private_place")),
            "privacy_others_present": data.get("privacy_others_present") or "",
            "safe_adult_id": int(data["safe_adult"]) if data.get("safe_adult") else None,
            "safe_adult_status": data.get("safe_adult_status") or "",
            "excluded_person_present": yes_no(data.get("excluded_person_present")),
        }


GATE_ALIASES = {
    "privacy.alone": "privacy_alone",
    "privacy.private_place": "privacy_private_place",
    "privacy.others_present": "privacy_others_present",
    "safe_adult.guardian_id": "safe_adult",
    "safe_adult.status": "safe_adult_status",
    "location.usual_location_id": "location",
    **{f"location.address.{name}": name for name in AddressFields.ADDRESS},
}


class SessionLocationForm(AddressFields):
    location = forms.ChoiceField(
        required=True, widget=forms.RadioSelect, label="Where is the client now?"
    )

    def __init__(
        self,
        *args: Any,
        locations: list[Any],
        safe_adults: list[Any] | None = None,
        ask_excluded: bool = False,
        **kw: Any,
    ) -> None:
        super().__init__(*args, **kw)
        location_field = self.fields["location"]
        assert isinstance(location_field, forms.ChoiceField)
        location_field.choices = location_choices(locations)
        if safe_adults:
            # A minor passes the minor gate again at the new place (§8).
            self.fields["safe_adult"] = forms.ChoiceField(
                choices=[("", "Choose…")]
                + [(str(g.pk), f"{g.name} ({g.relationship})") for g in safe_adults],
                required=False,
                label="Safe adult at the new location (a minor)",
            )
            self.fields["safe_adult_status"] = forms.ChoiceField(
                choices=[
                    ("present", "Present with the young person"),
                    ("reachable", "Reachable by phone now"),
                ],
                required=False,
                widget=forms.RadioSelect,
                label="The safe adult is",
            )
            if ask_excluded:
                self.fields["excluded_person_present"] = forms.ChoiceField(
                    choices=YES_NO,
                    required=False,
                    widget=forms.RadioSelect,
                    label="Is any excluded person present?",
                )

    def minor_answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "safe_adult_id": int(data["safe_adult"]) if data.get("safe_adult") else None,
            "safe_adult_status": data.get("safe_adult_status") or "",
            "excluded_person_present": yes_no(data.get("excluded_person_present")),
        }
