"""Reads of the telehealth emergency plan.

Cross-app contracts (keep the names; other apps code against them):

- ``emergency_card(user, client, *, session=None) -> EmergencyCard`` — the one-screen card for a session
  (the latest when ``session`` is None): confirmed location, client-local numbers with their source and
  confirmation, nearest EDs, consented support persons, backup plan, crisis lines, risk level, warnings and
  ``client_local_dial_note``. Audited (``emergency_card.viewed``). Import it from ``card.py``
  (``safeplan.telehealth.card``; it reads through this module, so this module does not re-export it).
- ``consented_support_persons(client, *, at=None) -> list[SupportPerson]`` — consent in force at ``at``
  (signed, not expired, not revoked), clinical-rules.md §1.1 item 3.
- ``primary_location(client, *, fields=()) -> UsualLocation | None`` — home first, then work, school, other
  (``fields``: load only those columns).
- ``latest_session(client) -> TelehealthSession | None`` — the most recently started session, else the
  newest scheduled one (cancelled sessions never).
- ``current_backup_plan(client)``, ``current_boundaries(client)``, ``minor_status(client, jurisdiction)``.

The contract reads above do not audit: the caller fetched ``client`` through ``get_client_for`` and records
its own read. ``emergency_profile``, ``sessions_for`` and ``session_for`` are the audited reads of pages/API.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F
from django.http import Http404
from django.utils import timezone

from safeplan.accounts.policy import org_setting
from safeplan.audit import services as audit
from safeplan.clients import facts
from safeplan.clients.access import get_client_for
from safeplan.telehealth import rules
from safeplan.telehealth.models import (
    KIND_ORDER,
    BoundariesAgreement,
    EmergencyProfile,
    ExcludedPerson,
    Guardian,
    LocationKind,
    LocationResource,
    OtherProvider,
    ResourceStatus,
    SessionStatus,
    SupportPerson,
    TechnologyBackupPlan,
    TelehealthSession,
    UsualLocation,
)

DEFAULT_MINOR_AGE = 18


@dataclass(frozen=True)
class MinorStatus:
    age: int
    threshold: int
    is_minor: bool
    jurisdiction: str


# Whether the safe adult must be physically present ("present", the default: CHOC home-based protocol,
# clinical-rules.md §8) or may be reachable in the home ("present_or_reachable") [C].
SAFE_ADULT_RULES = {"present": ("present",), "present_or_reachable": ("present", "reachable")}


def safe_adult_statuses(organisation: Any) -> tuple[str, ...]:
    """The safe-adult answers that let a minor's session start (``telehealth.minor_safe_adult``)."""
    rule = org_setting(organisation, "telehealth.minor_safe_adult", "present")
    return SAFE_ADULT_RULES.get(rule, SAFE_ADULT_RULES["present"])


def minor_status(client: Any, jurisdiction: str | None = None) -> MinorStatus:
    """Whether the home-based protocol for minors applies (§8): age today where the client lives, against
    the organisation's threshold for the jurisdiction (default 18; ``telehealth.minor_age_thresholds``)."""
    code = jurisdiction or rules.jurisdiction_code(client.country, client.region)
    organisation = client.organisation
    overrides: dict[str, Any] = org_setting(organisation, "telehealth.minor_age_thresholds", {})
    default = org_setting(organisation, "telehealth.minor_age_default", DEFAULT_MINOR_AGE)
    threshold = rules.minor_age_threshold(code, overrides, default)
    age = rules.age_on(client.date_of_birth, facts.today(client))
    return MinorStatus(age, threshold, rules.is_minor(age, threshold), code)


def consent_state(holder: Any, client: Any, at: dt.datetime | None = None) -> str:
    """``active`` / ``expired`` / ``revoked`` / ``none`` for a support person's or provider's consent."""
    at = at or timezone.now()
    roi = holder.consent
    if roi is None:
        return "none"
    return rules.consent_status(
        signed_on=roi.signed_on,
        expires_on=roi.expires_on,
        revoked_at=roi.revoked_at,
        at=at,
        day=facts.today(client, at),
    )


def support_persons(client: Any, *, for_card: bool = False) -> list[SupportPerson]:
    rows = SupportPerson.objects.filter(client_id=client.pk, archived_at__isnull=True)
    if for_card:  # the card shows no notes
        rows = rows.defer("notes", "consent__scope_detail")
    return list(rows.select_related("consent").order_by("created_at", "id"))


def consented_support_persons(client: Any, *, at: dt.datetime | None = None) -> list[SupportPerson]:
    """Support persons whose release of information is in force at ``at`` (default now), §1.1 item 3."""
    return [p for p in support_persons(client) if consent_state(p, client, at) == "active"]


