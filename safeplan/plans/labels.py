"""Words shown for the plan's codes, in the client's language (English and Spanish).

Section names and hints are our own wording for the components of clinical-rules.md §2.1 (the Stanley-Brown
form's wording is not reproduced, §2.3); means and actions follow §7.1.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

SECTION_TITLES = {
    "warning_signs": _("My warning signs"),
    "coping": _("Things I can do on my own to cope"),
    "distractions": _("People and places that take my mind off things"),
    "help_people": _("People I can ask for help"),
    "professionals": _("Professionals and crisis lines I can contact"),
    "environment": _("Making my environment safer"),
    "reasons": _("My reasons for living"),
}
SECTION_HINTS = {
    "warning_signs": _(
        "Thoughts, feelings, situations or things I do that tell me a hard time may be coming."
    ),
    "coping": _("Things I can try by myself to feel calmer or get through the moment."),
    "distractions": _(
        "People I can be with and places I can go that help me think about something else."
    ),
    "help_people": _("People I trust and can tell that I am struggling."),
    "professionals": _("Who I can contact when I need more help, day or night."),
    "environment": _("Steps we agreed on to keep things I could use to hurt myself out of reach."),
    "reasons": _("What matters to me and keeps me going."),
}
MEANS = {
    "firearm": _("Firearms"),
    "medication": _("Medicines"),
    "sharps": _("Sharp objects"),
    "ligature": _("Cords, ropes or belts"),
    "household_poison": _("Household poisons and chemicals"),
    "other": _("Something else"),
}
ACTIONS = {
    "removed": _("Removed from the home"),
    "locked": _("Locked away"),
    "given_to_trusted_person": _("Given to someone I trust to keep"),
    "disposed_of": _("Disposed of safely"),
    "no_access_confirmed": _("No access (checked)"),
    "not_yet": _("Not agreed yet"),
}
MEANS_STATUS = {"planned": _("Planned"), "done": pgettext_lazy("means step", "Done")}
KINDS = {
    "person": _("Person"),
    "place": _("Place"),
    "clinician": _("My clinician"),
    "professional": _("Other professional"),
    "after_hours": _("After hours"),
    "crisis_line": _("Crisis line"),
    "emergency_department": _("Emergency department"),
}
AUTHOR_FOR_CLIENT = {"client": _("written by me"), "clinician": _("written by my care team")}
AUTHOR_FOR_STAFF = {"client": "client's words", "clinician": "care team"}
SIGNATURE_METHODS = {
    "portal": _("signed on the portal"),
    "clinician_login": _("signed under the clinician's login"),
    "verbal_in_session": _("agreed aloud in a session"),
    "paper": _("signed on paper"),
}
SIGNER_ROLES = {"client": _("Client"), "clinician": _("Clinician")}

# For the clinician (staff pages are in English).
WARNINGS = {
    "no_plan": "This client has no safety plan yet.",
    "no_help_people": (
        "Section 4 (people to ask for help) is empty. Plans without a help contact have been "
        "associated with worse outcomes (clinical-rules §2.2)."
    ),
    "no_professionals": "Section 5 (professionals and crisis lines) is empty.",
    "no_distractions": "Section 3 (people and places for distraction) is empty (§2.2).",
    "means_not_done": (
        "A means-safety step is not done yet: check it again at the next contact (CALM, lethal-means counselling)."
    ),
    "review_overdue": "The plan is past its review date.",
    "no_crisis_line": "The directory has no crisis line for the client's country.",
    "directory_changed": (
        "The directory's crisis lines or emergency department differ from this version's: "
        "save a new version to refresh them."
    ),
}
ORIGINS = {
    "edit": "saved by the care team",
    "review": "reviewed, no changes",
    "proposal": "client's proposal accepted",
    "means": "means-safety step added",
}

# Form inputs (the client's proposal page uses the same form as the care team's editor).
FIELD_LABELS = {
    "text": _("In my words"),
    "kind": _("Type"),
    "name": _("Name"),
    "relationship": _("Who they are to me"),
    "phone": _("Phone"),
    "sms": _("Text message number"),
    "means": _("What"),
    "action": _("What we agreed"),
    "responsible": _("Who does it"),
    "status": _("Planned or done"),
    "date": _("Date"),
}
PLACE_NAME = _("Name or place")
# The same inputs on the care team's editor (staff pages are in English).
STAFF_FIELD_LABELS = {
    "text": "Words",
    "kind": "Type",
    "name": "Name",
    "relationship": "Relationship",
    "phone": "Phone",
    "sms": "Text-message number",
    "means": "Means",
    "action": "Agreed action",
    "responsible": "Responsible person",
    "status": "Planned or done",
    "date": "Date",
}
STAFF_NOTE_SECTIONS = frozenset({"distractions", "help_people", "professionals", "environment"})

# Problems with what the client typed, in their language (see portal_views.client_message).
ERROR_TOO_LONG = _("This is too long: please keep it under %(limit)s characters.")
ERROR_PHONE = _("This phone number does not look right. Check the digits and the area code.")
ERROR_NAME = _("Please write a name.")
ERROR_EMPTY = _("Please write something, or tick Remove.")
ERROR_NOTHING = _("You have not changed anything yet.")
ERROR_PROTECTED = _(
    "Your care team's contacts and the crisis lines stay on your plan. You can add your own."
)
ERROR_STALE = _(
    "Your plan was updated while you were writing. Nothing was sent: please open your plan again."
)
ERROR_CHARACTERS = _("Please use ordinary letters, numbers and punctuation.")
ERROR_GENERIC = _("Something here could not be saved. Please check what you wrote.")
