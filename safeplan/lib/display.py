"""Template filters every page has without ``{% load %}`` (settings TEMPLATES builtins).

- ``{{ text|public_source }}``: a source named by its publisher, never by our files, sections or hashes
  (``lib.citations``).
"""

from __future__ import annotations

from django import template

from safeplan.lib.citations import public_source as _public_source

register = template.Library()


@register.filter
def public_source(text: object) -> str:
    return _public_source(str(text or ""))
