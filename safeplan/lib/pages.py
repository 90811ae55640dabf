"""Small helpers shared by the page views."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safeplan.lib.errors import DomainError


def domain_error_page(
    request: HttpRequest, exc: DomainError, title: str = "Not allowed"
) -> HttpResponse:
    """The site's error page for a refused action, with the service's message and status (never a 500)."""
    return render(
        request,
        "error.html",
        {"status": exc.status, "title": title, "message": exc.message},
        status=exc.status,
    )
