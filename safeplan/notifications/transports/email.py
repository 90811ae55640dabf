"""Email through Django's mail backend (SMTP settings from the environment: ``SAFEPLAN_SMTP_*``).

SMTP 5xx replies for the recipient are permanent; refused connections, timeouts and 4xx replies are
temporary. The Message-ID is derived from the outbox key, so if a retry ever follows a delivery whose
acknowledgement was lost, the receiving side sees the same message id.
"""

from __future__ import annotations

import hashlib
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection

from safeplan.notifications.transports.base import Outgoing, TransportError


def _message_id(key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    sender = str(settings.DEFAULT_FROM_EMAIL or "")
    domain = sender.rsplit("@", 1)[-1].strip(" >") if "@" in sender else "safeplan.invalid"
    return f"<{digest}@{domain}>"


def _smtp_code(exc: Exception) -> int | None:
    code = getattr(exc, "smtp_code", None)
    if isinstance(code, int):
        return code
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _m in exc.recipients.values()]
        return min(codes) if codes else None
    return None


class EmailTransport:
    channel = "email"

    def send(self, message: Outgoing) -> None:
        if "@" not in message.to:
            raise TransportError("email-no-address", permanent=True)
        email = EmailMessage(
            subject=message.subject,
            body=message.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.to],
            headers={"Message-ID": _message_id(message.message_key)},
        )
        try:
            connection = get_connection(fail_silently=False)
            sent = connection.send_messages([email])
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused) as exc:
            code = _smtp_code(exc) or 0
            raise TransportError(f"smtp-{code}", permanent=500 <= code < 600) from exc
        except smtplib.SMTPResponseException as exc:
            code = exc.smtp_code
            raise TransportError(f"smtp-{code}", permanent=500 <= code < 600) from exc
        except (TimeoutError, smtplib.SMTPException, OSError) as exc:
            raise TransportError(f"smtp-{type(exc).__name__}", permanent=False) from exc
        if sent != 1:
            raise TransportError("smtp-not-sent", permanent=False)
