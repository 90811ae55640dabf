"""Clinician pages for the emergency profile (clinical-rules.md §1.1, §8, §9, §1.4): the overview and the
forms for each part. Every page goes through ``get_client_for`` and writes through the services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.audit import services as audit
from safeplan.clients.access import get_client_for
from safeplan.lib.errors import DomainError
from safeplan.lib.pages import domain_error_page
from safeplan.telehealth import forms as f
from safeplan.telehealth import selectors
from safeplan.telehealth.models import (
    Channel,
    ConfirmationMethod,
    ExcludedPerson,
    Guardian,
    OtherProvider,
    SupportPerson,
    UsualLocation,
)
from safeplan.telehealth.services import agreements, locations, people


def staff_client(request: HttpRequest, client_id: int) -> tuple[Any, Any]:
    user: Any = request.user
    if not getattr(user, "is_staff_role", False):
        raise Http404("Not found")
    return user, get_client_for(user, client_id)


def profile_url(client: Any, anchor: str = "") -> str:
    return f"/clients/{client.pk}/emergency-profile/" + (f"#{anchor}" if anchor else "")


def render_form(
    request: HttpRequest, client: Any, form: forms.Form, title: str, anchor: str, **extra: Any
) -> HttpResponse:
    context = {
        "client": client,
        "form": form,
        "title": title,
        "cancel_url": profile_url(client, anchor),
        **extra,
    }
    return render(request, "telehealth/form.html", context, status=422 if form.errors else 200)


def _record(model: type[Any], client: Any, pk: int) -> Any:
    found = model.objects.filter(pk=pk, client_id=client.pk, archived_at__isnull=True).first()
    if found is None:
        raise Http404("Not found")
    return found


@login_required
def profile(request: HttpRequest, client_id: int) -> HttpResponse:
    user, client = staff_client(request, client_id)
    view = selectors.emergency_profile(user, client)
    agreement = view.boundaries
    context = {
        "client": client,
        "view": view,
        "p": profile_url(client),
        "location_rows": [(loc, view.resources.get(loc.pk, [])) for loc in view.locations],
        "methods": ConfirmationMethod.choices,
        "hours": [
            (f.DAYS[w["day"]], w["start"], w["end"]) for w in (agreement.hours if agreement else [])
        ],
        "channels": [
            (Channel(c["channel"]).label, c["response_hours"])
            for c in (agreement.channels if agreement else [])
        ],
    }
    return render(request, "telehealth/profile.html", context)


# --- locations and local resources --------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def location_form(
    request: HttpRequest, client_id: int, location_id: int | None = None
) -> HttpResponse:
    user, client = staff_client(request, client_id)
    location = _record(UsualLocation, client, location_id) if location_id else None
    initial = (
        {
            "kind": location.kind,
            "label": location.label,
            "phone": location.phone,
            **location.as_address(),
        }
        if location
        else {"country": client.country, "region": client.region}
    )
    form = f.LocationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if location is None:
                location = locations.add_location(
                    actor=user,
                    client=client,
                    kind=data["kind"],
                    label=data["label"],
                    phone_at_location=data["phone"],
                    address=form.address(),
                )
            else:
                locations.update_location(
                    actor=user,
                    client=client,
                    location=location,
                    changes={
                        **form.address(),
                        "kind": data["kind"],
                        "label": data["label"],
                        "phone": data["phone"],
                    },
                )
        except DomainError as exc:
            f.apply_problems(form, exc)
        else:
            return redirect(profile_url(client, f"location-{location.pk}"))
    elif location is not None:
        audit.record(
            actor=user, action="telehealth.location_viewed", client=client, target=location
        )
    title = "Edit location" if location else "Add a usual location"
    return render_form(request, client, form, title, "locations")


@login_required
@require_POST
def location_archive(request: HttpRequest, client_id: int, location_id: int) -> HttpResponse:
    user, client = staff_client(request, client_id)
    locations.archive_location(
        actor=user, client=client, location=_record(UsualLocation, client, location_id)
    )
    return redirect(profile_url(client, "locations"))


@login_required
@require_http_methods(["GET", "POST"])
def resource_new(request: HttpRequest, client_id: int, location_id: int) -> HttpResponse:
    user, client = staff_client(request, client_id)
    location = _record(UsualLocation, client, location_id)
    form = f.ResourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            locations.add_resource(
                actor=user,
                client=client,
                location=location,
                kind=data["kind"],
                name=data["name"],
                number=data["phone"],
                address=data["address"],
                method=data["method"],
                note=data["note"],
            )
        except DomainError as exc:
            f.apply_problems(form, exc)
        else:
            return redirect(profile_url(client, f"location-{location.pk}"))
    return render_form(request, client, form, "Add a local number", f"location-{location.pk}")


@login_required
@require_POST
def resource_confirm(request: HttpRequest, client_id: int, resource_id: int) -> HttpResponse:
    user, client = staff_client(request, client_id)
    form = f.ConfirmForm(request.POST)
    if form.is_valid():
        try:
            resource = locations.confirm_resource(
                actor=user,
                client=client,
                resource_id=resource_id,
                method=form.cleaned_data["method"],
                note=form.cleaned_data["note"],
                corrected_phone=form.cleaned_data["phone"],
            )
        except DomainError as exc:
            f.apply_problems(form, exc, {"resource_id": "method"})
        else:
            return redirect(profile_url(client, f"location-{resource.location_id}"))
    return render_form(request, client, form, "Confirm a local number", "locations")


@login_required
@require_POST
def resource_reject(request: HttpRequest, client_id: int, resource_id: int) -> HttpResponse:
    user, client = staff_client(request, client_id)
    try:
        resource = locations.reject_resource(actor=user, client=client, resource_id=resource_id)
    except DomainError as exc:
        return domain_error_page(request, exc, "Not changed")
    return redirect(profile_url(client, f"location-{resource.location_id}"))


# --- people --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    model: type[Any]
    form: type[forms.Form]
    add: Any
    update: Any
    archive: Any
    arg: str
    noun: str
    anchor: str
    fields: tuple[str, ...]


KINDS = {
    "support-persons": Kind(
        SupportPerson,
        f.SupportPersonForm,
        people.add_support_person,
        people.update_support_person,
        people.archive_support_person,
        "person",
        "support person",
        "support",
        (
            "name",
            "relationship",
            "phone",
            "alt_phone",
            "lives_nearby",
            "can_attend_in_person",
            "notes",
        ),
    ),
    "providers": Kind(
        OtherProvider,
        f.ProviderForm,
        people.add_provider,
        people.update_provider,
        people.archive_provider,
        "provider",
        "provider",
        "providers",
        ("name", "role", "organisation_name", "phone"),
    ),
    "guardians": Kind(
        Guardian,
        f.GuardianForm,
        people.add_guardian,
        people.update_guardian,
        people.archive_guardian,
        "guardian",
        "guardian or safe adult",
        "minor",
        (
            "name",
            "relationship",
            "phone",
            "alt_phone",
            "is_legal_guardian",
            "is_safe_adult",
            "lives_with_client",
            "authority_note",
        ),
    ),
    "excluded-persons": Kind(
        ExcludedPerson,
        f.ExcludedForm,
        people.add_excluded_person,
        None,
        people.remove_excluded_person,
        "person",
        "excluded person",
        "minor",
        ("name", "relationship", "reason"),
    ),
}


@login_required
@require_http_methods(["GET", "POST"])
def record_form(
    request: HttpRequest, client_id: int, kind: str, pk: int | None = None
) -> HttpResponse:
    user, client = staff_client(request, client_id)
    spec = KINDS[kind]
    record = _record(spec.model, client, pk) if pk else None
    if record is not None and spec.update is None:
        raise Http404("Not found")
    initial = {name: getattr(record, name) for name in spec.fields} if record else None
    form = spec.form(request.POST or None, initial=initial)
    if record is not None:
        for name in [n for n in form.fields if n.startswith("consent_")]:
            del form.fields[name]
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data.get(name) for name in spec.fields}
        try:
            if record is None:
                consent = form.consent() if isinstance(form, f.ConsentFields) else None
                record = spec.add(actor=user, client=client, data={**data, "consent": consent})
            else:
                spec.update(actor=user, client=client, changes=data, **{spec.arg: record})
        except DomainError as exc:
            f.apply_problems(form, exc)
        else:
            return redirect(profile_url(client, spec.anchor))
    elif record is not None:
        audit.record(actor=user, action="telehealth.record_viewed", client=client, target=record)
    title = f"Edit {spec.noun}" if record else f"Add a {spec.noun}"
    return render_form(request, client, form, title, spec.anchor)


@login_required
@require_POST
def record_archive(request: HttpRequest, client_id: int, kind: str, pk: int) -> HttpResponse:
    user, client = staff_client(request, client_id)
    spec = KINDS[kind]
    spec.archive(actor=user, client=client, **{spec.arg: _record(spec.model, client, pk)})
    return redirect(profile_url(client, spec.anchor))


@login_required
@require_http_methods(["GET", "POST"])
def consent_new(request: HttpRequest, client_id: int, kind: str, pk: int) -> HttpResponse:
    user, client = staff_client(request, client_id)
    spec = KINDS[kind]
    holder = _record(spec.model, client, pk)
    form = f.ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people.record_consent(
                actor=user, client=client, data=form.cleaned_data, **{spec.arg: holder}
            )
        except DomainError as exc:
            f.apply_problems(form, exc)
        else:
            return redirect(profile_url(client, spec.anchor))
    return render_form(request, client, form, "Record a release of information", spec.anchor)


@login_required
@require_POST
def consent_revoke(request: HttpRequest, client_id: int, kind: str, pk: int) -> HttpResponse:
    user, client = staff_client(request, client_id)
    spec = KINDS[kind]
    holder = _record(spec.model, client, pk)
    try:
        people.revoke_consent(actor=user, client=client, **{spec.arg: holder})
    except DomainError as exc:
        return domain_error_page(request, exc, "Not changed")
    return redirect(profile_url(client, spec.anchor))


@login_required
@require_http_methods(["GET", "POST"])
def no_support_reason(request: HttpRequest, client_id: int) -> HttpResponse:
    user, client = staff_client(request, client_id)
    existing = getattr(client, "emergency_profile", None)
    initial = {"no_support_person_reason": existing.no_support_person_reason if existing else ""}
    form = f.NoSupportReasonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            people.set_no_support_person_reason(
                actor=user, client=client, reason=form.cleaned_data["no_support_person_reason"]
            )
        except DomainError as exc:
            f.apply_problems(form, exc)
        else:
            return redirect(profile_url(client, "support"))
    return render_form(request, client, form, "No consented support person", "support")


# --- agreements ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def backup_plan(request: HttpRequest, client_id: int) -> HttpResponse:
    user, client = staff_client(request, client_id)
    current = (
        selectors.agreement_read(user, client, "backup_plan")
        if request.method == "GET"
        else selectors.current_backup_plan(client)
    )
    timers = agreements.timer_defaults(client.organisation)
    initial: dict[str, Any] = {"backup_phone": client.phone, **timers}
    if current is not None:
        initial = {name: getattr(current, name) for name in f.BackupPlanForm.base_fields}
    form = f.BackupPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agreements.save_backup_plan(actor=user, client=client, data=form.cleaned_data)
        except DomainError as exc:
            f.apply_problems(form, exc)
        else:
            return redirect(profile_url(client, "backup"))
    return render_form(request, client, form, "Technology backup plan", "backup")


@login_required
@require_http_methods(["GET", "POST"])
def boundaries(request: HttpRequest, client_id: int) -> HttpResponse:
    user, client = staff_client(request, client_id)
    current = (
        selectors.agreement_read(user, client, "boundaries") if request.method == "GET" else None
    )
    initial: dict[str, Any] = {}
    if current is not None:
        initial = {
            "after_hours_instructions": current.after_hours_instructions,
            "agreed_on": current.agreed_on,
        }
        for window in current.hours:
            initial[f"day{window['day']}_start"] = window["start"]
            initial[f"day{window['day']}_end"] = window["end"]
        for channel in current.channels:
            initial[f"channel_{channel['channel']}"] = channel["response_hours"]
    form = f.BoundariesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {
            "hours": form.hours(),
            "channels": form.channels(),
            "after_hours_instructions": form.cleaned_data["after_hours_instructions"],
            "agreed_on": form.cleaned_data["agreed_on"],
        }
        try:
            agreements.save_boundaries(actor=user, client=client, data=data)
        except DomainError as exc:
            problems = getattr(exc, "problems", None) or [(exc.field or "", exc.message)]
            for field, message in problems:
                form.add_error(field if field in form.fields else None, f"{field}: {message}")
        else:
            return redirect(profile_url(client, "boundaries"))
    return render_form(
        request,
        client,
        form,
        "Boundaries agreement",
        "boundaries",
        help_text=f"Hours are in your time zone ({user.time_zone}); the client sees them in theirs "
        f"({client.time_zone}).",
    )
