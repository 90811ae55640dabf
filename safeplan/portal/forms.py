from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PortalLoginForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), max_length=256, widget=forms.PasswordInput)


class AcceptInvitationForm(forms.Form):
    username = forms.CharField(label=_("Choose a user name"), max_length=150)
    password = forms.CharField(
        label=_("Choose a password"),
        max_length=256,
        widget=forms.PasswordInput,
        help_text=_("At least 10 characters; not a common password."),
    )
    password2 = forms.CharField(
        label=_("Type the password again"), max_length=256, widget=forms.PasswordInput
    )

    def clean(self) -> dict[str, str]:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data
