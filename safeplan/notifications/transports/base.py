"""What every transport shares: the error that says whether a retry can help.

Pattern from healthchecks' ``hc/api/transports.py``: a permanent error (an invalid number, a rejected
address, missing credentials) stops retries and is shown to staff; a temporary one (a refused connection, a
timeout, a 5xx from the provider) is retried with backoff.
"""

from __future__ import annotations

from dataclasses import dataclass


class TransportError(Exception):
    """Delivery failed. ``permanent`` means retrying the same message cannot succeed."""

    def __init__(self, code: str, *, permanent: bool) -> None:
        # ``code`` is short and PHI-free (e.g. "smtp-421", "twilio-21211"): it is stored and shown to staff.
        super().__init__(code)
        self.code = code[:120]
        self.permanent = permanent


@dataclass(frozen=True)
class Outgoing:
    """One rendered message ready for a transport. ``message_key`` is stable across retries."""

    to: str
    subject: str
    text: str
    message_key: str