def primary_location(client: Any, *, fields: tuple[str, ...] = ()) -> UsualLocation | None:
    """The client's main usual place: home first, then work, school, other (§1.1 item 1).

    ``fields`` limits the columns loaded (besides those that choose the place), e.g. ``("country",
    "postcode")``; the others load on access."""
    rows = UsualLocation.objects.filter(client_id=client.pk, archived_at__isnull=True)
    if fields:
        rows = rows.only("kind", "created_at", *fields)
    locations = [loc for loc in rows if loc.kind != LocationKind.SESSION]
    if not locations:
        return None
    return min(locations, key=lambda loc: (KIND_ORDER.get(loc.kind, 9), loc.created_at, loc.pk))


def _sessions(client: Any) -> Any:
    return TelehealthSession.objects.filter(client_id=client.pk).select_related(
        "location", "clinician", "location_confirmed_by", "safe_adult"
    )


# What the emergency card and ``serialise.session_as_dict`` read of a user: ``label`` and ``role``.
USER_LABEL_FIELDS = ("display_name", "first_name", "last_name", "username", "role")
_CARD_SESSION_FIELDS = tuple(
    f.name
    for f in TelehealthSession._meta.concrete_fields
    if f.name not in ("created_by", "ended_by", "excluded_checked_at", "safe_adult")
) + tuple(
    f"{rel}__{name}" for rel in ("clinician", "location_confirmed_by") for name in USER_LABEL_FIELDS
)


def _card_sessions(client: Any) -> Any:
    """Sessions as the emergency card reads them: the location in full, the two users' labels only (the
    safe adult is matched by id, creators and enders are not shown)."""
    return (
        TelehealthSession.objects.filter(client_id=client.pk)
        .select_related("location", "clinician", "location_confirmed_by")
        .only(*_CARD_SESSION_FIELDS, "safe_adult_id")
    )


def latest_session(client: Any, *, for_card: bool = False) -> TelehealthSession | None:
    rows = (_card_sessions(client) if for_card else _sessions(client)).exclude(
        status=SessionStatus.CANCELLED
    )
    return rows.order_by(F("started_at").desc(nulls_last=True), "-created_at", "-id").first()


def current_backup_plan(client: Any, *, for_card: bool = False) -> TechnologyBackupPlan | None:
    rows = TechnologyBackupPlan.objects.filter(client_id=client.pk, superseded_at__isnull=True)
    if for_card:  # the card shows no author
        return rows.first()
    return rows.select_related("created_by").first()


def current_boundaries(client: Any) -> BoundariesAgreement | None:
    return (
        BoundariesAgreement.objects.filter(client_id=client.pk, superseded_at__isnull=True)
        .select_related("clinician")
        .first()
    )


def card_resources(location_id: int) -> list[LocationResource]:
    """``open_resources`` of one location as the emergency card reads them (it sorts them itself; the
    confirmer's label only, no confirmation note)."""
    return list(
        LocationResource.objects.filter(
            location_id=location_id,
            status__in=[ResourceStatus.SUGGESTED, ResourceStatus.CONFIRMED],
        )
        .select_related("confirmed_by")
        .only(
            "location_id",
            "kind",
            "name",
            "phone",
            "address",
            "distance_km",
            "rank",
            "source_label",
            "source_status",
            "fit",
            "fit_note",
            "status",
            "confirmed_at",
            "confirmation_method",
            "confirmed_by",
            *(f"confirmed_by__{name}" for name in USER_LABEL_FIELDS),
        )
    )


def open_resources(location_ids: list[int]) -> list[LocationResource]:
    """Suggested and confirmed numbers of some locations (rejected and superseded ones stay in history)."""
    return list(
        LocationResource.objects.filter(
            location_id__in=location_ids,
            status__in=[ResourceStatus.SUGGESTED, ResourceStatus.CONFIRMED],
        )
        .select_related("confirmed_by")
        .order_by("kind", "rank", "id")
    )


# --- audited reads for pages and the API ---------------------------------------------------------------


@dataclass
class PersonRow:
    person: Any
    consent_status: str


@dataclass
class EmergencyProfileView:
    client: Any
    locations: list[UsualLocation]
    resources: dict[int, list[LocationResource]]
    support_persons: list[PersonRow]
    providers: list[PersonRow]
    guardians: list[Guardian]
    excluded_persons: list[ExcludedPerson]
    backup_plan: TechnologyBackupPlan | None
    boundaries: BoundariesAgreement | None
    profile: EmergencyProfile | None
    minor: MinorStatus
    missing: list[str] = field(default_factory=list)


