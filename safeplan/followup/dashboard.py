"""The clinician's dashboard: what needs doing between sessions, for the clients this user may see.

Sections: overdue check-ins, plans past their review date, clients flagged moderate or high, open crises,
unacknowledged alerts, unread messages (crisis-flagged first). Every row links to the client.

Built for 100,000 clients (DESIGN.md speed budget: p95 under 100 ms, ten times the data at most 1.5× the
time). No query walks the caseload of the organisation and nothing is computed per row:

- a **supervisor** sees the organisation: each section reads its own partial index in deadline order
  (``checkin_overdue``, ``plan_review_due``, ``riskwatch_elevated``, ``message_unread_from_client``) and
  stops after ``LIMIT + 1`` rows;
- a **clinician** sees their care team: the caseload ids come from the care-team index, and each section
  probes the per-client indexes for those ids only (a caseload does not grow with the organisation).

The scope is the same as ``clients.access.clients_visible_to`` (supervisor: the organisation's active
clients; clinician: their care teams), minus break-the-glass grants, which open one record for a reason
and do not put the client on anyone's dashboard. Archived clients never appear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils import timezone

from safeplan.accounts.models import Role
from safeplan.audit import services as audit
from safeplan.clients.models import CareTeamMember, Client
from safeplan.followup.models import OVERDUE_STATES, CheckIn, Direction, Message, RiskWatch
from safeplan.notifications.models import Notification

LIMIT = 50


@dataclass
class Section:
    rows: list[dict[str, Any]] = field(default_factory=list)
    more: bool = False
    available: bool = True


@dataclass
class Dashboard:
    overdue_checkins: Section
    plans_past_review: Section
    flagged: Section
    open_crises: Section
    alerts: Section
    unread_messages: Section
    generated_at: dt.datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            name: {"rows": s.rows, "more": s.more, "available": s.available}
            for name, s in self.__dict__.items()
            if isinstance(s, Section)
        } | {"generated_at": self.generated_at.isoformat()}


def _client_row(client: Client) -> dict[str, Any]:
    return {
        "client_id": client.pk,
        "record_number": client.record_number,
        "initials": client.initials,
        "link": f"/clients/{client.pk}/",
    }


def _cut(rows: list[Any]) -> tuple[list[Any], bool]:
    return rows[:LIMIT], len(rows) > LIMIT


CLIENT_FIELDS = ("client__id", "client__record_number", "client__first_name", "client__last_name")


class Scope:
    """Which clients the dashboard covers; see the module docstring."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.organisation_id = user.organisation_id
        self.org_wide = user.role == Role.SUPERVISOR
        self.client_ids: list[int] = []
        if not self.org_wide:
            self.client_ids = list(
                CareTeamMember.objects.filter(
                    clinician_id=user.pk, client__archived_at__isnull=True
                ).values_list("client_id", flat=True)
            )

    def filter(self, qs: Any) -> Any:
        qs = qs.filter(organisation_id=self.organisation_id, client__archived_at__isnull=True)
        if self.org_wide:
            return qs
        return qs.filter(client_id__in=self.client_ids)


def _overdue(scope: Scope) -> Section:
    qs = scope.filter(CheckIn.objects.filter(state__in=OVERDUE_STATES))
    rows, more = _cut(
        list(
            qs.select_related("client")
            .only("id", "due_at", "state", *CLIENT_FIELDS)
            .order_by("due_at", "pk")[: LIMIT + 1]
        )
    )
    return Section(
        [
            _client_row(c.client)
            | {"checkin_id": c.pk, "due_at": c.due_at.isoformat(), "state": c.state}
            | {"link": f"/clients/{c.client_id}/check-ins/"}
            for c in rows
        ],
        more,
    )


