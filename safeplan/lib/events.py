"""Domain events inside one process: a lower app says what happened, the apps above it react (issue 17).

The lower app publishes without importing the apps that care::

    from safeplan.lib import events
    events.publish("risk.means_found", client=client, means="firearm", actor=actor, source="safet:12")

and an app above it subscribes, in a module imported from its ``AppConfig.ready()``::

    @events.subscriber("risk.means_found")
    def add_means_entry(*, client, means, actor, source): ...

``publish`` calls every subscriber of the name at once, in the order they registered, inside the
publisher's transaction: what they write commits or rolls back with the publisher's own rows, and an
exception from a subscriber reaches the publisher (who decides whether it is fatal, e.g. in a savepoint).
Payloads are keyword arguments; each event's names and payload are documented where it is published
(``safeplan/<app>/events.py``). Names are ``app.what_happened``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

Subscriber = Callable[..., Any]

_NAME = re.compile(r"^[a-z_]+\.[a-z_]+$")
_subscribers: defaultdict[str, list[Subscriber]] = defaultdict(list)


def _check(name: str) -> None:
    if not _NAME.match(name):
        raise ValueError(f"event names are 'app.what_happened', not {name!r}")


def subscribe(name: str, handler: Subscriber) -> None:
    """Register ``handler`` for ``name`` (once: registering the same function again changes nothing)."""
    _check(name)
    if handler not in _subscribers[name]:
        _subscribers[name].append(handler)


def subscriber(name: str) -> Callable[[Subscriber], Subscriber]:
    """Decorator form of ``subscribe``."""

    def register(handler: Subscriber) -> Subscriber:
        subscribe(name, handler)
        return handler

    return register


def subscribers(name: str) -> list[Subscriber]:
    """The handlers of ``name``, in the order they run."""
    return list(_subscribers.get(name, ()))


def publish(name: str, **payload: Any) -> int:
    """Call every subscriber of ``name`` with ``payload``; returns how many ran."""
    _check(name)
    handlers = subscribers(name)
    for handler in handlers:
        handler(**payload)
    return len(handlers)
