"""The clinician's dashboard: what needs doing between sessions, for the clients this user may see.

Sections: overdue check-ins, plans past their review date, clients flagged moderate or high, open crises,
unacknowledged alerts, unread messages (crisis-flagged first). Every row links to the client.

Built for 100,000 clients (DESIGN.md speed budget: p95 under 100 ms, ten times the data at most 1.5× the
time). No query walks the caseload of the organisation and nothing is computed per row:

- a **supervisor** sees the organisation: each section reads an index range in deadline order, one per
  state or level (``checkin_by_state``, ``plan_review_due``, ``riskwatch_by_level``, ``message_unread``,
  the crisis app's index) and stops after ``LIMIT + 1`` rows;
- a **clinician** sees their care team: the caseload ids come from the care-team index, and each section
  probes the per-client indexes for those ids only (a caseload does not grow with the organisation).

Partial indexes here are conditioned on ``IS NULL``/``IS NOT NULL`` or on nothing, never on a value such as
``state = 'missed'``: SQLite only uses a partial index when the query's own text implies its condition, and
Django sends values as parameters.

The scope is the same as ``clients.access.clients_visible_to`` (supervisor: the organisation's active
clients; clinician: their care teams), minus break-the-glass grants, which open one record for a reason
and do not put the client on anyone's dashboard. Archived clients never appear.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.apps import apps
from django.utils import timezone

from safeplan.accounts.models import Role
from safeplan.audit import services as audit
from safeplan.clients.models import CareTeamMember, Client
from safeplan.followup.models import OVERDUE_STATES, CheckIn, Direction, Message, RiskWatch
from safeplan.notifications.models import Notification
from safeplan.risk.selectors import flag_review_due

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
        """JSON-ready: dates and times as ISO 8601 strings."""
        return {
            name: {"rows": [_iso(r) for r in s.rows], "more": s.more, "available": s.available}
            for name, s in self.__dict__.items()
            if isinstance(s, Section)
        } | {"generated_at": self.generated_at.isoformat()}


def _iso(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in row.items()}


def _cut(rows: list[Any]) -> tuple[list[Any], bool]:
    return rows[:LIMIT], len(rows) > LIMIT


def _row(client_id: int, link_suffix: str = "", **extra: Any) -> dict[str, Any]:
    """A row; ``record_number`` and ``initials`` are filled in once for all sections (``_label``)."""
    return {"client_id": client_id, "link": f"/clients/{client_id}/{link_suffix}", **extra}


class Scope:
    """Which clients the dashboard covers; see the module docstring."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.organisation_id = user.organisation_id
        self.org_wide = user.role == Role.SUPERVISOR
        self.client_ids: list[int] = []
        if not self.org_wide:
            # Two indexed lookups (care team by clinician, then clients by id) rather than one join the
            # planner might drive from the organisation's side.
            on_team = list(
                CareTeamMember.objects.filter(clinician_id=user.pk).values_list(
                    "client_id", flat=True
                )
            )
            self.client_ids = list(
                Client.objects.filter(
                    pk__in=on_team,
                    organisation_id=self.organisation_id,
                    archived_at__isnull=True,
                ).values_list("pk", flat=True)
            )

    def filter(self, qs: Any) -> Any:
        """Supervisor: the organisation's index; clinician: only the per-client index (the caseload
        ids already belong to the organisation), so the planner cannot walk the organisation."""
        qs = qs.filter(client__archived_at__isnull=True)
        if self.org_wide:
            return qs.filter(organisation_id=self.organisation_id)
        return qs.filter(client_id__in=self.client_ids)

    def per_value(
        self,
        qs: Any,
        field: str,
        values: tuple[str, ...],
        order: tuple[str, ...],
        columns: tuple[str, ...],
    ) -> list[dict[str, Any]]:
        """Rows whose ``field`` is one of ``values``: for the organisation, one bounded index range per
        value (``LIMIT + 1`` each); for a caseload, one query over its ids. Plain values, no names."""
        if not self.org_wide:
            picked = self.filter(qs.filter(**{f"{field}__in": values})).order_by(*order)
            return list(picked.values(*columns))
        rows: list[dict[str, Any]] = []
        for value in values:
            picked = self.filter(qs.filter(**{field: value})).order_by(*order)
            rows += list(picked.values(*columns)[: LIMIT + 1])
        return rows


