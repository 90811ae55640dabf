"""The start-of-session gate through the service: each missing answer refused, nothing written, minors,
re-resolution on a location change, the jurisdiction warning (clinical-rules.md §1.2, §8, §10.6)."""

from __future__ import annotations

from typing import Any

import pytest

from safeplan.audit.models import AuditEvent
from safeplan.telehealth.models import (
    LocationResource,
    ResourceKind,
    SessionCheck,
    SessionStatus,
    TelehealthSession,
    UsualLocation,
)
from safeplan.telehealth.services import people, sessions
from safeplan.telehealth.services.common import Problems
from safeplan.telehealth.services.sessions import GateAnswers
from tests.factories import World
from tests.telehealth.conftest import AUSTIN


def _answers(home: Any, **changes: Any) -> GateAnswers:
    values = {
        "usual_location_id": home.pk,
        "callback_phone": "617-555-0142",
        "privacy_alone": True,
        "privacy_private_place": True,
    }
    values.update(changes)
    return GateAnswers(**values)


def _fields(exc: Problems) -> list[str]:
    return [f for f, _ in exc.problems]


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"usual_location_id": None}, "location"),
        ({"callback_phone": ""}, "callback_phone"),
        ({"privacy_alone": None}, "privacy.alone"),
        ({"privacy_private_place": None}, "privacy.private_place"),
        ({"privacy_alone": False}, "privacy.others_present"),
    ],
)
def test_each_missing_answer_is_refused_and_nothing_written(
    world: World, home: Any, change: dict[str, Any], missing: str
) -> None:
    before = (TelehealthSession.objects.count(), AuditEvent.objects.count())
    with pytest.raises(Problems) as caught:
        sessions.start_session(
            actor=world.users["clinician"], client=world.client, answers=_answers(home, **change)
        )
    assert _fields(caught.value) == [missing]
    assert caught.value.status == 422
    assert (TelehealthSession.objects.count(), AuditEvent.objects.count()) == before


def test_everything_missing_is_named_at_once(world: World, home: Any) -> None:
    with pytest.raises(Problems) as caught:
        sessions.start_session(
            actor=world.users["clinician"], client=world.client, answers=GateAnswers()
        )
    assert _fields(caught.value) == [
        "location",
        "callback_phone",
        "privacy.alone",
        "privacy.private_place",
    ]
    detail = caught.value.as_detail()
    assert isinstance(detail, list) and {tuple(d["loc"]) for d in detail} >= {("body", "location")}


def test_bad_callback_number_for_the_location_country(world: World, home: Any) -> None:
    with pytest.raises(Problems) as caught:
        sessions.start_session(
            actor=world.users["clinician"],
            client=world.client,
            answers=_answers(home, callback_phone="020 7946 0000"),
        )
    assert _fields(caught.value) == ["callback_phone"]


def test_start_records_each_answer_time_stamped(world: World, home: Any) -> None:
    session = sessions.start_session(
        actor=world.users["clinician"], client=world.client, answers=_answers(home)
    )
    assert session.status == SessionStatus.STARTED and session.started_at is not None
    assert session.location_id == home.pk and session.location_confirmed_at is not None
    assert session.callback_phone == "+16175550142" and session.callback_confirmed_at
    assert session.privacy_alone is True and session.privacy_checked_at
    assert session.jurisdiction == "US-MA" and session.jurisdiction_warning == ""
    items = sorted(SessionCheck.objects.filter(session=session).values_list("item", flat=True))
    assert items == ["callback_phone", "location", "privacy"]
    assert AuditEvent.objects.filter(action="telehealth.session_started").count() == 1


def test_a_started_session_cannot_start_again(world: World, home: Any) -> None:
    session = sessions.start_session(
        actor=world.users["clinician"], client=world.client, answers=_answers(home)
    )
    with pytest.raises(Exception) as caught:
        sessions.start_session(
            actor=world.users["clinician"],
            client=world.client,
            answers=_answers(home),
            session=session,
        )
    assert getattr(caught.value, "status", None) == 409