def _plans(scope: Scope, today: dt.date) -> Section:
    try:
        from safeplan.plans import selectors as plans
    except ImportError:
        return Section(available=False)
    if scope.org_wide:
        found = list(
            plans.plans_past_review(scope.organisation_id, today).only(
                "id", "review_due", *CLIENT_FIELDS
            )[: LIMIT + 1]
        )
        rows, more = _cut([(p.client, p.review_due) for p in found])
    else:
        due = plans.review_due_by_client(scope.client_ids)
        late = sorted((d, cid) for cid, d in due.items() if d < today)
        rows_ids, more = _cut(late)
        clients = Client.objects.in_bulk([cid for _d, cid in rows_ids])
        rows = [(clients[cid], d) for d, cid in rows_ids if cid in clients]
    return Section(
        [
            _client_row(client)
            | {"review_due": due.isoformat(), "link": f"/clients/{client.pk}/plan/"}
            for client, due in rows
        ],
        more,
    )


def _flagged(scope: Scope) -> Section:
    result: list[RiskWatch] = []
    for level in ("high", "moderate"):
        qs = scope.filter(RiskWatch.objects.filter(level=level))
        result += list(
            qs.select_related("client")
            .only("id", "level", "since", *CLIENT_FIELDS)
            .order_by("-since", "-pk")[: LIMIT + 1 - len(result)]
        )
        if len(result) > LIMIT:
            break
    rows, more = _cut(result)
    return Section(
        [_client_row(w.client) | {"level": w.level, "since": w.since.isoformat()} for w in rows],
        more,
    )


def _crises(user: Any) -> Section:
    try:
        from safeplan.crisis.selectors import open_crises
    except ImportError:
        return Section(available=False)
    rows, more = _cut(list(open_crises(user)))
    return Section(
        [
            _client_row(event.client)
            | {
                "crisis_id": event.pk,
                "crisis_type": event.crisis_type,
                "opened_at": event.opened_at.isoformat(),
            }
            for event in rows
        ],
        more,
    )


def _alerts(user: Any) -> Section:
    rows, more = _cut(
        list(
            Notification.objects.filter(
                recipient_id=user.pk, acknowledged_at__isnull=True, urgent=True
            ).order_by("-created_at", "-pk")[: LIMIT + 1]
        )
    )
    return Section(
        [
            {
                "notification_id": n.pk,
                "kind": n.kind,
                "title": n.title,
                "link": n.link,
                "client_id": n.client_id,
                "created_at": n.created_at.isoformat(),
            }
            for n in rows
        ],
        more,
    )


def _unread(scope: Scope) -> Section:
    qs = scope.filter(Message.objects.filter(direction=Direction.FROM_CLIENT, read_at__isnull=True))
    found = list(
        qs.select_related("client")
        .only("id", "created_at", "crisis_flag", *CLIENT_FIELDS)
        .order_by("created_at", "pk")[: LIMIT + 1]
    )
    found.sort(key=lambda m: (not m.crisis_flag, m.created_at))
    rows, more = _cut(found)
    return Section(
        [
            _client_row(m.client)
            | {
                "message_id": m.pk,
                "crisis_flag": m.crisis_flag,
                "sent_at": m.created_at.isoformat(),
                "link": f"/clients/{m.client_id}/messages/",
            }
            for m in rows
        ],
        more,
    )


def dashboard_for(user: Any, *, now: dt.datetime | None = None) -> Dashboard:
    """Everything on the dashboard for a clinician or supervisor (audited as one read)."""
    now = now or timezone.now()
    scope = Scope(user)
    try:
        today = now.astimezone(ZoneInfo(user.organisation.time_zone)).date()
    except (ZoneInfoNotFoundError, ValueError):
        today = now.date()
    board = Dashboard(
        overdue_checkins=_overdue(scope),
        plans_past_review=_plans(scope, today),
        flagged=_flagged(scope),
        open_crises=_crises(user),
        alerts=_alerts(user),
        unread_messages=_unread(scope),
        generated_at=now,
    )
    audit.record(
        actor=user,
        action="dashboard.viewed",
        details={
            "overdue": len(board.overdue_checkins.rows),
            "plans": len(board.plans_past_review.rows),
            "flagged": len(board.flagged.rows),
            "crises": len(board.open_crises.rows),
            "alerts": len(board.alerts.rows),
            "unread": len(board.unread_messages.rows),
        },
    )
    return board