def emergency_profile(user: Any, client: Any) -> EmergencyProfileView:
    """Everything collected before the first session (§1.1), with what is still missing."""
    locations = sorted(
        UsualLocation.objects.filter(client_id=client.pk, archived_at__isnull=True),
        key=lambda loc: (KIND_ORDER.get(loc.kind, 9), loc.created_at, loc.pk),
    )
    resources: dict[int, list[LocationResource]] = {loc.pk: [] for loc in locations}
    for resource in open_resources(list(resources)):
        resources[resource.location_id].append(resource)
    people = [PersonRow(p, consent_state(p, client)) for p in support_persons(client)]
    providers = [
        PersonRow(p, consent_state(p, client))
        for p in OtherProvider.objects.filter(client_id=client.pk, archived_at__isnull=True)
        .select_related("consent")
        .order_by("created_at", "id")
    ]
    view = EmergencyProfileView(
        client=client,
        locations=locations,
        resources=resources,
        support_persons=people,
        providers=providers,
        guardians=list(
            Guardian.objects.filter(client_id=client.pk, archived_at__isnull=True).order_by("id")
        ),
        excluded_persons=list(
            ExcludedPerson.objects.filter(client_id=client.pk, archived_at__isnull=True).order_by(
                "id"
            )
        ),
        backup_plan=current_backup_plan(client),
        boundaries=current_boundaries(client),
        profile=EmergencyProfile.objects.filter(client_id=client.pk).first(),
        minor=minor_status(client),
    )
    view.missing = profile_missing(view)
    audit.record(
        actor=user,
        action="telehealth.profile_viewed",
        client=client,
        details={"locations": len(locations), "missing": len(view.missing)},
    )
    return view


def profile_missing(view: EmergencyProfileView) -> list[str]:
    """What the emergency plan still lacks before the first session (§1.1; §8 for minors)."""
    missing = []
    usual = [loc for loc in view.locations if loc.kind != LocationKind.SESSION]
    if not usual:
        missing.append("a usual location (home) with its full address")
    elif not any(r.is_confirmed for loc in usual for r in view.resources.get(loc.pk, [])):
        missing.append("a confirmed local emergency number for a usual location")
    has_consented = any(row.consent_status == "active" for row in view.support_persons)
    reason = view.profile.no_support_person_reason if view.profile else ""
    if not has_consented and not reason:
        missing.append("a support person with consent, or the reason there is none")
    if view.backup_plan is None:
        missing.append("a technology backup plan")
    if view.boundaries is None:
        missing.append("a boundaries agreement")
    if view.minor.is_minor:
        if not any(g.is_legal_guardian for g in view.guardians):
            missing.append("the legal guardian (the client is a minor)")
        if not any(g.is_safe_adult for g in view.guardians):
            missing.append("a safe adult for sessions at home (the client is a minor)")
    return missing


def sessions_for(user: Any, client: Any) -> list[TelehealthSession]:
    rows = list(_sessions(client).order_by("-created_at", "-id")[:200])
    audit.record(
        actor=user, action="telehealth.sessions_listed", client=client, details={"count": len(rows)}
    )
    return rows


def session_for(user: Any, session_id: int) -> TelehealthSession:
    """A session the user may see (through its client), or 404; records the read."""
    row = (
        TelehealthSession.objects.filter(pk=session_id).values_list("client_id", flat=True).first()
    )
    if row is None:
        raise Http404("Not found")
    client = get_client_for(user, row)
    session = _sessions(client).get(pk=session_id)
    session.client = client
    audit.record(actor=user, action="telehealth.session_viewed", client=client, target=session)
    return session


def session_of_client(client: Any, session_id: int, *, for_card: bool = False) -> TelehealthSession:
    rows = _card_sessions(client) if for_card else _sessions(client)
    session = rows.filter(pk=session_id).first()
    if session is None:
        raise Http404("Not found")
    session.client = client
    return session


def part_of_profile(user: Any, client: Any, part: str) -> list[Any]:
    """One list of the emergency profile (locations, support persons …) for the API; records the read."""
    if part == "locations":
        rows: list[Any] = sorted(
            UsualLocation.objects.filter(client_id=client.pk, archived_at__isnull=True),
            key=lambda loc: (KIND_ORDER.get(loc.kind, 9), loc.created_at, loc.pk),
        )
    elif part == "support_persons":
        rows = support_persons(client)
    elif part == "providers":
        rows = list(
            OtherProvider.objects.filter(client_id=client.pk, archived_at__isnull=True)
            .select_related("consent")
            .order_by("created_at", "id")
        )
    elif part == "guardians":
        rows = list(
            Guardian.objects.filter(client_id=client.pk, archived_at__isnull=True).order_by("id")
        )
    elif part == "excluded_persons":
        rows = list(
            ExcludedPerson.objects.filter(client_id=client.pk, archived_at__isnull=True).order_by(
                "id"
            )
        )
    else:
        raise ValueError(f"unknown part {part!r}")
    audit.record(
        actor=user, action=f"telehealth.{part}_listed", client=client, details={"count": len(rows)}
    )
    return rows


def agreement_read(user: Any, client: Any, part: str) -> Any:
    """The current backup plan or boundaries agreement (None when not recorded); records the read."""
    row = current_backup_plan(client) if part == "backup_plan" else current_boundaries(client)
    audit.record(
        actor=user,
        action=f"telehealth.{part}_viewed",
        client=client,
        target=row,
        details={"recorded": row is not None},
    )
    return row


__all__ = [
    "EmergencyProfileView",
    "MinorStatus",
    "agreement_read",
    "consent_state",
    "consented_support_persons",
    "current_backup_plan",
    "current_boundaries",
    "emergency_profile",
    "latest_session",
    "minor_status",
    "part_of_profile",
    "primary_location",
    "session_for",
    "session_of_client",
    "sessions_for",
]
