"""The clinician-facing directory lookup page: a country's numbers and crisis lines; for a US ZIP, the
nearest emergency departments, the county's 911 centres and candidate police lines.

Every number is shown with its source and date; candidate numbers are marked "unverified — confirm by
phone"; short emergency codes (911, 112, 999) are text only, never a ``tel:`` link (PRODUCT.md rule:
no plain "Call 911" on the clinician's screen; clinical-rules.md §10.5).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from safeplan.audit import services as audit
from safeplan.directory import lookups
from safeplan.directory.entities import EmergencyNumber
from safeplan.directory.forms import LookupForm
from safeplan.directory.services import can_write


def staff_user(request: HttpRequest) -> Any:
    user: Any = request.user
    if not getattr(user, "is_staff_role", False):
        raise Http404("Not found")
    return user


def group_emergency_numbers(numbers: list[EmergencyNumber]) -> list[dict[str, Any]]:
    """One row per number with every service it reaches ("999: police, ambulance, fire")."""
    groups: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for n in numbers:
        group = groups.setdefault(
            n.number,
            {"number": n.number, "services": [], "descriptions": [], "sources": []},
        )
        group["services"].append(n.service)
        if n.description and n.description not in group["descriptions"]:
            group["descriptions"].append(n.description)
        if n.source not in group["sources"]:
            group["sources"].append(n.source)
    return list(groups.values())


@login_required
@require_GET
def lookup(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    default_country = getattr(user.organisation, "country", "US") or "US"
    params = request.GET if request.GET else None
    form = LookupForm(params, initial={"country": default_country})
    context: dict[str, Any] = {"form": form, "can_write": can_write(user)}
    if params is not None and not form.is_valid():
        return render(request, "directory/lookup.html", context, status=422)
    data = form.cleaned_data if params is not None else {"country": default_country}
    country = data["country"]
    resources = lookups.resolve_local_resources(
        organisation=user.organisation,
        country=country,
        postcode=data.get("zip", ""),
        language=data.get("language") or None,
    )
    audit.record(
        actor=user,
        action="directory.lookup",
        details={
            "country": country,
            "zip_given": bool(data.get("zip")),
            "local_entries": len(resources.org_local_entries),
        },
    )
    historical = []
    if data.get("historical"):
        historical = [
            line
            for line in lookups.crisis_lines(
                country, data.get("language") or None, include_historical=True
            )
            if line.historical
        ]
    context.update(
        {
            "country": country,
            "country_name": lookups.country_name(country),
            "resources": resources,
            "emergency_groups": group_emergency_numbers(resources.emergency_numbers),
            "historical_lines": historical,
            "searched_zip": bool(data.get("zip")),
            "language": data.get("language") or "",
        }
    )
    return render(request, "directory/lookup.html", context)
