"""The care team's plan pages: the plan with its warnings, the editor, signing, history and diffs, and the
client's proposals. Every page starts with ``get_client_for`` and audits what it shows.

Numbers are shown as text, never as ``tel:`` links: a call from the clinician's phone reaches the
clinician's local services, not the client's (PRODUCT.md, clinical-rules.md §10.5).
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.clients import facts
from safeplan.clients.access import get_client_for
from safeplan.lib.errors import Conflict, DomainError, InvalidInput
from safeplan.lib.pages import domain_error_page
from safeplan.plans import (
    display,
    labels,
    library,
    means_counselling,
    means_rules,
    outputs,
    plan_form,
    proposals,
    rules,
    selectors,
    services,
)
from safeplan.plans.models import ReviewDueChange, SafetyPlanVersion


def _user_zone(user: Any) -> Any:
    try:
        return zoneinfo.ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def english(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Staff pages are in English whatever the browser asks for, with times in the user's time zone."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override("en"), timezone.override(_user_zone(request.user)):
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response

    return wrapped


def _clinical_client(request: HttpRequest, client_id: int) -> Any:
    user: Any = request.user
    if not getattr(user, "is_clinical", False):
        raise Http404("Not found")
    return get_client_for(user, client_id)


def _error_page(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return domain_error_page(request, exc, "Not saved")


def _status(client: Any, version: SafetyPlanVersion | None) -> dict[str, Any]:
    today = facts.today(client)
    codes = selectors.warnings_for(client, version, today)
    return {
        "warnings": [labels.WARNINGS[c] for c in codes],
        "signed_number": selectors.signed_number(client),
        "review_due": selectors.plan_review_due(client),
        "overdue": "review_overdue" in codes,
        "pending": selectors.pending_proposals(client),
    }


@login_required
@english
def plan_page(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _clinical_client(request, client_id)
    version = selectors.current_with_signatures(client)
    selectors.record_read(
        request.user, client, "plan.viewed", number=version.number if version else None
    )
    context: dict[str, Any] = {"client": client, "version": version, **_status(client, version)}
    if version is not None:
        context["sections"] = display.show_sections(version.content)
        context["means_counselling"] = means_counselling.current_counselling(client)
        context["action_labels"] = means_rules.ACTION_LABELS
        signatures = {s.role: s for s in version.signatures.all()}
        context["client_signature"] = signatures.get("client")
        context["clinician_signature"] = signatures.get("clinician")
        context["review_changes"] = list(
            ReviewDueChange.objects.filter(plan=version.plan).order_by("-at", "-pk")[:5]
        )
        context["method_labels"] = labels.SIGNATURE_METHODS
    return render(request, "plans/plan.html", context)


def _editor_context(
    client: Any,
    base: SafetyPlanVersion | None,
    *,
    forms: list[plan_form.SectionForm],
    chosen_skills: set[str],
    base_number: int,
    errors: list[str] | None = None,
    notice: str = "",
    others: list[Any] | None = None,
    posted: Any = None,
) -> dict[str, Any]:
    return {
        "client": client,
        "version": base,
        "forms": forms,
        "skills": library.SKILLS,
        "chosen_skills": chosen_skills,
        "base_number": base_number,
        "errors": errors or [],
        "notice": notice,
        "others": others or [],
        "labels": labels,
        "means_choices": [(c, labels.MEANS[c]) for c in rules.MEANS],
        "action_choices": [(c, labels.ACTIONS[c]) for c in rules.ACTIONS],
        "status_choices": [(c, labels.MEANS_STATUS[c]) for c in rules.MEANS_STATUS],
        "kind_choices": {
            s: [(c, labels.KINDS[c]) for c in kinds] for s, kinds in rules.SECTION_KINDS.items()
        },
        "change_note": posted.get("change_note", "") if posted is not None else "",
        "review_due": posted.get("review_due", "") if posted is not None else "",
    }


@login_required
@english
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _clinical_client(request, client_id)
    current = selectors.current_plan(client)
    if request.method == "GET":
        selectors.record_read(
            request.user, client, "plan.viewed", number=current.number if current else None
        )
        content = current.content if current else None
        chosen = {e["skill"] for e in (content or {}).get("coping", []) if e.get("skill")}
        forms = plan_form.build(content, for_client=False)
        context = _editor_context(
            client,
            current,
            forms=forms,
            chosen_skills=chosen,
            base_number=current.number if current else 0,
        )
        return render(request, "plans/edit.html", context)
    return _save_from_form(request, client, current)


def _save_from_form(
    request: HttpRequest, client: Any, current: SafetyPlanVersion | None
) -> HttpResponse:
    post = request.POST
    try:
        base_number = int(post.get("base_version", "0"))
    except ValueError:
        base_number = -1
    base = selectors.version(client, base_number) if base_number > 0 else None
    parsed = plan_form.parse(post, base.content if base else None, for_client=False)
    chosen = {e["skill"] for e in parsed.content["coping"] if e.get("skill")}
    try:
        services.save_plan(
            client=client,
            actor=request.user,
            content=parsed.content,
            base_version=base_number,
            change_note=post.get("change_note", ""),
            review_due=_date(post.get("review_due", "")),
        )
    except Conflict as exc:
        if exc.field != "base_version" or current is None:
            return _error_page(request, exc)
        return _merge_after_conflict(request, client, base, current, parsed, chosen)
    except DomainError as exc:
        name, section = plan_form.error_map(exc.field, parsed)
        where = f"{labels.SECTION_TITLES[section]}: " if section else ""
        forms = plan_form.build(
            base.content if base else None,
            for_client=False,
            errors={name: exc.message},
            posted=post,
        )
        context = _editor_context(
            client,
            base,
            forms=forms,
            chosen_skills=chosen,
            base_number=base_number,
            errors=[f"{where}{exc.message}"],
            posted=post,
        )
        return render(request, "plans/edit.html", context, status=exc.status)
    return redirect(f"/clients/{client.pk}/plan/")


def _date(value: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput("must be a date (YYYY-MM-DD)", field="review_due") from None


def _merge_after_conflict(
    request: HttpRequest,
    client: Any,
    base: SafetyPlanVersion | None,
    current: SafetyPlanVersion,
    parsed: plan_form.Parsed,
    chosen: set[str],
) -> HttpResponse:
    """Someone saved a newer version meanwhile: nothing was saved; the form now holds this person's
    changes applied onto the newer version, and lists what the other person changed."""
    base_content = base.content if base else rules.empty_content()
    merged = rules.merge_proposal(base_content, current.content, parsed.content, protect=False)
    others = display.show_diff(rules.diff_contents(base_content, current.content))
    mine = rules.entries_by_id(parsed.content)
    lost = [display.one_line(*mine[eid]) for eid in merged.conflicts if eid in mine]
    who = current.author.label if current.author else "the system"
    notice = (
        f"Version {current.number} was saved by {who} while you were editing, so nothing was saved. "
        "Your changes are applied below on top of their version; check them and save again."
    )
    errors = [
        f"Both of you changed this entry; their words are kept, yours were: “{t}”" for t in lost
    ]
    forms = plan_form.build(merged.content, for_client=False)
    context = _editor_context(
        client,
        current,
        forms=forms,
        chosen_skills=chosen,
        base_number=current.number,
        errors=errors,
        notice=notice,
        others=others,
        posted=request.POST,
    )
    return render(request, "plans/edit.html", context, status=409)


@login_required
@english
@require_POST
def plan_sign(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _clinical_client(request, client_id)
    try:
        number = int(request.POST.get("number", "0"))
        services.sign_version(
            client=client,
            number=number,
            actor=request.user,
            method=request.POST.get("method", "clinician_login"),
            name=request.POST.get("name", ""),
        )
    except ValueError:
        raise Http404("Not found") from None
    except DomainError as exc:
        return _error_page(request, exc)
    return redirect(f"/clients/{client.pk}/plan/")


@login_required
@english
def plan_history(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _clinical_client(request, client_id)
    found = selectors.versions(client)
    selectors.record_read(request.user, client, "plan.versions_listed", count=len(found))
    by_number = {v.number: v for v in found}
    rows = [outputs.version_summary(v, by_number.get(v.number - 1)) for v in found]
    for row, v in zip(rows, found, strict=True):
        row["origin_label"] = labels.ORIGINS.get(v.origin, v.origin)
    return render(
        request,
        "plans/history.html",
        {
            "client": client,
            "rows": rows,
            "signed_number": selectors.signed_number(client),
            "proposals": selectors.proposals(client),
        },
    )


@login_required
@english
def plan_version(request: HttpRequest, client_id: int, number: int) -> HttpResponse:
    client = _clinical_client(request, client_id)
    version = selectors.version(client, number)
    selectors.record_read(request.user, client, "plan.version_viewed", number=number)
    sections = display.show_sections(version.content)
    return render(
        request,
        "plans/version.html",
        {
            "client": client,
            "version": version,
            "sections": sections,
            "signed_number": selectors.signed_number(client),
            "method_labels": labels.SIGNATURE_METHODS,
        },
    )


@login_required
@english
def plan_diff(request: HttpRequest, client_id: int) -> HttpResponse:
    client = _clinical_client(request, client_id)
    try:
        old_n, new_n = int(request.GET.get("from", "")), int(request.GET.get("to", ""))
    except ValueError:
        raise Http404("Not found") from None
    old, new = selectors.version(client, old_n), selectors.version(client, new_n)
    selectors.record_read(
        request.user, client, "plan.diff_viewed", from_number=old_n, to_number=new_n
    )
    changes = display.show_diff(rules.diff_contents(old.content, new.content))
    return render(
        request,
        "plans/diff.html",
        {"client": client, "old": old, "new": new, "changes": changes},
    )


@login_required
@english
@require_http_methods(["GET", "POST"])
def proposal_page(request: HttpRequest, client_id: int, proposal_id: int) -> HttpResponse:
    client = _clinical_client(request, client_id)
    proposal = selectors.proposal(client, proposal_id)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept":
                proposals.accept_proposal(
                    client=client, proposal_id=proposal.pk, actor=request.user
                )
                return redirect(f"/clients/{client.pk}/plan/")
            if action == "decline":
                proposals.decline_proposal(
                    client=client,
                    proposal_id=proposal.pk,
                    actor=request.user,
                    reply=request.POST.get("text", ""),
                )
            elif action == "comment":
                proposals.comment_on_proposal(
                    client=client,
                    proposal_id=proposal.pk,
                    actor=request.user,
                    text=request.POST.get("text", ""),
                )
            else:
                raise Http404("Not found")
        except DomainError as exc:
            return _error_page(request, exc)
        return redirect(f"/clients/{client.pk}/plan/proposals/{proposal.pk}/")
    selectors.record_read(request.user, client, "plan.proposal_viewed", proposal_id=proposal.pk)
    base = selectors.version(client, proposal.base_number)
    changes = display.show_diff(rules.diff_contents(base.content, proposal.content))
    conflicts = proposals.merge_preview(proposal).conflicts if proposal.status == "pending" else []
    return render(
        request,
        "plans/proposal.html",
        {
            "client": client,
            "proposal": proposal,
            "changes": changes,
            "conflicts": conflicts,
            "current_number": base.plan.current_number,
        },
    )
