"""Template filters every page has without ``{% load %}`` (settings TEMPLATES builtins).

- ``{{ text|public_source }}``: a source named by its publisher, never by our files, sections or hashes
  (``lib.citations``).
- ``{{ text|reference_text }}``: reference data (crisis-line names, hours and notes, the demo's default
  texts) in the page's language where a translation is catalogued (``directory.reference_i18n``).
- ``{% when value [style] [client=client] %}``: a time in the reader's zone with its abbreviation, and
  the client's local time beside it when ``client`` is given and lives in another zone (``lib.times``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.translation import pgettext

from safeplan.lib import times
from safeplan.lib.citations import public_source as _public_source

register = template.Library()


@register.filter
def public_source(text: object) -> str:
    return _public_source(str(text or ""))


@register.simple_tag
def when(value: Any, style: str = "datetime", client: Any = None) -> str:
    """``<time>`` with the reader's zone, plus the client's time beside it when it differs."""
    if not isinstance(value, dt.datetime):
        return "" if value in (None, "") else str(value)
    shown = times.format_time(value, style)
    beside = times.client_beside(value, getattr(client, "time_zone", ""), style) if client else ""
    if beside:
        return format_html(
            '<time datetime="{}">{}</time> <span class="small muted client-time">({})</span>',
            value.isoformat(),
            shown,
            beside,
        )
    return format_html('<time datetime="{}">{}</time>', value.isoformat(), shown)


@register.filter
def reference_text(text: object) -> str:
    value = str(text or "")
    if not value:
        return ""
    whole = pgettext("reference data", value)
    if whole != value:
        return whole
    return " · ".join(pgettext("reference data", part) for part in value.split(" · "))
