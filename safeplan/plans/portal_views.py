"""The client's own plan pages on the portal, in the client's language, mobile-first.

The plan page is what the offline app keeps (see ``plans.pwa``): one-tap ``tel:``/``sms:`` links for each
person and line, and the emergency number and national crisis line of the client's country, because a call
from the client's phone reaches help where the client is (clinical-rules.md §10.5 UI rule; §1.1 item 6).
The client signs here and proposes changes in their own words (§1.4 collaborative approach).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods, require_POST

from safeplan.clients import facts
from safeplan.clients.access import portal_client_for
from safeplan.directory import lookups
from safeplan.lib.errors import DomainError
from safeplan.plans import (
    display,
    downloads,
    labels,
    plan_form,
    proposals,
    resources,
    selectors,
    services,
)
from safeplan.plans.models import SafetyPlanVersion


def _client_or_login(request: HttpRequest) -> Any:
    user: Any = request.user
    if not user.is_authenticated:
        return None
    return portal_client_for(user)


def _local_now(client: Any) -> Any:
    return timezone.localtime(timezone=facts.zone(client))


@contextmanager
def _as_client(client: Any) -> Iterator[None]:
    """Render in the client's language and time zone (dates and times on their pages are theirs)."""
    with (
        translation.override(downloads.client_language(client)),
        timezone.override(facts.zone(client)),
    ):
        yield


def _help_now(client: Any) -> dict[str, Any]:
    """The emergency number and the national crisis line of the client's country (client pages only)."""
    lines = resources.crisis_lines_for(client)
    line = lines[0] if lines else None
    return {
        "emergency_number": lookups.primary_emergency_number(client.country),
        "crisis_line": line,
    }


# Error messages from the plan's rules, for the client in their language.
_CLIENT_ERRORS: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(r"^is (\d+) characters long; the limit is (\d+)$"), labels.ERROR_TOO_LONG),
    (re.compile(r"^is not (a valid|a full) phone number for \w+$"), labels.ERROR_PHONE),
    (re.compile(r"^is not a phone number for \w+$"), labels.ERROR_PHONE),
    (re.compile(r"^a name is needed$"), labels.ERROR_NAME),
    (re.compile(r"^write something, or remove the entry$"), labels.ERROR_EMPTY),
    (re.compile(r"^nothing was changed$"), labels.ERROR_NOTHING),
    (re.compile(r"care team cannot be (removed|changed)$"), labels.ERROR_PROTECTED),
    (re.compile(r"^version \d+ was saved by"), labels.ERROR_STALE),
    (re.compile(r"must not contain control characters"), labels.ERROR_CHARACTERS),
]


def client_message(message: str) -> str:
    for pattern, text in _CLIENT_ERRORS:
        match = pattern.search(message)
        if match:
            if text is labels.ERROR_TOO_LONG:
                return str(text) % {"limit": match.group(2)}
            return str(text)
    return str(labels.ERROR_GENERIC)


def my_plan(request: HttpRequest) -> HttpResponse:
    client = _client_or_login(request)
    if client is None:
        return redirect("/portal/login/")
    with _as_client(client):
        version = selectors.current_with_signatures(client)
        selectors.record_read(
            request.user, client, "plan.viewed", number=version.number if version else None
        )
        context: dict[str, Any] = {
            "client": client,
            "version": version,
            "refreshed_at": _local_now(client),
            "proposed": request.GET.get("proposed") == "1",
            **_help_now(client),
        }
        if version is not None:
            signatures = {s.role: s for s in version.signatures.all()}
            context.update(
                sections=display.show_sections(version.content, links=True),
                client_signature=signatures.get("client"),
                clinician_signature=signatures.get("clinician"),
                signed_number=selectors.signed_number(client),
                review_due=selectors.plan_review_due(client),
                my_proposals=selectors.proposals(client)[:5],
                method_labels=labels.SIGNATURE_METHODS,
            )
        return render(request, "plans/portal_plan.html", context)


def print_plan(request: HttpRequest) -> HttpResponse:
    client = _client_or_login(request)
    if client is None:
        return redirect("/portal/login/")
    with _as_client(client):
        version = selectors.current_with_signatures(client)
        selectors.record_read(
            request.user, client, "plan.printed", number=version.number if version else None
        )
        context = {
            "client": client,
            "version": version,
            "printed_at": _local_now(client),
            "sections": display.show_sections(version.content) if version else [],
            "signatures": list(version.signatures.all()) if version else [],
            "method_labels": labels.SIGNATURE_METHODS,
            "role_labels": labels.SIGNER_ROLES,
            **_help_now(client),
        }
        return render(request, "plans/portal_print.html", context)


