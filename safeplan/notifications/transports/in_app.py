"""In-app delivery of a queued message: it becomes a notification on the person's Safeplan home."""

from __future__ import annotations

from typing import Any

from safeplan.notifications.transports.base import TransportError


class InAppTransport:
    channel = "in_app"

    def deliver(self, message: Any, subject: str) -> None:
        from safeplan.notifications import services

        if message.to_user_id is None:
            raise TransportError("in-app-no-user", permanent=True)
        services.notify(
            recipients=[message.to_user],
            kind=message.template[:40],
            title=subject[:200],
            link=str(message.context.get("link") or ""),
            client=message.client,
            dedupe_key=f"outbox:{message.pk}",
        )
