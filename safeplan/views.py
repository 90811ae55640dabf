"""Site-wide views: health check and error pages that never show client data."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from safeplan.accounts.denials import record_denial


def healthz(request: HttpRequest) -> JsonResponse:
    """200 {"status": "ok"} when the database answers; reports the worker heartbeat's age."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    body: dict[str, Any] = {"status": "ok", "database": "ok"}
    try:
        from safeplan.worker.heartbeat import worker_status

        body["worker"] = worker_status()
    except ImportError:
        pass
    return JsonResponse(body)


def livez(request: HttpRequest) -> HttpResponse:
    """Liveness without touching the database; also the minimal view the benchmarks use as the ceiling."""
    return HttpResponse("ok", content_type="text/plain")


def _error(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": title}, status=status)
    return render(
        request, "error.html", {"status": status, "title": title, "message": message}, status=status
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, 400, "Bad request", "The request could not be understood.")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    record_denial(request, 403)
    return _error(request, 403, "Not allowed", "You do not have permission for this action.")


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    record_denial(request, 404)  # who, which route and ids: browsing for records is visible
    return _error(
        request, 404, "Not found", "There is nothing here, or you do not have access to it."
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500, "Something went wrong", "The error was recorded. Please try again.")
