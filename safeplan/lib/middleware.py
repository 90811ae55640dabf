"""Request context for the audit log: a request id and the client address, never the URL's query."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
remote_addr: contextvars.ContextVar[str] = contextvars.ContextVar("remote_addr", default="")
channel: contextvars.ContextVar[str] = contextvars.ContextVar("channel", default="job")
# Clients this request reached through an emergency ("break the glass") grant; their audit rows are flagged.
break_glass_clients: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "break_glass_clients", default=frozenset()
)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = uuid.uuid4().hex[:16]
        t1 = request_id.set(rid)
        t2 = remote_addr.set(request.META.get("REMOTE_ADDR", "") or "")
        t3 = channel.set("api" if request.path.startswith("/api/") else "page")
        t4 = break_glass_clients.set(frozenset())
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(t1)
            remote_addr.reset(t2)
            channel.reset(t3)
            break_glass_clients.reset(t4)
        response["X-Request-Id"] = rid
        if request.path.startswith(("/api/", "/portal/", "/clients/", "/sessions/")):
            # Client data must not linger in shared caches or the back/forward cache of a shared device.
            response.setdefault("Cache-Control", "no-store")
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()"
        )
        return response
