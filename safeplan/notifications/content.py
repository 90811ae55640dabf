"""What each outgoing message says. Rendered by the worker at delivery time, in the recipient's language.

Messages leave Safeplan through email and SMS, which are not private: anyone holding the phone may read
them. So a message to a client never carries clinical content: it says that something is waiting in Safeplan
and links there ("You have a new message in Safeplan"). Staff alerts carry the alert title (record numbers or
initials, never names) and a link made of ids. Caring contacts (clinical-rules.md §7.2) are short caring notes
the organisation wrote, with the crisis line and a one-action opt-out link; they say nothing about the
client's care either.

Each template names the context keys it accepts; ``enqueue_message`` refuses others, so a caller cannot
slip a client's words into an email by accident.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str


@dataclass(frozen=True)
class MessageTemplate:
    name: str
    audience: str  # "staff" or "client"
    keys: frozenset[str]
    render: Callable[[dict[str, Any]], Rendered]


def absolute(link: str) -> str:
    if link.startswith(("http://", "https://")):
        return link
    return f"{settings.SITE_URL}{link}"


def _staff_alert(ctx: dict[str, Any]) -> Rendered:
    title = str(ctx["title"])
    return Rendered(
        subject=f"Safeplan: {title}",
        text=f"{title}\n\nOpen it in Safeplan: {absolute(str(ctx.get('link') or '/'))}\n",
    )


def _client_new_message(ctx: dict[str, Any]) -> Rendered:
    link = absolute(str(ctx.get("link") or "/portal/"))
    return Rendered(
        subject=_("You have a new message in Safeplan"),
        text=_("You have a new message in Safeplan. Sign in to read it: %(link)s") % {"link": link},
    )


def _client_checkin_reminder(ctx: dict[str, Any]) -> Rendered:
    link = absolute(str(ctx.get("link") or "/portal/"))
    return Rendered(
        subject=_("You have a check-in waiting in Safeplan"),
        text=_("You have a check-in waiting in Safeplan. Sign in to answer it: %(link)s")
        % {"link": link},
    )


def _caring_contact(ctx: dict[str, Any]) -> Rendered:
    lines = [str(ctx["body"]).strip()]
    crisis = ctx.get("crisis_line") or {}
    if crisis.get("number"):
        lines.append(
            _("If you are in crisis, you can reach %(name)s at %(number)s, any time.")
            % {"name": crisis.get("name") or _("a crisis line"), "number": crisis["number"]}
        )
    if ctx.get("emergency_number"):
        lines.append(_("In an emergency call %(number)s.") % {"number": ctx["emergency_number"]})
    if ctx.get("opt_out_url"):
        lines.append(
            _("To stop these messages: %(url)s") % {"url": absolute(str(ctx["opt_out_url"]))}
        )
    return Rendered(subject=_("A note from your care team"), text="\n\n".join(lines))


TEMPLATES: dict[str, MessageTemplate] = {
    t.name: t
    for t in (
        MessageTemplate("staff_alert", "staff", frozenset({"title", "link"}), _staff_alert),
        MessageTemplate(
            "client_new_message", "client", frozenset({"link", "language"}), _client_new_message
        ),
        MessageTemplate(
            "client_checkin_reminder",
            "client",
            frozenset({"link", "language"}),
            _client_checkin_reminder,
        ),
        MessageTemplate(
            "caring_contact",
            "client",
            frozenset({"body", "crisis_line", "emergency_number", "opt_out_url", "language"}),
            _caring_contact,
        ),
    )
}


def render(template: str, context: dict[str, Any]) -> Rendered:
    spec = TEMPLATES[template]
    with translation.override(context.get("language") or "en"):
        return spec.render(context)
