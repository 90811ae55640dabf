"""Emergency disclosures (clinical-rules.md §10.3, §10.4).

When information about the client is shared without their consent to prevent a serious and imminent threat,
HIPAA 45 CFR 164.512(j) permits it to a person reasonably able to prevent or lessen the threat; the product
rule is a disclosure record with recipient, basis, what was disclosed, when and by whom. In a Part 2
programme, 42 CFR 2.51 allows disclosure to medical personnel in a bona fide medical emergency and requires
the recipient's name and affiliation, the discloser, the date and time, and the nature of the emergency to be
documented at once.

``disclosure_prompts`` reads the timeline: an answered call to the police, the 911 centre (PSAP), mobile
crisis, an emergency department or protective services, a welfare-check request, or a support person reached
without a release of information, each asks for a disclosure record until one points at it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from safeplan.crisis.rules import types
from safeplan.lib import validation
from safeplan.lib.errors import InvalidInput

BASES: dict[str, str] = {
    "hipaa_164_512_j": "To prevent or lessen a serious and imminent threat (45 CFR 164.512(j))",
    "part2_2_51": "Medical emergency, to medical personnel (42 CFR 2.51)",
    "mandated_report": "Report of abuse or neglect required by law (45 CFR 164.512(b)(1)(ii), (c))",
    "client_consent": "The client agreed at the time",
    "release_on_file": "Release of information on file",
    "other": "Other legal basis (describe)",
}
RECIPIENT_TYPES: dict[str, str] = {
    "psap": "911 centre (PSAP)",
    "police": "Police",
    "ems": "Emergency medical services",
    "mobile_crisis": "Mobile crisis team",
    "emergency_department": "Emergency department",
    "support_person": "Support person",
    "family": "Family member",
    "person_at_risk": "Person at risk of harm",
    "protective_services": "Child or adult protective services",
    "other_provider": "Another of the client's providers",
    "other": "Other",
}
# What each answered call target means as a recipient.
TARGET_RECIPIENT = {
    "psap": "psap",
    "police": "police",
    "mobile_crisis": "mobile_crisis",
    "emergency_department": "emergency_department",
    "protective_services": "protective_services",
    "support_person": "support_person",
    "guardian": "family",
    "other_provider": "other_provider",
}
# 42 CFR 2.51 allows disclosure only to medical personnel.
MEDICAL_RECIPIENTS = frozenset({"ems", "emergency_department", "mobile_crisis", "other_provider"})
TEXT_MAX = 2000
NAME_MAX = 200


@dataclass(frozen=True)
class Prompt:
    """A timeline entry that calls for a disclosure record."""

    entry_id: int
    recipient_type: str
    recipient_name: str
    why: str
    suggested_basis: str


def _entry_prompt(
    entry_id: int, kind: str, p: Mapping[str, Any], crisis_type: str
) -> Prompt | None:
    basis = "mandated_report" if crisis_type == "abuse_disclosure" else "hipaa_164_512_j"
    if kind == "call" and p.get("outcome") in types.REACHED:
        to = p.get("to", "")
        if to in types.EMERGENCY_TARGETS:
            if to == "protective_services":
                basis = "mandated_report"
            return Prompt(
                entry_id,
                TARGET_RECIPIENT[to],
                str(p.get("name") or types.label(types.CALL_TARGETS, to)),
                f"Information was shared with {types.label(types.CALL_TARGETS, to).lower()}.",
                basis,
            )
        if to in types.PERSON_TARGETS and not p.get("consented"):
            return Prompt(
                entry_id,
                TARGET_RECIPIENT[to],
                str(p.get("name") or types.label(types.CALL_TARGETS, to)),
                "A support person without a current release of information was told about the client.",
                basis,
            )
        if to == "other" and crisis_type == "harm_to_others":
            return Prompt(
                entry_id,
                "person_at_risk",
                str(p.get("name") or "Person called"),
                "A call during a risk-of-harm crisis: if the person at risk was warned, record it.",
                basis,
            )
    if kind == "welfare_check_requested":
        return Prompt(
            entry_id,
            "police" if "police" in str(p.get("agency", "")).lower() else "psap",
            str(p.get("agency") or "Emergency services"),
            "A welfare check was requested: the client's address and situation were shared.",
            "hipaa_164_512_j",
        )
    if kind == "support_person_reached" and not p.get("consented"):
        return Prompt(
            entry_id,
            "support_person",
            str(p.get("name") or "Support person"),
            "A support person without a current release of information was told about the client.",
            basis,
        )
    return None


def disclosure_prompts(
    entries: Iterable[tuple[int, str, Mapping[str, Any]]],
    *,
    covered_entry_ids: Iterable[int],
    corrected_entry_ids: Iterable[int] = (),
    crisis_type: str = "other",
) -> list[Prompt]:
    """The entries that still need a disclosure record, oldest first.

    ``entries`` are (id, kind, payload); a support person counts as consented when the entry recorded that
    their release of information was in force at that moment (``consented``). Entries already pointed at by
    a disclosure, and entries that a later entry corrects, ask nothing (the correction is judged instead).
    """
    skip = set(covered_entry_ids) | set(corrected_entry_ids)
    prompts = []
    for entry_id, kind, payload in entries:
        if entry_id in skip or payload.get("entered_in_error"):
            continue
        found = _entry_prompt(entry_id, kind, payload, crisis_type)
        if found is not None:
            prompts.append(found)
    return prompts


def _text(value: Any, where: str, limit: int, *, multiline: bool, required: bool) -> str:
    return validation.clean_text(
        value, field=where, limit=limit, multiline=multiline, required=required
    )


def normalise_disclosure(
    data: Mapping[str, Any], *, now: dt.datetime, opened_at: dt.datetime
) -> dict[str, Any]:
    """A disclosure record's fields, checked: recipient, basis, what was disclosed and when are required;
    a Part 2 (§2.51) disclosure also needs the recipient's affiliation and the nature of the emergency, and
    may only go to medical personnel."""
    clean: dict[str, Any] = {}
    clean["recipient_name"] = _text(
        data.get("recipient_name"), "recipient_name", NAME_MAX, multiline=False, required=True
    )
    recipient_type = data.get("recipient_type")
    if not isinstance(recipient_type, str) or recipient_type not in RECIPIENT_TYPES:
        raise InvalidInput(f"must be one of {', '.join(RECIPIENT_TYPES)}", field="recipient_type")
    clean["recipient_type"] = recipient_type
    clean["recipient_affiliation"] = _text(
        data.get("recipient_affiliation"),
        "recipient_affiliation",
        NAME_MAX,
        multiline=False,
        required=data.get("basis") == "part2_2_51",
    )
    basis = data.get("basis")
    if not basis:
        raise InvalidInput("is required", field="basis")
    if not isinstance(basis, str) or basis not in BASES:
        raise InvalidInput(f"must be one of {', '.join(BASES)}", field="basis")
    clean["basis"] = basis
    clean["basis_detail"] = _text(
        data.get("basis_detail"),
        "basis_detail",
        TEXT_MAX,
        multiline=True,
        required=basis == "other",
    )
    if basis == "part2_2_51" and recipient_type not in MEDICAL_RECIPIENTS:
        raise InvalidInput(
            "42 CFR 2.51 allows disclosure to medical personnel only", field="recipient_type"
        )
    clean["information_disclosed"] = _text(
        data.get("information_disclosed"),
        "information_disclosed",
        TEXT_MAX,
        multiline=True,
        required=True,
    )
    clean["nature_of_emergency"] = _text(
        data.get("nature_of_emergency"),
        "nature_of_emergency",
        TEXT_MAX,
        multiline=True,
        required=basis in ("part2_2_51", "hipaa_164_512_j"),
    )
    disclosed_at = data.get("disclosed_at") or now
    if not isinstance(disclosed_at, dt.datetime) or disclosed_at.tzinfo is None:
        raise InvalidInput("must be a date and time with a time zone", field="disclosed_at")
    if disclosed_at > now + dt.timedelta(minutes=1):
        raise InvalidInput("cannot be in the future", field="disclosed_at")
    if disclosed_at < opened_at - dt.timedelta(hours=24):
        raise InvalidInput("is long before this crisis was opened", field="disclosed_at")
    clean["disclosed_at"] = disclosed_at
    return clean
