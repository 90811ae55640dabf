"""Crisis pages that write the record around the timeline: corrections, emergency disclosures, closing,
the note editor and the follow-up contact. Same services as the API; bad input shows next to its field."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.crisis import presenters, selectors, services
from safeplan.crisis.access import get_crisis_for, get_follow_up_for, get_note_for
from safeplan.crisis.forms import (
    CloseForm,
    DisclosureForm,
    FollowUpForm,
    NoteForm,
    correction_form,
)
from safeplan.crisis.models import CrisisNote, TimelineEntry
from safeplan.crisis.rules import close_checks, types
from safeplan.crisis.rules import note as note_rules
from safeplan.crisis.services.common import setting
from safeplan.crisis.views import clinical, error_page
from safeplan.lib.errors import DomainError
from safeplan.plans import means_counselling, means_rules
from safeplan.telehealth.selectors import minor_status


def close_checklist(event: Any, posted: Any) -> list[dict[str, Any]]:
    """The safety-critical steps on the close page: met (and how) or missing, with a skip field."""
    status = services.safety_status(event)
    titles = {s["code"]: s["title"] for s in event.protocol}
    rows = []
    for req, steps in close_checks.applicable(s["code"] for s in event.protocol):
        met = next((c for c in steps if status.get(c) in close_checks.ACCOUNTED), None)
        rows.append(
            {
                "code": req.code,
                "label": req.label,
                "met": met,
                "met_title": titles.get(met or "", ""),
                "met_status": status.get(met or "", ""),
                "step": steps[0],
                "step_title": titles[steps[0]],
                "reason": (posted.get(f"skip_{steps[0]}", "") if posted else ""),
            }
        )
    return rows


def _field_error(form: Any, exc: DomainError) -> None:
    problems = getattr(exc, "problems", None) or [(exc.field or "", exc.message)]
    for field, message in problems:
        name = (field or "").split(".")[-1]
        form.add_error(name if name in form.fields else None, message)


@login_required
@require_http_methods(["GET", "POST"])
def entry_correct(request: HttpRequest, event_id: int, entry_id: int) -> HttpResponse:
    user = clinical(request)
    event = get_crisis_for(user, event_id)
    entry = TimelineEntry.objects.filter(event_id=event.pk, pk=entry_id).first()
    if entry is None:
        raise Http404("Not found")
    initial = {k: v for k, v in entry.payload.items() if not isinstance(v, bool)}
    form = correction_form(entry.kind, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        withdrawn = bool(data.pop("entered_in_error", False))
        reason = data.pop("reason", "")
        payload = {k: v for k, v in data.items() if v not in (None, "")}
        try:
            services.correct_entry(
                actor=user,
                event=event,
                entry_id=entry.pk,
                payload=payload,
                reason=reason,
                entered_in_error=withdrawn,
                idempotency_key=request.POST.get("key", ""),
            )
        except DomainError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, f"Entry {entry.seq} corrected.")
            return redirect(f"/crisis/{event.pk}/#timeline")
    selectors.crisis_detail(user, event)
    return render(
        request,
        "crisis/correct.html",
        {
            "event": event,
            "entry": entry,
            "text": presenters.describe_entry(event, entry),
            "form": form,
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_new(request: HttpRequest, event_id: int) -> HttpResponse:
    """Record an emergency disclosure, prefilled from the timeline entry that asked for it."""
    user = clinical(request)
    event = get_crisis_for(user, event_id)
    raw = request.GET.get("entry") or request.POST.get("entry") or ""
    prompt = None
    if raw:
        if not raw.isdigit():
            raise Http404("Not found")
        prompt = next(
            (p for p in presenters.pending_prompts(event) if p.entry_id == int(raw)), None
        )
    initial = {}
    if prompt is not None:
        initial = {
            "recipient_name": prompt.recipient_name,
            "recipient_type": prompt.recipient_type,
            "basis": prompt.suggested_basis,
        }
    form = DisclosureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        if not data.get("disclosed_at"):
            data["disclosed_at"] = None
        try:
            services.record_disclosure(
                actor=user,
                event=event,
                data=data,
                entry_id=prompt.entry_id if prompt else None,
            )
        except DomainError as exc:
            _field_error(form, exc)
        else:
            messages.success(request, "Emergency disclosure recorded.")
            return redirect(f"/crisis/{event.pk}/")
    selectors.crisis_detail(user, event)
    return render(
        request,
        "crisis/disclosure.html",
        {"event": event, "form": form, "prompt": prompt},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, event_id: int) -> HttpResponse:
    user = clinical(request)
    event = get_crisis_for(user, event_id)
    if not event.is_open:
        return redirect(f"/crisis/{event.pk}/")
    protocol = getattr(event, "disconnection", None)
    initial: dict[str, Any] = {}
    if protocol is not None and protocol.step == "reconnected":
        initial = {"outcome": "reconnected", "disposition": "session_resumed"}
    form = CloseForm(request.POST or None, initial=initial)
    step_error: DomainError | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.close_crisis(
                actor=user,
                event=event,
                outcome=data["outcome"],
                disposition=data["disposition"],
                risk_level=data.get("risk_level") or None,
                follow_up_hours=data.get("follow_up_hours"),
                note=data.get("note") or "",
                skipped=_skips(request, event),
                follow_up_skip_reason=data.get("follow_up_skip_reason") or "",
            )
        except DomainError as exc:
            if (exc.field or "").split(".")[0] in ("steps", "skipped"):
                step_error = exc
            else:
                _field_error(form, exc)
        else:
            note = CrisisNote.objects.filter(event=event, amends__isnull=True).first()
            messages.success(request, "Crisis closed. The note is drafted from the timeline.")
            return redirect(f"/crisis/notes/{note.pk}/" if note else f"/crisis/{event.pk}/")
    selectors.crisis_detail(user, event)
    return render(
        request,
        "crisis/close.html",
        {
            "event": event,
            "form": form,
            "prompts": presenters.pending_prompts(event),
            "default_hours": setting(event.organisation, "crisis.follow_up_hours"),
            "checks": close_checklist(event, request.POST if request.method == "POST" else None),
            "step_error": step_error,
        },
        status=step_error.status if step_error else (422 if form.errors else 200),
    )


def _skips(request: HttpRequest, event: Any) -> dict[str, str]:
    """``skip_<step>`` fields of the close form: the reason each safety-critical step is skipped."""
    codes = {s["code"] for s in event.protocol}
    found: dict[str, str] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("skip_") and key[5:] in codes and value.strip():
            found[key[5:]] = value
    return found


@login_required
@require_http_methods(["GET", "POST"])
def note_page(request: HttpRequest, note_id: int) -> HttpResponse:
    """The note editor: save the draft, or sign it. A signed note is shown read-only."""
    user = clinical(request)
    note = get_note_for(user, note_id)
    form = NoteForm(
        request.POST or None,
        initial=dict(note.content),
        is_minor=minor_status(note.client).is_minor,
    )
    if request.method == "POST" and not note.is_signed and form.is_valid():
        content = {name: form.cleaned_data.get(name) or "" for name in note_rules.SECTIONS}
        try:
            if request.POST.get("action") == "sign":
                services.sign_note(actor=user, note=note, content=content)
                messages.success(
                    request, "Note signed. It can no longer change; amend it if needed."
                )
            else:
                services.save_note(actor=user, note=note, content=content)
                messages.success(request, "Draft saved.")
        except DomainError as exc:
            _field_error(form, exc)
        else:
            return redirect(f"/crisis/notes/{note.pk}/")
    selectors.note_detail(user, note)
    return render(
        request,
        "crisis/note.html",
        {
            "note": note,
            "event": note.event,
            "client": note.client,
            "form": form,
            "sections": note_rules.SECTIONS,
            "text": note_rules.render_text(note.content),
            "parts": [
                (title, note.content.get(name, ""))
                for name, title in note_rules.SECTIONS.items()
                if (note.content.get(name) or "").strip()
            ],
            "amendments": list(note.amendments.order_by("drafted_at")),
            # The lethal-means counselling on record and its storage checks (SAFE-T step 5, §7.1).
            "means_counselling": means_counselling.current_counselling(note.client),
            "action_labels": means_rules.ACTION_LABELS,
            "type_label": types.label(types.CRISIS_TYPES, note.event.crisis_type),
            "flag_review": selectors.flag_review(note.event),
        },
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def note_amend(request: HttpRequest, note_id: int) -> HttpResponse:
    user = clinical(request)
    note = get_note_for(user, note_id)
    try:
        amendment = services.amend_note(actor=user, note=note)
    except DomainError as exc:
        return error_page(request, exc)
    return redirect(f"/crisis/notes/{amendment.pk}/")


@login_required
@require_POST
def follow_up_done(request: HttpRequest, follow_up_id: int) -> HttpResponse:
    user = clinical(request)
    follow_up = get_follow_up_for(user, follow_up_id)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "error.html",
            {
                "status": 422,
                "title": "Not recorded",
                "message": "Choose the outcome of the contact.",
            },
            status=422,
        )
    try:
        services.complete_follow_up(
            actor=user,
            follow_up=follow_up,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data.get("note") or "",
        )
    except DomainError as exc:
        return error_page(request, exc)
    messages.success(request, "Follow-up contact recorded.")
    return redirect(f"/clients/{follow_up.client_id}/#crisis")