def _current_or_404(client: Any) -> SafetyPlanVersion:
    version = selectors.current_with_signatures(client)
    if version is None:
        raise Http404("Not found")
    return version


def plan_pdf(request: HttpRequest) -> HttpResponse:
    client = _client_or_login(request)
    if client is None:
        return redirect("/portal/login/")
    version = _current_or_404(client)
    selectors.record_read(request.user, client, "plan.pdf_downloaded", number=version.number)
    return downloads.plan_pdf_response(client, version)


def wallet_card(request: HttpRequest) -> HttpResponse:
    client = _client_or_login(request)
    if client is None:
        return redirect("/portal/login/")
    version = _current_or_404(client)
    selectors.record_read(
        request.user, client, "plan.wallet_card_downloaded", number=version.number
    )
    return downloads.wallet_card_response(client, version)


@require_POST
def sign(request: HttpRequest) -> HttpResponse:
    client = _client_or_login(request)
    if client is None:
        return redirect("/portal/login/")
    with _as_client(client):
        try:
            number = int(request.POST.get("number", "0"))
        except ValueError:
            number = 0
        try:
            services.sign_version(
                client=client,
                number=number,
                actor=request.user,
                method="portal",
                name=request.POST.get("name", ""),
            )
        except DomainError as exc:
            return _problem(request, client, exc)
    return redirect("/portal/plan/")


def _problem(request: HttpRequest, client: Any, exc: DomainError) -> HttpResponse:
    return render(
        request,
        "plans/portal_problem.html",
        {"client": client, "message": client_message(exc.message)},
        status=exc.status,
    )


@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    client = _client_or_login(request)
    if client is None:
        return redirect("/portal/login/")
    with _as_client(client):
        version = _current_or_404(client)
        if request.method == "GET":
            selectors.record_read(request.user, client, "plan.viewed", number=version.number)
            forms = plan_form.build(version.content, for_client=True)
            return _propose_page(request, client, version, forms, [], "", 200)
        parsed = plan_form.parse(request.POST, version.content, for_client=True)
        try:
            base = int(request.POST.get("base_version", "0"))
        except ValueError:
            base = -1
        try:
            proposals.propose_changes(
                client=client,
                actor=request.user,
                content=parsed.content,
                base_version=base,
                message=request.POST.get("message", ""),
            )
        except DomainError as exc:
            name, _section = plan_form.error_map(exc.field, parsed)
            message = client_message(exc.message)
            forms = plan_form.build(
                version.content, for_client=True, errors={name: message}, posted=request.POST
            )
            return _propose_page(
                request,
                client,
                version,
                forms,
                [message],
                request.POST.get("message", ""),
                exc.status,
            )
        return redirect("/portal/plan/?proposed=1")


def _propose_page(
    request: HttpRequest,
    client: Any,
    version: SafetyPlanVersion,
    forms: list[plan_form.SectionForm],
    errors: list[str],
    message: str,
    status: int,
) -> HttpResponse:
    return render(
        request,
        "plans/portal_propose.html",
        {
            "client": client,
            "version": version,
            "forms": forms,
            "errors": errors,
            "message": message,
            "skills_in_plan": [
                display.show_entry("coping", e)
                for e in version.content.get("coping", [])
                if e.get("skill")
            ],
        },
        status=status,
    )


@require_POST
def proposal_reply(request: HttpRequest, proposal_id: int) -> HttpResponse:
    client = _client_or_login(request)
    if client is None:
        return redirect("/portal/login/")
    with _as_client(client):
        try:
            if request.POST.get("action") == "withdraw":
                proposals.withdraw_proposal(
                    client=client, proposal_id=proposal_id, actor=request.user
                )
            else:
                proposals.comment_on_proposal(
                    client=client,
                    proposal_id=proposal_id,
                    actor=request.user,
                    text=request.POST.get("text", ""),
                )
        except DomainError as exc:
            return _problem(request, client, exc)
    return redirect("/portal/plan/#my-suggestions")
