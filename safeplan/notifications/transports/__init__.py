"""Transports: email (SMTP through Django), SMS (console, file or Twilio) and in-app.

``TransportError(code, permanent=...)`` is the only error a transport raises for a failed delivery.
"""

from safeplan.notifications.transports.base import Outgoing, TransportError
from safeplan.notifications.transports.email import EmailTransport
from safeplan.notifications.transports.in_app import InAppTransport
from safeplan.notifications.transports.sms import sms_transport

__all__ = ["EmailTransport", "InAppTransport", "Outgoing", "TransportError", "sms_transport"]
