"""Secure messages between a client and their care team, inside Safeplan (issue 7 "Messages and boundaries").

- The client is told of a new message without any clinical content ("You have a new message in
  Safeplan"), in the portal and by the reminder channel they chose.
- Every message from a client is screened for crisis language (``crisis_language``); a match flags it for
  the care team at once and the client sees their crisis resources. Nothing is ever blocked or hidden.
- Outside the clinician's agreed hours (the boundaries agreement, clinical-rules.md §1.4) the client gets
  an automatic reply with the promised response time, their crisis lines and the emergency number for
  their usual location.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from safeplan.audit import services as audit
from safeplan.followup import alerts, crisis_language, resources, rules
from safeplan.followup.models import Direction, Message, MessageKind
from safeplan.lib.errors import InvalidInput, NotAllowed
from safeplan.lib.validation import no_control_chars_multiline

MAX_CHARS = 2000


@dataclass
class Sent:
    message: Message
    crisis: bool
    auto_reply: Message | None = None
    resources: resources.CrisisResources | None = None
    categories: list[str] = field(default_factory=list)


def clean_body(body: Any) -> str:
    if not isinstance(body, str):
        raise InvalidInput("must be text", field="body")
    try:
        text = no_control_chars_multiline(body)
    except ValueError as exc:
        raise InvalidInput(str(exc), field="body") from exc
    if not text:
        raise InvalidInput("write a message", field="body")
    if len(text) > MAX_CHARS:
        raise InvalidInput(f"must be at most {MAX_CHARS} characters", field="body")
    return text


def _client_zone(client: Any) -> Any:
    try:
        return rules.zone(client.time_zone)
    except rules.RuleError:
        return dt.UTC


def _auto_reply_text(
    client: Any,
    agreement: resources.Availability,
    found: resources.CrisisResources,
    now: dt.datetime,
) -> str:
    with translation.override(client.preferred_language or "en"):
        parts = [_("Thank you for your message. Your care team is outside their agreed hours.")]
        reopen = resources.next_available(agreement, now)
        if agreement.response_hours:
            parts.append(
                _("They will reply within %(hours)s hours.") % {"hours": agreement.response_hours}
            )
        if reopen is not None:
            local = reopen.astimezone(_client_zone(client))
            parts.append(
                _("Their next working hours start %(when)s (your time).")
                % {"when": formats.date_format(local, "l j F, H:i")}
            )
        if agreement.after_hours_instructions:
            parts.append(
                _("What you agreed with your clinician for after hours: %(plan)s")
                % {"plan": agreement.after_hours_instructions}
            )
        parts.append(_("If you need help now, do not wait for a reply."))
        for line in found.lines:
            ways = []
            if line["phone"]:
                ways.append(_("call %(number)s") % {"number": line["phone"]})
            if line["sms"]:
                ways.append(_("text %(number)s") % {"number": line["sms"]})
            parts.append(
                _("%(name)s: %(ways)s (%(hours)s)")
                % {
                    "name": line["name"],
                    "ways": _(" or ").join(ways),
                    "hours": line["hours"] or "24/7",
                }
            )
        if found.emergency_number:
            parts.append(_("In an emergency call %(number)s.") % {"number": found.emergency_number})
    return "\n".join(parts)


@transaction.atomic
def send_from_client(*, actor: Any, client: Any, body: Any, at: dt.datetime | None = None) -> Sent:
    """``at`` is for imports and the demo (a message written earlier); it defaults to now."""
    if not actor.is_client or client.portal_user_id != actor.pk:
        raise NotAllowed("clients send messages from their own portal")
    text = clean_body(body)
    now = at or timezone.now()
    matches = crisis_language.screen(text)
    codes = crisis_language.categories(matches)
    agreement = resources.availability(client)
    after_hours = agreement is not None and resources.is_after_hours(agreement, now)
    message = Message.objects.create(
        client=client,
        organisation_id=client.organisation_id,
        direction=Direction.FROM_CLIENT,
        author=actor,
        body=text,
        created_at=now,
        crisis_flag=bool(matches),
        crisis_categories=codes,
        after_hours=after_hours,
    )
    found = resources.crisis_resources(client) if (matches or after_hours) else None
    reply = None
    if after_hours and agreement is not None and found is not None:
        reply = Message.objects.create(
            client=client,
            organisation_id=client.organisation_id,
            direction=Direction.TO_CLIENT,
            kind=MessageKind.AUTO_REPLY,
            body=_auto_reply_text(client, agreement, found, now),
            created_at=now + dt.timedelta(microseconds=1),
            in_reply_to=message,
        )
    if matches:
        alerts.tell_care_team(
            client,
            kind="message_crisis_language",
            title=f"Crisis language in a message from {alerts.label(client)}",
            link=alerts.client_link(client, "messages/"),
            dedupe_key=f"message:{message.pk}:crisis",
            urgent=True,
            email=True,
        )
    else:
        alerts.tell_care_team(
            client,
            kind="message_new",
            title=f"New message from {alerts.label(client)}",
            link=alerts.client_link(client, "messages/"),
            dedupe_key=f"message:{message.pk}:new",
        )
    audit.record(
        actor=actor,
        action="message.sent",
        client=client,
        target=message,
        details={"crisis": bool(matches), "after_hours": after_hours, "auto_reply": bool(reply)},
    )
    return Sent(message, bool(matches), reply, found if matches else None, codes)


def _client_channel(client: Any) -> str:
    schedule = getattr(client, "checkin_schedule", None)
    try:
        channel = schedule.reminder_channel if schedule is not None else ""
    except Exception:
        channel = ""
    if channel in ("sms", "email"):
        return channel
    if client.email:
        return "email"
    return "sms" if client.phone else ""


@transaction.atomic
def send_to_client(
    *, actor: Any, client: Any, body: Any, in_reply_to: int | None = None
) -> Message:
    """A clinician writes to the client; the client is told there is a message, never what it says."""
    if not getattr(actor, "is_clinical", False) or actor.organisation_id != client.organisation_id:
        raise NotAllowed("only clinicians and supervisors write to clients")
    text = clean_body(body)
    parent = None
    if in_reply_to is not None:
        parent = Message.objects.filter(pk=in_reply_to, client_id=client.pk).first()
        if parent is None:
            raise InvalidInput("no such message for this client", field="in_reply_to")
    now = timezone.now()
    message = Message.objects.create(
        client=client,
        organisation_id=client.organisation_id,
        direction=Direction.TO_CLIENT,
        author=actor,
        body=text,
        created_at=now,
        in_reply_to=parent,
    )
    Message.objects.filter(
        client_id=client.pk, direction=Direction.FROM_CLIENT, read_at__isnull=True
    ).update(read_at=now)
    alerts.tell_client(
        client,
        kind="message_new",
        title="You have a new message in Safeplan",
        link="/portal/messages/",
        dedupe_key=f"message:{message.pk}:client",
    )
    channel = _client_channel(client)
    if channel:
        alerts.contact_client(
            client,
            channel=channel,
            template="client_new_message",
            context={"link": "/portal/messages/"},
            dedupe_key=f"message:{message.pk}:client:{channel}",
        )
    audit.record(
        actor=actor,
        action="message.sent",
        client=client,
        target=message,
        details={"to_client": True, "reply": parent is not None},
    )
    return message


@transaction.atomic
def mark_read_by_client(*, actor: Any, client: Any) -> int:
    if client.portal_user_id != actor.pk:
        raise NotAllowed("clients read only their own messages")
    return Message.objects.filter(
        client_id=client.pk, direction=Direction.TO_CLIENT, read_at__isnull=True
    ).update(read_at=timezone.now())


def mark_read_by_staff(*, actor: Any, client: Any) -> int:
    """A clinician or supervisor read the conversation: the client's messages are read (one UPDATE)."""
    if not getattr(actor, "is_clinical", False):
        return 0
    return Message.objects.filter(
        client_id=client.pk, direction=Direction.FROM_CLIENT, read_at__isnull=True
    ).update(read_at=timezone.now())