def test_new_address_at_the_gate_is_resolved_and_warns_outside_licence(
    world: World, home: Any
) -> None:
    session = sessions.start_session(
        actor=world.users["clinician"],
        client=world.client,
        answers=_answers(home, usual_location_id=None, address=AUSTIN, callback_phone="5125550199"),
    )
    assert session.location.kind == "session"
    assert session.jurisdiction == "US-TX"
    assert "US-TX" in session.jurisdiction_warning and "US-MA" in session.jurisdiction_warning
    eds = LocationResource.objects.filter(
        location=session.location, kind=ResourceKind.EMERGENCY_DEPARTMENT
    )
    assert eds.exists()
    assert all("TX" in ed.address for ed in eds)


def test_new_address_without_street_names_the_field(world: World, home: Any) -> None:
    before = UsualLocation.objects.count()
    with pytest.raises(Problems) as caught:
        sessions.start_session(
            actor=world.users["clinician"],
            client=world.client,
            answers=_answers(home, usual_location_id=None, address={**AUSTIN, "street": ""}),
        )
    assert "location.address.street" in _fields(caught.value)
    assert UsualLocation.objects.count() == before


def test_location_change_re_resolves_and_warns(world: World, home: Any) -> None:
    actor = world.users["clinician"]
    session = sessions.start_session(actor=actor, client=world.client, answers=_answers(home))
    boston_eds = set(
        LocationResource.objects.filter(
            location=home, kind=ResourceKind.EMERGENCY_DEPARTMENT
        ).values_list("source_ref", flat=True)
    )
    assert "cms:220071" in boston_eds  # Massachusetts General Hospital
    sessions.change_session_location(
        actor=actor, client=world.client, session=session, address=AUSTIN
    )
    session.refresh_from_db()
    assert session.location_id != home.pk and session.jurisdiction == "US-TX"
    assert session.jurisdiction_warning
    austin_eds = set(
        LocationResource.objects.filter(
            location=session.location, kind=ResourceKind.EMERGENCY_DEPARTMENT
        ).values_list("source_ref", flat=True)
    )
    assert austin_eds and not (austin_eds & boston_eds)
    assert SessionCheck.objects.filter(session=session, item="location").count() == 2
    # Back home: the warning goes away.
    sessions.change_session_location(
        actor=actor, client=world.client, session=session, usual_location_id=home.pk
    )
    session.refresh_from_db()
    assert session.jurisdiction_warning == ""


# --- minors (§8) -----------------------------------------------------------------------------------------


def _minor_home(world: World, minor: Any) -> Any:
    from safeplan.telehealth.services import locations

    return locations.add_location(
        actor=world.users["clinician"],
        client=minor,
        kind="home",
        address={
            "street": "2400 N Lincoln Ave",
            "city": "Chicago",
            "region": "IL",
            "postcode": "60614",
            "country": "US",
        },
    )


def test_minor_needs_the_safe_adult(world: World, minor: Any, safe_adult: Any) -> None:
    home = _minor_home(world, minor)
    actor = world.users["clinician"]
    with pytest.raises(Problems) as caught:
        sessions.start_session(
            actor=actor, client=minor, answers=_answers(home, callback_phone="3125550111")
        )
    assert _fields(caught.value) == ["safe_adult.guardian_id", "safe_adult.status"]
    reachable = _answers(
        home,
        callback_phone="3125550111",
        safe_adult_id=safe_adult.pk,
        safe_adult_status="reachable",
    )
    # By default the safe adult must be physically present (CHOC home-based protocol, §8).
    with pytest.raises(Problems) as caught:
        sessions.start_session(actor=actor, client=minor, answers=reachable)
    assert _fields(caught.value) == ["safe_adult.status"]
    assert not TelehealthSession.objects.filter(client=minor).exists()
    # An organisation may accept a safe adult reachable in the home.
    minor.organisation.policy = {"telehealth.minor_safe_adult": "present_or_reachable"}
    minor.organisation.save()
    minor.refresh_from_db()
    session = sessions.start_session(actor=actor, client=minor, answers=reachable)
    assert session.is_minor is True and session.safe_adult_id == safe_adult.pk
    assert session.safe_adult_status == "reachable" and session.safe_adult_confirmed_at


