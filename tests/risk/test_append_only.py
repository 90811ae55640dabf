"""Assessments and the risk-flag history are append-only (PRODUCT.md "Nothing clinical is ever
overwritten"; issue 12): the ORM refuses changes and removals, and database triggers refuse them for raw
SQL, on SQLite and PostgreSQL. Key rotation (encrypted columns only) and retention deletion (the audit
maintenance switch) still work."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from safeplan.audit.guard import maintenance
from safeplan.risk import services
from safeplan.risk.models import Assessment, ImmutableRowError, RiskFlagChange
from tests.factories import World

ACUTE = {"q1": "yes", "q2": "no", "q3": "no", "q4": "no", "q5": "yes"}


@pytest.fixture
def rows(world: World) -> tuple[Assessment, RiskFlagChange]:
    assessment = services.record_assessment(
        actor=world.users["clinician"], client=world.client, instrument="asq", answers=ACUTE
    )
    return assessment, RiskFlagChange.objects.get(assessment=assessment)


def test_orm_refuses_changes_and_removals(rows: tuple[Assessment, RiskFlagChange]) -> None:
    assessment, flag = rows
    assessment.code = "negative"
    with pytest.raises(ImmutableRowError):
        assessment.save()
    with pytest.raises(ImmutableRowError):
        assessment.delete()
    with pytest.raises(ImmutableRowError):
        Assessment.objects.filter(pk=assessment.pk).update(completed_at=assessment.completed_at)
    with pytest.raises(ImmutableRowError):
        Assessment.objects.filter(pk=assessment.pk).delete()
    flag.level = "none"
    with pytest.raises(ImmutableRowError):
        flag.save()
    with pytest.raises(ImmutableRowError):
        flag.delete()
    with pytest.raises(ImmutableRowError):
        RiskFlagChange.objects.filter(pk=flag.pk).update(level="none")
    with pytest.raises(ImmutableRowError):
        RiskFlagChange.objects.all().delete()
    fresh = Assessment.objects.get(pk=assessment.pk)
    assert (fresh.code, RiskFlagChange.objects.get(pk=flag.pk).level) == ("acute_positive", "high")


def test_reencrypting_the_same_words_is_the_one_orm_update(
    rows: tuple[Assessment, RiskFlagChange],
) -> None:
    assessment, _ = rows
    stored = Assessment.objects.get(pk=assessment.pk)
    stored.save(update_fields=["answers"])  # the same words: allowed (key rotation)
    stored.answers = {**ACUTE, "q5": "no"}
    with pytest.raises(ImmutableRowError):
        stored.save(update_fields=["answers"])


def _raw(sql: str, params: list[Any]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    ("table", "sql"),
    [
        ("assessment", "UPDATE risk_assessment SET code = 'negative' WHERE id = %s"),
        ("assessment", "UPDATE risk_assessment SET implied_level = 'none' WHERE id = %s"),
        (
            "assessment",
            "UPDATE risk_assessment SET completed_at = completed_at - INTERVAL '1 day'"
            " WHERE id = %s",
        ),
        ("assessment", "UPDATE risk_assessment SET follows_id = id WHERE id = %s"),
        ("assessment", "DELETE FROM risk_assessment WHERE id = %s"),
        ("flag", "UPDATE risk_riskflagchange SET level = 'none' WHERE id = %s"),
        ("flag", "UPDATE risk_riskflagchange SET set_at = set_at WHERE id = %s AND 1 = 0"),
        ("flag", "DELETE FROM risk_riskflagchange WHERE id = %s"),
    ],
)
def test_raw_sql_changes_and_removals_fail(
    rows: tuple[Assessment, RiskFlagChange], table: str, sql: str
) -> None:
    assessment, flag = rows
    pk = assessment.pk if table == "assessment" else flag.pk
    if "INTERVAL" in sql and connection.vendor == "sqlite":
        sql = "UPDATE risk_assessment SET completed_at = '2020-01-01 00:00:00' WHERE id = %s"
    if "1 = 0" in sql:  # a no-op update touches no row and is harmless on both databases
        _raw(sql, [pk])
        return
    with pytest.raises(DatabaseError):
        _raw(sql, [pk])
    assert Assessment.objects.get(pk=assessment.pk).code == "acute_positive"
    assert RiskFlagChange.objects.get(pk=flag.pk).level == "high"


def test_raw_sql_may_rewrite_encrypted_words_only(rows: tuple[Assessment, RiskFlagChange]) -> None:
    """Key rotation and anonymisation rewrite ciphertext in place; the plain columns stay fixed."""
    assessment, flag = rows
    _raw("UPDATE risk_assessment SET answers = answers WHERE id = %s", [assessment.pk])
    _raw("UPDATE risk_riskflagchange SET reason = reason WHERE id = %s", [flag.pk])


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_truncate_fails_on_postgresql(rows: tuple[Assessment, RiskFlagChange]) -> None:
    for table in ("risk_riskflagchange", "risk_assessment"):
        with pytest.raises(DatabaseError):
            _raw(f"TRUNCATE {table} CASCADE", [])


def test_retention_deletion_under_maintenance_still_removes(
    rows: tuple[Assessment, RiskFlagChange],
) -> None:
    assessment, flag = rows
    with maintenance():
        _raw("DELETE FROM risk_riskflagchange WHERE id = %s", [flag.pk])
        _raw("DELETE FROM risk_assessment WHERE id = %s", [assessment.pk])
    assert not Assessment.objects.filter(pk=assessment.pk).exists()
