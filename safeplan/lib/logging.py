"""Keep client data out of logs.

Log records may carry ids and actions only. The filter below is a second line of defence: it drops the
request object Django attaches to ``django.request`` records (its repr can include the path and query)
and strips query strings from anything that looks like a URL.
"""

from __future__ import annotations

import logging
import re

_QUERY = re.compile(r"(\?[^\s\"']*)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


def scrub(text: str) -> str:
    return _EMAIL.sub("[email]", _QUERY.sub("?[removed]", text))


class ScrubFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if hasattr(record, "request"):
            record.request = None
        if isinstance(record.msg, str):
            record.msg = scrub(record.msg)
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(scrub(a) if isinstance(a, str) else a for a in record.args)
        return True
