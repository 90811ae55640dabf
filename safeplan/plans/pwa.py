"""The offline app of the client's plan: service worker, web app manifest and the offline fallback page.

clinical-rules.md §2.1 process rules ("where the plan is kept and how it will be found in a crisis": an
offline copy). The worker is served from ``/portal/sw.js`` (scope ``/portal/``, ``Service-Worker-Allowed``)
as a file, never inline (the CSP allows only ``script-src 'self'``). It keeps the last plan page the client
opened, refreshes it whenever the network answers, and shows it with no network; the page says when it was
last refreshed. Logging out clears it (the portal's logout sends ``Clear-Site-Data: "cache", "storage"`` and
its script empties the caches). The app's name is a discreet "My plan" for shared devices.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache

from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.translation import gettext as _

# Files the offline page needs, fetched once when the worker installs.
SHELL_ASSETS = (
    "css/safeplan.css",
    "css/portal.css",
    "css/plans.css",
    "js/portal.js",
    "js/plans.js",
)
PLAN_URL = "/portal/plan/"
OFFLINE_URL = "/portal/offline/"


@lru_cache(maxsize=1)
def _assets_digest() -> str:
    """Changes whenever a shell file changes, so browsers install the new worker and drop old caches."""
    digest = hashlib.sha256()
    for name in SHELL_ASSETS:
        path = finders.find(name)
        if isinstance(path, str):
            with open(path, "rb") as fh:
                digest.update(fh.read())
    return digest.hexdigest()[:12]


def service_worker(request: HttpRequest) -> HttpResponse:
    body = render_to_string(
        "plans/sw.js",
        {
            "version": _assets_digest(),
            "plan_url": PLAN_URL,
            "offline_url": OFFLINE_URL,
            "assets": json.dumps([static(name) for name in SHELL_ASSETS]),
        },
    )
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/portal/"
    # Browsers check for a new worker on every navigation; never serve a stale one from a cache.
    response["Cache-Control"] = "no-cache"
    return response


def manifest(request: HttpRequest) -> HttpResponse:
    data = {
        "name": _("My plan"),
        "short_name": _("My plan"),
        "description": _("A plan for hard moments, readable without a connection."),
        "start_url": PLAN_URL,
        "scope": "/portal/",
        "display": "standalone",
        "background_color": "#f4f6f8",
        "theme_color": "#12263f",
        "icons": [
            {"src": static("plans/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            {"src": static("plans/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("plans/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )
    response["Cache-Control"] = "no-cache"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the worker when there is no network and no saved copy of the plan on this device."""
    return render(request, "plans/offline.html")