def test_a_location_change_mid_session_reruns_the_minor_gate(
    world: World, minor: Any, safe_adult: Any
) -> None:
    home = _minor_home(world, minor)
    actor = world.users["clinician"]
    session = sessions.start_session(
        actor=actor,
        client=minor,
        answers=_answers(
            home,
            callback_phone="3125550111",
            safe_adult_id=safe_adult.pk,
            safe_adult_status="present",
        ),
    )
    with pytest.raises(Problems) as caught:
        sessions.change_session_location(actor=actor, client=minor, session=session, address=AUSTIN)
    assert _fields(caught.value) == ["safe_adult.guardian_id", "safe_adult.status"]
    session.refresh_from_db()
    assert session.jurisdiction == "US-IL"  # nothing written
    with pytest.raises(Problems) as caught:
        sessions.change_session_location(
            actor=actor,
            client=minor,
            session=session,
            address=AUSTIN,
            safe_adult_id=safe_adult.pk,
            safe_adult_status="reachable",
        )
    assert _fields(caught.value) == ["safe_adult.status"]
    sessions.change_session_location(
        actor=actor,
        client=minor,
        session=session,
        address=AUSTIN,
        safe_adult_id=safe_adult.pk,
        safe_adult_status="present",
    )
    session.refresh_from_db()
    assert session.jurisdiction == "US-TX" and session.safe_adult_status == "present"
    assert SessionCheck.objects.filter(session=session, item="safe_adult").count() == 2


def test_minor_with_excluded_persons(world: World, minor: Any, safe_adult: Any) -> None:
    home = _minor_home(world, minor)
    actor = world.users["clinician"]
    people.add_excluded_person(actor=actor, client=minor, data={"name": "R. Smith"})
    base = _answers(
        home, callback_phone="3125550111", safe_adult_id=safe_adult.pk, safe_adult_status="present"
    )
    with pytest.raises(Problems) as caught:
        sessions.start_session(actor=actor, client=minor, answers=base)
    assert _fields(caught.value) == ["excluded_person_present"]
    base.excluded_person_present = True
    with pytest.raises(Problems) as caught:
        sessions.start_session(actor=actor, client=minor, answers=base)
    assert _fields(caught.value) == ["excluded_person_present"]
    assert "do not start" in caught.value.problems[0][1]
    base.excluded_person_present = False
    assert sessions.start_session(actor=actor, client=minor, answers=base).status == "started"


def test_a_guardian_who_is_not_the_safe_adult_is_refused(
    world: World, minor: Any, safe_adult: Any
) -> None:
    home = _minor_home(world, minor)
    actor = world.users["clinician"]
    legal_only = people.add_guardian(
        actor=actor,
        client=minor,
        data={
            "name": "Sam Lee",
            "relationship": "father",
            "phone": "+13125550113",
            "is_legal_guardian": True,
        },
    )
    with pytest.raises(Problems) as caught:
        sessions.start_session(
            actor=actor,
            client=minor,
            answers=_answers(
                home,
                callback_phone="3125550111",
                safe_adult_id=legal_only.pk,
                safe_adult_status="present",
            ),
        )
    assert _fields(caught.value) == ["safe_adult.guardian_id"]


def test_adult_needs_no_safe_adult(world: World, home: Any) -> None:
    session = sessions.start_session(
        actor=world.users["clinician"], client=world.client, answers=_answers(home)
    )
    assert session.is_minor is False and session.safe_adult_id is None


def test_threshold_is_configurable_per_jurisdiction(world: World, minor: Any) -> None:
    from safeplan.telehealth.selectors import minor_status

    assert minor_status(minor, "US-MA").threshold == 18 and minor_status(minor, "US-MA").is_minor
    world.org.policy = {"telehealth.minor_age_thresholds": {"US-MA": 14}}
    world.org.save()
    minor.refresh_from_db()
    status = minor_status(minor, "US-MA")
    assert (status.age, status.threshold, status.is_minor) == (14, 14, False)
    assert minor_status(minor, "US-TX").is_minor


def test_only_clinical_roles_start_sessions(world: World, home: Any) -> None:
    with pytest.raises(Exception) as caught:
        sessions.start_session(
            actor=world.users["admin"], client=world.client, answers=_answers(home)
        )
    assert getattr(caught.value, "status", None) == 403
