"""Pages reached without a login: the caring-contacts opt-out link and the calendar feed.

Both are authenticated by what is in the URL: a signed token (opt-out) or a secret (calendar). A forged
or expired token gets a 400 page and writes nothing. Neither page shows any client detail.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from safeplan.followup import optout
from safeplan.followup.calendar_feed import feed_for_secret, render_feed
from safeplan.followup.services import caring
from safeplan.lib import ratelimit


@never_cache
@require_http_methods(["GET", "POST"])
def opt_out(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows one button; POST stops the series at once. (A GET never changes anything, so link
    scanners in mail systems cannot opt a client out by following the link.)"""
    try:
        series = optout.series_for_token(token)
    except optout.BadOptOutLink as exc:
        return render(request, "followup/opt_out_invalid.html", {"reason": exc.message}, status=400)
    lang = series.language if series.language in ("en", "es") else "en"
    translation.activate(lang)
    if request.method == "POST":
        caring.opt_out(series=series, via="link")
        return render(request, "followup/opt_out_done.html", {"portal": False})
    return render(
        request,
        "followup/opt_out.html",
        {"already": series.ended_at is not None, "token": token},
    )


@never_cache
@require_GET
def calendar(request: HttpRequest, secret: str) -> HttpResponse:
    ip = request.META.get("REMOTE_ADDR", "")
    if ratelimit.too_many("calendar-feed-miss", ip, limit=20, window=60):
        return HttpResponse("Too many requests", status=429, content_type="text/plain")
    feed = feed_for_secret(secret)
    if feed is None:
        ratelimit.count("calendar-feed-miss", ip, window=60)
        raise Http404("Not found")
    response = HttpResponse(render_feed(feed), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="safeplan.ics"'
    return response
