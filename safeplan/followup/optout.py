"""The signed one-action opt-out link of a caring-contacts series (clinical-rules.md §7.2: opt-out honoured
at once). Reads only: the opt-out itself is ``services.caring.opt_out``.
"""

from __future__ import annotations

import datetime as dt

from django.core import signing

from safeplan.followup.models import CaringSeries
from safeplan.lib.errors import InvalidInput

OPT_OUT_SALT = "safeplan.followup.caring-opt-out"
# A series runs 12 to 24 months; its link keeps working a while after the last note.
OPT_OUT_MAX_AGE = dt.timedelta(days=2 * 365 + 90)


class BadOptOutLink(InvalidInput):
    status = 400


def opt_out_token(series: CaringSeries) -> str:
    return signing.dumps({"s": series.pk}, salt=OPT_OUT_SALT, compress=False)


def opt_out_path(series: CaringSeries) -> str:
    return f"/caring/stop/{opt_out_token(series)}/"


def series_for_token(token: str) -> CaringSeries:
    """The series a signed opt-out link names; ``BadOptOutLink`` (400) when forged or expired."""
    try:
        payload = signing.loads(token, salt=OPT_OUT_SALT, max_age=OPT_OUT_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise BadOptOutLink("this link has expired", field="token") from exc
    except signing.BadSignature as exc:
        raise BadOptOutLink("this link is not valid", field="token") from exc
    series = CaringSeries.objects.select_related("client").filter(pk=payload.get("s")).first()
    if series is None:
        raise BadOptOutLink("this link is not valid", field="token")
    return series
