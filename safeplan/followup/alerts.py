"""Who is told what about a client, through ``notifications.notify`` (titles carry no names).

Titles name the client by record number and initials ("A-001 (CT)"): they reach phones and inboxes.
Links are paths of ids.
"""

from __future__ import annotations

from typing import Any

from safeplan.clients.selectors import care_team_of, supervisors_of
from safeplan.notifications import services as notifications


def label(client: Any) -> str:
    return f"{client.record_number} ({client.initials})"


def client_link(client: Any, suffix: str = "") -> str:
    return f"/clients/{client.pk}/{suffix}"


care_team = care_team_of
supervisors = supervisors_of


def tell_care_team(
    client: Any,
    *,
    kind: str,
    title: str,
    link: str,
    dedupe_key: str,
    urgent: bool = False,
    email: bool = False,
) -> int:
    """The care team, or the supervisors when nobody is on it (an alert must reach someone)."""
    recipients = care_team(client) or supervisors(client)
    return notifications.notify(
        recipients=recipients,
        kind=kind,
        title=title,
        link=link,
        client=client,
        dedupe_key=dedupe_key,
        urgent=urgent,
        email=email,
    )


def tell_supervisors(
    client: Any, *, kind: str, title: str, link: str, dedupe_key: str, email: bool = True
) -> int:
    return notifications.notify(
        recipients=supervisors(client),
        kind=kind,
        title=title,
        link=link,
        client=client,
        dedupe_key=dedupe_key,
        urgent=True,
        email=email,
    )


def tell_client(client: Any, *, kind: str, title: str, link: str, dedupe_key: str) -> int:
    """An in-app notice on the client's portal (when they have a login)."""
    if client.portal_user_id is None:
        return 0
    return notifications.notify(
        recipients=[client.portal_user],
        kind=kind,
        title=title,
        link=link,
        client=client,
        dedupe_key=dedupe_key,
    )


def contact_client(
    client: Any, *, channel: str, template: str, context: dict[str, Any], dedupe_key: str
) -> Any:
    """An email or text to the client through the outbox (content decided by the template: never clinical).

    Returns the queued message, or None when the client has no address for ``channel``.
    """
    address = client.phone if channel == "sms" else client.email if channel == "email" else ""
    if not address:
        return None
    return notifications.enqueue_message(
        channel=channel,
        to_address=address,
        template=template,
        context={"language": client.preferred_language or "en", **context},
        dedupe_key=dedupe_key,
        client=client,
    )
