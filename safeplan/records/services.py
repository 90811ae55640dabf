"""Emergency ("break the glass") access beyond the care team, and legal holds.

Break the glass (HIPAA 164.312(a)(2)(ii) emergency access procedure; clinical-rules.md §10.1, §10.3): a
clinician who is not on a client's care team finds the client by record number within their own
organisation — the search answers only "exists" or "does not exist" — and, after giving a reason, gets
access for a limited time (``records.break_glass_minutes``, 60 by default). The grant is honoured by
``clients.access``; its creation is an audit entry flagged ``break_glass=True``; the supervisors and the
care team are alerted at once.

Contract for other apps: ``active_break_glass(user, client) -> BreakGlassGrant | None`` tells whether the
user is looking at the client only because of an emergency grant, so audit entries written meanwhile can
carry ``break_glass=True``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from safeplan.accounts import denials
from safeplan.accounts.models import Role, User
from safeplan.accounts.policy import org_setting
from safeplan.audit import services as audit
from safeplan.clients.models import CareTeamMember, Client
from safeplan.clients.selectors import care_team_of, supervisors_of
from safeplan.lib import ratelimit
from safeplan.lib.errors import Conflict, InvalidInput, NotAllowed
from safeplan.lib.validation import no_control_chars_multiline
from safeplan.records.models import BreakGlassGrant, LegalHold

DEFAULT_MINUTES = 60
MAX_MINUTES = 24 * 60
REASON_MIN = 10
REASON_MAX = 1000
LOOKUPS_PER_WINDOW = 20
LOOKUP_WINDOW = 15 * 60


def _clean_reason(reason: str, field: str = "reason") -> str:
    try:
        reason = no_control_chars_multiline(reason or "")
    except ValueError as exc:
        raise InvalidInput(f"{field} {exc}", field=field) from exc
    if len(reason) < REASON_MIN:
        raise InvalidInput(f"give the reason in at least {REASON_MIN} characters", field=field)
    if len(reason) > REASON_MAX:
        raise InvalidInput(f"{field} must be at most {REASON_MAX} characters", field=field)
    return reason


def _clean_record_number(record_number: str) -> str:
    value = (record_number or "").strip().upper()
    if not value or len(value) > 20 or not all(c.isalnum() or c == "-" for c in value):
        raise InvalidInput(
            "record number is letters, digits and dashes (at most 20)", field="record_number"
        )
    return value


def _require_clinician(actor: Any) -> None:
    if getattr(actor, "role", None) != Role.CLINICIAN:
        # Supervisors see every client of their organisation already; admins open no clinical record.
        raise NotAllowed("emergency access is for clinicians outside the client's care team")


def grant_minutes(organisation: Any) -> int:
    minutes = org_setting(organisation, "records.break_glass_minutes", DEFAULT_MINUTES)
    return max(1, min(int(minutes), MAX_MINUTES))


def _find(actor: User, record_number: str) -> Client | None:
    return Client.objects.filter(
        organisation_id=actor.organisation_id or 0,
        record_number__iexact=record_number,
        archived_at__isnull=True,
    ).first()


def client_exists(*, actor: User, record_number: str) -> bool:
    """Whether an active client with this record number exists in the actor's organisation; nothing more.

    Limited to 20 searches per 15 minutes per clinician so the search cannot list an organisation's
    record numbers; every search is an audit entry.
    """
    _require_clinician(actor)
    record_number = _clean_record_number(record_number)
    if ratelimit.too_many(
        "break-glass-lookup", str(actor.pk), limit=LOOKUPS_PER_WINDOW, window=LOOKUP_WINDOW
    ):
        raise NotAllowed("too many record number searches; try again in 15 minutes")
    ratelimit.count("break-glass-lookup", str(actor.pk), window=LOOKUP_WINDOW)
    found = _find(actor, record_number)
    audit.record(
        actor=actor,
        action="records.break_glass_lookup",
        details={"found": found is not None},
    )
    return found is not None


@transaction.atomic
def break_the_glass(*, actor: User, record_number: str, reason: str) -> BreakGlassGrant:
    """Give ``actor`` time-limited access to the client, record it, and alert supervisors and care team."""
    _require_clinician(actor)
    record_number = _clean_record_number(record_number)
    reason = _clean_reason(reason)
    client = _find(actor, record_number)
    if client is None:
        raise InvalidInput(
            "no active client with that record number in your organisation", field="record_number"
        )
    if CareTeamMember.objects.filter(client=client, clinician=actor).exists():
        raise Conflict(
            "you are on this client's care team and can open the record directly",
            field="record_number",
        )
    now = timezone.now()
    minutes = grant_minutes(client.organisation)
    grant = BreakGlassGrant.objects.create(
        user=actor,
        client=client,
        reason=reason,
        granted_at=now,
        expires_at=now + dt.timedelta(minutes=minutes),
    )
    audit.record(
        actor=actor,
        action="records.break_glass_granted",
        client=client,
        target=grant,
        details={"minutes": minutes},
        break_glass=True,
    )
    _alert(actor=actor, client=client, grant=grant)
    denials.after_break_glass(actor)  # a burst of grants by one person reaches the admins
    return grant


def _alert(*, actor: User, client: Client, grant: BreakGlassGrant) -> None:
    from safeplan.notifications.services import notify

    recipients = {
        u.pk: u for u in [*care_team_of(client), *supervisors_of(client)] if u.pk != actor.pk
    }
    notify(
        recipients=recipients.values(),
        kind="break_glass",
        title=f"Emergency access to client {client.record_number} by {actor.label}"[:200],
        link=f"/clients/{client.pk}/",
        client=client,
        dedupe_key=f"break-glass:{grant.pk}",
        email=True,
        urgent=True,
    )


@transaction.atomic
def end_break_glass(*, actor: User, grant_id: int) -> BreakGlassGrant:
    """The clinician ends their emergency access before it expires."""
    grant = BreakGlassGrant.objects.filter(pk=grant_id, user=actor).select_related("client").first()
    if grant is None:
        raise Http404("Not found")
    now = timezone.now()
    if grant.is_active(now):
        grant.expires_at = now
        grant.ended_at = now
        grant.save(update_fields=["expires_at", "ended_at"])
    audit.record(
        actor=actor,
        action="records.break_glass_ended",
        client=grant.client,
        target=grant,
        break_glass=True,
    )
    return grant


def active_break_glass(user: Any, client: Any) -> BreakGlassGrant | None:
    """The grant under which ``user`` sees ``client`` right now, or None (on the care team, supervisor …).

    Audit entries written while this returns a grant should carry ``break_glass=True``.
    """
    if getattr(user, "role", None) != Role.CLINICIAN or client is None:
        return None
    client_id = getattr(client, "pk", client)
    grant = (
        BreakGlassGrant.objects.filter(
            user_id=user.pk, client_id=client_id, expires_at__gt=timezone.now()
        )
        .order_by("-expires_at")
        .first()
    )
    if grant is None:
        return None
    if CareTeamMember.objects.filter(client_id=client_id, clinician_id=user.pk).exists():
        return None
    return grant


def grants_visible_to(user: Any) -> Any:
    """Clinicians see their own grants; supervisors see every grant of their organisation (for review)."""
    qs = BreakGlassGrant.objects.select_related("client", "user").order_by("-granted_at")
    if getattr(user, "role", None) == Role.SUPERVISOR:
        return qs.filter(client__organisation_id=user.organisation_id)
    if getattr(user, "role", None) == Role.CLINICIAN:
        return qs.filter(user=user)
    raise Http404("Not found")


# Legal holds -------------------------------------------------------------------------------------


def _require_supervisor(actor: Any) -> None:
    if getattr(actor, "role", None) != Role.SUPERVISOR:
        raise NotAllowed("legal holds are placed and released by a supervisor")


@transaction.atomic
def place_legal_hold(*, actor: User, client: Client, reason: str) -> LegalHold:
    """Stop retention from anonymising or deleting this client's record until the hold is released."""
    _require_supervisor(actor)
    hold = LegalHold.objects.create(client=client, placed_by=actor, reason=_clean_reason(reason))
    audit.record(actor=actor, action="records.legal_hold_placed", client=client, target=hold)
    return hold


@transaction.atomic
def release_legal_hold(*, actor: User, client: Client, hold_id: int) -> LegalHold:
    _require_supervisor(actor)
    hold = LegalHold.objects.filter(pk=hold_id, client=client).first()
    if hold is None:
        raise Http404("Not found")
    if hold.released_at is not None:
        raise Conflict("this legal hold was already released", field="hold_id")
    hold.released_at = timezone.now()
    hold.released_by = actor
    hold.save(update_fields=["released_at", "released_by"])
    audit.record(actor=actor, action="records.legal_hold_released", client=client, target=hold)
    return hold


def active_legal_holds(client: Any) -> Any:
    return LegalHold.objects.filter(client=client, released_at__isnull=True).order_by("placed_at")
