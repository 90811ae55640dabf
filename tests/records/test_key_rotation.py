"""Key rotation: everything readable under the new key alone afterwards; an interrupted run resumes."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.core.management import call_command
from django.core.management.base import CommandError

from safeplan.accounts.adapters import MFAAdapter
from safeplan.clients.models import Client
from safeplan.lib import crypto
from safeplan.plans import services as plan_services
from safeplan.plans.models import SafetyPlanVersion
from safeplan.records import rotation
from safeplan.records.columns import encrypted_columns
from tests.factories import TOTP_SECRET, World, make_client

PLAN_WORDS = "Call Ysolde from the Brackenmoor bakery"


def _data(world: World) -> None:
    plan_services.save_plan(
        client=world.client,
        actor=world.users["clinician"],
        content={"warning_signs": [{"text": PLAN_WORDS}]},
        base_version=None,
    )
    for i in range(7):
        make_client(world.org, f"R-{i:03d}", first_name=f"Rotated{i}")


def _everything_reads(world: World) -> None:
    names = sorted(c.first_name for c in Client.objects.filter(record_number__startswith="R-"))
    assert names == [f"Rotated{i}" for i in range(7)]
    assert Client.objects.get(pk=world.client.pk).first_name == "Cleo"
    version = SafetyPlanVersion.objects.get(plan__client=world.client)
    assert version.content["warning_signs"][0]["text"] == PLAN_WORDS
    totp = Authenticator.objects.filter(type=Authenticator.Type.TOTP).first()
    assert totp is not None
    assert MFAAdapter().decrypt(totp.data["secret"]) == TOTP_SECRET


def test_rotate_then_remove_the_old_key(world: World, settings: Any, capsys: Any) -> None:
    _data(world)
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = crypto.generate_key()
    settings.FIELD_ENCRYPTION_KEYS = [new]
    with pytest.raises(crypto.DecryptionError):
        Client.objects.get(pk=world.client.pk)  # without the old key nothing reads: the test bites
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    _everything_reads(world)
    assert rotation.values_not_current()
    call_command("keys", "rotate", "--batch", "3")
    out = capsys.readouterr().out
    assert "clients_client.first_name:" in out and "re-encrypted" in out
    assert "You may now remove the older key" in out
    assert rotation.values_not_current() == {}
    settings.FIELD_ENCRYPTION_KEYS = [new]
    _everything_reads(world)
    call_command("keys", "status")
    assert "Every encrypted value is under the first key." in capsys.readouterr().out


def test_interrupted_rotation_resumes_where_it_stopped(
    world: World, settings: Any, monkeypatch: Any
) -> None:
    _data(world)
    old = settings.FIELD_ENCRYPTION_KEYS[0]
    new = crypto.generate_key()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    total = sum(rotation.values_not_current().values())
    real_rotate = crypto.rotate_text
    calls = {"n": 0}

    def failing(stored: str) -> str:
        calls["n"] += 1
        if calls["n"] > 10:
            raise KeyboardInterrupt  # the operator pressed Ctrl+C mid-batch
        return real_rotate(stored)

    monkeypatch.setattr(crypto, "rotate_text", failing)
    with pytest.raises(KeyboardInterrupt):
        rotation.rotate_all(batch=4)
    monkeypatch.setattr(crypto, "rotate_text", real_rotate)
    left = sum(rotation.values_not_current().values())
    assert 0 < left < total, "finished batches stay done, the interrupted batch rolled back"
    _everything_reads(world)  # nothing unreadable half-way
    resumed = rotation.rotate_all(batch=4)
    assert resumed.rotated == left, "rows already under the new key are skipped"
    settings.FIELD_ENCRYPTION_KEYS = [new]
    _everything_reads(world)


def test_status_fails_while_values_are_under_an_old_key(world: World, settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [crypto.generate_key(), settings.FIELD_ENCRYPTION_KEYS[0]]
    with pytest.raises(CommandError, match="older key"):
        call_command("keys", "status")


def test_a_missing_key_stops_rotation_with_a_clear_error(world: World, settings: Any) -> None:
    settings.FIELD_ENCRYPTION_KEYS = [crypto.generate_key(), crypto.generate_key()]
    with pytest.raises(CommandError, match="missing from SAFEPLAN_FIELD_KEYS"):
        call_command("keys", "rotate")


def test_a_concurrent_write_is_not_overwritten(world: World, settings: Any) -> None:
    column = next(c for c in encrypted_columns() if c.name == "clients_client.first_name")
    (pk, stored) = next(r for r in column.select_batch(None, 100) if r[0] == world.client.pk)
    Client.objects.filter(pk=pk).update(first_name="Changed meanwhile")
    assert column.replace(pk, stored, crypto.rotate_text(stored)) is False
    assert Client.objects.get(pk=pk).first_name == "Changed meanwhile"


def test_generate_prints_a_usable_key(capsys: Any) -> None:
    call_command("keys", "generate")
    key = capsys.readouterr().out.strip()
    assert crypto.invalid_keys([key]) == []
    assert crypto.invalid_keys(["not-a-key", key]) == [1]


def test_every_encrypted_field_is_covered(db: Any) -> None:
    from django.apps import apps

    from safeplan.lib.fields import encrypted_fields

    expected = {
        f"{m._meta.db_table}.{m._meta.get_field(n).column}"  # type: ignore[union-attr]
        for m in apps.get_models()
        for n in encrypted_fields(m)
    }
    assert {c.name for c in encrypted_columns()} == expected
    assert "clients_client.date_of_birth" in expected
