"""Reference-data texts that reach the client, translated (issue 11, "Spanish complete").

Crisis-line names, hours and notes come from the shipped directory in English; Safeplan's demo defaults
for the backup plan and boundaries are English too. Each is a ``pgettext`` message with the context
``reference data`` in this app's catalogue; pages show them through the builtin ``|reference_text`` filter
(``lib.display``), which translates each " · "-separated part it knows and leaves anything else (a
clinician's or client's own words) as written.
"""

from __future__ import annotations

CONTEXT = "reference data"


def pgettext_noop(context: str, message: str) -> str:
    """Marks a message of ``context`` for the catalogue (Django has no ``pgettext_noop``)."""
    return message


REFERENCE_TEXTS = [
    pgettext_noop(CONTEXT, "988 Suicide & Crisis Lifeline"),
    pgettext_noop(CONTEXT, "Crisis Text Line"),
    pgettext_noop(CONTEXT, "Veterans Crisis Line"),
    pgettext_noop(CONTEXT, "24/7"),
    pgettext_noop(
        CONTEXT,
        "Press 1 for the Veterans Crisis Line; press 2 for Spanish (or text AYUDA to 988). The former "
        "number 1-800-273-8255 still routes to 988.",
    ),
    pgettext_noop(CONTEXT, "Samaritans"),
    pgettext_noop(CONTEXT, "Shout Crisis Text Line"),
    pgettext_noop(CONTEXT, "NHS 111 (mental health option)"),
    pgettext_noop(CONTEXT, "England: call 111 and choose the mental-health option."),
    pgettext_noop(CONTEXT, "Child help-line"),
    pgettext_noop(CONTEXT, "Phone call"),
    pgettext_noop(
        CONTEXT,
        "Wait by the phone for the call. If it does not come within 5 minutes and you feel unsafe, use "
        "the crisis line on your plan or the emergency number.",
    ),
    pgettext_noop(
        CONTEXT,
        "Messages are read in office hours only. If you are in danger, dial 911 or go to the nearest "
        "emergency department. For support any time, call or text 988.",
    ),
    pgettext_noop(
        CONTEXT,
        "Messages are read in office hours only. If you are in danger, dial 999 or go to A&E. For "
        "support any time, Samaritans: 116 123; or text SHOUT to 85258.",
    ),
]
