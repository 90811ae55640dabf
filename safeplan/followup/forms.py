"""Forms for the follow-up pages. They only collect input; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from safeplan.followup import rules
from safeplan.followup.models import (
    ContactChannel,
    OutreachOutcome,
    ReminderChannel,
    SeriesReason,
)
from safeplan.risk.rules.scoring import SELF_REPORT

SCREENERS = [("", "None"), *[(code, code.upper()) for code in SELF_REPORT]]


class ScheduleForm(forms.Form):
    follow_risk = forms.BooleanField(
        required=False,
        label="Follow the risk level",
        help_text="Every 2 days when high, 7 moderate, 14 low, 28 none (or your organisation's values).",
    )
    interval_days = forms.IntegerField(
        required=False,
        label="Or every this many days",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    interval_reason = forms.CharField(
        required=False,
        max_length=500,
        label="Reason for an interval longer than the risk level's cadence",
        help_text="Needed only to keep a longer interval than the client's current risk level calls for.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reminder_channel = forms.ChoiceField(choices=ReminderChannel.choices, label="Reminders")
    time_zone = forms.CharField(max_length=64, label="Client's time zone")
    quiet_start = forms.CharField(
        required=False,
        max_length=5,
        label="Quiet hours start",
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    quiet_end = forms.CharField(
        required=False,
        max_length=5,
        label="Quiet hours end",
        widget=forms.TimeInput(attrs={"type": "time"}),
    )
    screener = forms.ChoiceField(choices=SCREENERS, required=False, label="Attach a questionnaire")
    active = forms.BooleanField(required=False, label="Check-ins are active")

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "interval_days": None if data.get("follow_risk") else data.get("interval_days"),
            "interval_reason": data.get("interval_reason") or "",
            "reminder_channel": data["reminder_channel"],
            "time_zone": data["time_zone"],
            "quiet_start": data.get("quiet_start") or None,
            "quiet_end": data.get("quiet_end") or None,
            "screener": data.get("screener") or "",
            "active": bool(data.get("active")),
        }


SCALE = [(str(i), str(i)) for i in range(11)]
YES_NO = [("yes", _("Yes")), ("no", _("No"))]
HELPED = [("yes", _("Yes")), ("somewhat", _("Somewhat")), ("no", _("No"))]


class CheckInForm(forms.Form):
    """The check-in questions (client's portal and the clinician's phone check-in)."""

    mood = forms.TypedChoiceField(
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        label=_("How has your mood been, from 0 (very bad) to 10 (very good)?"),
    )
    urges = forms.TypedChoiceField(
        choices=SCALE,
        coerce=int,
        widget=forms.RadioSelect,
        label=_("How strong have urges to hurt yourself been, from 0 (none) to 10 (very strong)?"),
    )
    safe_now = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label=_("Are you able to keep yourself safe right now?"),
    )
    used_plan = forms.ChoiceField(
        choices=YES_NO,
        widget=forms.RadioSelect,
        label=_("Did you use your safety plan since last time?"),
    )
    plan_helped = forms.ChoiceField(
        choices=HELPED,
        widget=forms.RadioSelect,
        required=False,
        label=_("If you used it, did it help?"),
    )
    changes = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=_("Is there anything you would like to change in your plan?"),
    )

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        used = data["used_plan"] == "yes"
        return {
            "mood": data["mood"],
            "urges": data["urges"],
            "safe_now": data["safe_now"] == "yes",
            "used_plan": used,
            "plan_helped": (data.get("plan_helped") or None) if used else None,
            "changes": data.get("changes") or "",
        }


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(choices=OutreachOutcome.choices, label="Outcome of your outreach")


class SeriesForm(forms.Form):
    reason = forms.ChoiceField(choices=SeriesReason.choices, label="Why now")
    channel = forms.ChoiceField(choices=ContactChannel.choices, label="Send by")
    language = forms.ChoiceField(choices=[("en", "English"), ("es", "Spanish")], label="Language")
    schedule = forms.ChoiceField(
        choices=[(plan.name, plan.label) for plan in rules.CARING_PLANS.values()],
        label="Schedule",
        required=False,
    )
    months = forms.IntegerField(
        required=False,
        min_value=rules.MIN_CARING_MONTHS,
        max_value=rules.MAX_CARING_MONTHS,
        label="For how many months",
        help_text="12 to 24 (the VA/DoD guideline suggests 12-24 months); after month 12, one note every 3 months.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 2000}),
        label=_("Message"),
    )


class CaringTextForm(forms.Form):
    body = forms.CharField(
        required=False, max_length=600, widget=forms.Textarea(attrs={"rows": 2, "maxlength": 600})
    )