def _overdue(scope: Scope) -> Section:
    found = scope.per_value(
        CheckIn.objects.all(),
        "state",
        OVERDUE_STATES,
        ("due_at", "pk"),
        ("pk", "client_id", "due_at", "state"),
    )
    rows, more = _cut(sorted(found, key=lambda c: (c["due_at"], c["pk"])))
    return Section(
        [
            _row(
                c["client_id"],
                "check-ins/",
                checkin_id=c["pk"],
                due_at=c["due_at"],
                state=c["state"],
            )
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
            plans.plans_past_review(scope.organisation_id, today).values_list(
                "review_due", "client_id"
            )[: LIMIT + 1]
        )
    else:
        due = plans.review_due_by_client(scope.client_ids)
        found = sorted((d, cid) for cid, d in due.items() if d < today)
    rows, more = _cut(found)
    return Section(
        [_row(cid, "plan/", review_due=due) for due, cid in rows],
        more,
    )


def _flagged(scope: Scope, today: dt.date) -> Section:
    """Clients flagged moderate or high; each row says when the flag is due for review and whether that
    date has passed (``risk.selectors.flag_review_due``, computed from the row: no extra query)."""
    found = scope.per_value(
        RiskWatch.objects.all(),
        "level",
        ("high", "moderate"),
        ("-since", "-pk"),
        ("pk", "client_id", "level", "since"),
    )
    found.sort(key=lambda w: (w["level"] != "high", -w["since"].timestamp(), -w["pk"]))
    rows, more = _cut(found)
    organisation = scope.user.organisation
    out = []
    for w in rows:
        due = flag_review_due(organisation, w["level"], w["since"])
        out.append(
            _row(
                w["client_id"],
                level=w["level"],
                since=w["since"],
                review_due=due,
                review_overdue=due is not None and due < today,
            )
        )
    return Section(out, more)


def _crises(scope: Scope) -> Section:
    """Open crises, read from the crisis app's contract model ``CrisisEvent`` (client, crisis_type,
    status, opened_at) when that app is installed; the section says "not available" otherwise."""
    try:
        model = apps.get_model("crisis", "CrisisEvent")
    except LookupError:
        return Section(available=False)
    found = scope.per_value(
        model.objects.all(),
        "status",
        ("open",),
        ("-opened_at", "-pk"),
        ("pk", "client_id", "crisis_type", "opened_at"),
    )
    rows, more = _cut(found)
    labels = {str(k): str(v) for k, v in model._meta.get_field("crisis_type").choices or []}
    return Section(
        [
            _row(
                e["client_id"],
                crisis_id=e["pk"],
                crisis_type=e["crisis_type"],
                crisis_label=labels.get(e["crisis_type"], e["crisis_type"]),
                opened_at=e["opened_at"],
            )
            for e in rows
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
                "created_at": n.created_at,
            }
            for n in rows
        ],
        more,
    )


def _unread(scope: Scope) -> Section:
    qs = scope.filter(Message.objects.filter(direction=Direction.FROM_CLIENT, read_at__isnull=True))
    found = list(
        qs.order_by("created_at", "pk").values("pk", "client_id", "created_at", "crisis_flag")[
            : LIMIT + 1
        ]
    )
    found.sort(key=lambda m: (not m["crisis_flag"], m["created_at"]))
    rows, more = _cut(found)
    return Section(
        [
            _row(
                m["client_id"],
                "messages/",
                message_id=m["pk"],
                crisis_flag=m["crisis_flag"],
                sent_at=m["created_at"],
            )
            for m in rows
        ],
        more,
    )


def _label(sections: list[Section]) -> None:
    """Record number and initials for every row, one query and one decryption per client shown."""
    ids = {r["client_id"] for s in sections for r in s.rows if r.get("client_id")}
    clients = Client.objects.only("id", "record_number", "first_name", "last_name").in_bulk(ids)
    labels = {pk: (c.record_number, c.initials) for pk, c in clients.items()}
    for section in sections:
        for row in section.rows:
            if row.get("client_id"):
                row["record_number"], row["initials"] = labels.get(row["client_id"], ("", ""))


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
        flagged=_flagged(scope, today),
        open_crises=_crises(scope),
        alerts=_alerts(user),
        unread_messages=_unread(scope),
        generated_at=now,
    )
    _label(
        [
            board.overdue_checkins,
            board.plans_past_review,
            board.flagged,
            board.open_crises,
            board.unread_messages,
        ]
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
