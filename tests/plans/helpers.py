"""Plan bodies for tests: a realistic plan with every section filled, names in several scripts."""

from __future__ import annotations

from typing import Any

THU = "Nguyễn Thị Thu"
ZOE = "Zoë Ólafsdóttir"


def full_sections() -> dict[str, Any]:
    return {
        "warning_signs": [
            {"text": "I stop answering messages and stay in bed", "author": "client"},
            {"text": "Thinking that everyone would be better off without me"},
        ],
        "coping": [
            {"skill": "paced_breathing"},
            {"text": "Play guitar for twenty minutes", "author": "client"},
        ],
        "distractions": [
            {"kind": "place", "name": "The climbing gym on Main Street"},
            {"kind": "person", "name": "Sam", "phone": "617-555-0111"},
        ],
        "help_people": [
            {"name": THU, "relationship": "sister", "phone": "(617) 555-0123"},
            {"name": ZOE, "relationship": "friend", "phone": "+1 212 555 0178"},
        ],
        "professionals": [
            {"kind": "clinician", "name": "Carl Clinician", "phone": "617-555-0100"},
            {"kind": "after_hours", "name": "Clinic on-call line", "phone": "617-555-0199"},
        ],
        "environment": [
            {
                "means": "firearm",
                "action": "given_to_trusted_person",
                "responsible": THU,
                "status": "done",
                "date": "2026-01-10",
            },
            {"means": "medication", "action": "locked", "status": "planned"},
        ],
        "reasons": [{"text": "My niece and nephew", "author": "client"}],
    }


def plan_body(base_version: int = 0, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"base_version": base_version, "sections": full_sections()}
    body.update(overrides)
    return body
