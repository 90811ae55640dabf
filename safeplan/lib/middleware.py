"""Request context for the audit log (a request id and the client address, never the URL's query), and
the request limits every request passes first (body size, text that cannot be stored)."""

from __future__ import annotations

import contextvars
import json
import logging
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from safeplan.lib import rls
from safeplan.lib.validation import UNENCODABLE_MESSAGE, first_unencodable, unencodable_reason

logger = logging.getLogger("safeplan.requests")

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


class RequestLimitsMiddleware:
    """The edge of every request: bodies over the limit and text that cannot be stored, refused first.

    - A body longer than ``SAFEPLAN_MAX_BODY_BYTES`` is answered 413 (``{"detail": ...}`` for the API, the
      error page otherwise) before anything reads it. The body is read and dropped first (up to
      ``DRAIN_LIMIT``), so the client receives the answer instead of a reset connection; nothing is logged
      beyond one warning line with the sizes.
    - A JSON body, a form or a query string holding a lone surrogate or a NUL (see
      ``lib.validation.unencodable_reason``) is answered 422 naming the field, whatever the view or schema.
    """

    DRAIN_LIMIT = 32 * 1024 * 1024
    WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refused = self._too_large(request) or self._unencodable(request)
        if refused is not None:
            return refused
        return self.get_response(request)

    def _too_large(self, request: HttpRequest) -> HttpResponse | None:
        from django.conf import settings

        limit = int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= limit:
            return None
        _drain(request, min(length, self.DRAIN_LIMIT))
        logger.warning("request body of %d bytes refused (limit %d)", length, limit)
        detail = (
            f"The request body is {length} bytes; the limit is {limit} bytes "
            f"({limit // 1024} KiB). Send less at a time."
        )
        return _refusal(request, 413, "Request too large", detail, detail)

    def _unencodable(self, request: HttpRequest) -> HttpResponse | None:
        location = _first_bad_query(request)
        if location is None and request.method in self.WRITE_METHODS:
            content_type = request.content_type or ""
            if content_type == "application/json" or content_type.endswith("+json"):
                location = _first_bad_json(request)
            elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                location = _first_bad_form(request)
        if location is None:
            return None
        detail = [{"loc": list(location), "msg": UNENCODABLE_MESSAGE, "type": "value_error"}]
        message = f"The field {'.'.join(location[1:])} {UNENCODABLE_MESSAGE}."
        return _refusal(request, 422, "Text that cannot be stored", detail, message)


def _drain(request: HttpRequest, length: int) -> None:
    stream = request.META.get("wsgi.input")
    remaining = length
    try:
        while stream is not None and remaining > 0:
            chunk = stream.read(min(65536, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
    except OSError:
        pass


def _first_bad_query(request: HttpRequest) -> tuple[str, ...] | None:
    for key, values in request.GET.lists():
        for value in (key, *values):
            if unencodable_reason(value):
                return ("query", key if not unencodable_reason(key) else "?")
    return None


def _first_bad_json(request: HttpRequest) -> tuple[str, ...] | None:
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None  # not JSON: the API answers that itself (400)
    found = first_unencodable(data)
    return None if found is None else ("body", *found)


def _first_bad_form(request: HttpRequest) -> tuple[str, ...] | None:
    try:
        fields = request.POST.lists()
    except Exception:  # a malformed multipart body is answered by Django's own 400
        return None
    for key, values in fields:
        for value in (key, *values):
            if isinstance(value, str) and unencodable_reason(value):
                return ("body", key if not unencodable_reason(key) else "?")
    return None


def _refusal(
    request: HttpRequest, status: int, title: str, detail: object, message: str
) -> HttpResponse:
    if request.path.startswith("/api/") or (request.content_type or "").endswith("json"):
        return JsonResponse({"detail": detail}, status=status)
    from django.shortcuts import render

    return render(
        request, "error.html", {"status": status, "title": title, "message": message}, status=status
    )


class RowLevelScopeMiddleware:
    """PostgreSQL row-level security: this request's queries see the signed-in user's organisation only.

    Runs after authentication; the API's bearer authentication narrows it again once the token names the
    user (``accounts.api_auth``). Off unless ``settings.ROW_LEVEL_SECURITY`` (see lib/rls.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.db import connection

        if settings.ROW_LEVEL_SECURITY and not request.path.startswith(
            ("/livez", "/healthz", "/static/")
        ):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                rls.set_scope(connection, user.organisation_id)
            else:
                rls.set_scope(connection, None, all_orgs=True)
        return self.get_response(request)
