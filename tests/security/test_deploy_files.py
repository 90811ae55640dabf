"""The systemd units in deploy/systemd parse, and the example environment names only real settings."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"


def test_environment_example_names_only_settings_safeplan_reads() -> None:
    read = "".join(
        p.read_text()
        for p in [
            ROOT / "safeplan" / "settings.py",
            *ROOT.glob("safeplan/*/management/commands/*.py"),
        ]
    )
    names = re.findall(r"^([A-Z_]+)=", (UNITS / "safeplan.env.example").read_text(), re.M)
    assert "SAFEPLAN_MODE" in names and "SAFEPLAN_FIELD_KEYS_FILE" in names
    unknown = [n for n in names if n.removesuffix("_FILE") not in read]
    assert not unknown, f"the example sets variables Safeplan never reads: {unknown}"


def test_systemd_units_verify(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed; the units are checked where systemd is")
    for unit in [*UNITS.glob("*.service"), *UNITS.glob("*.timer")]:
        text = unit.read_text()
        # Verify the unit itself, not this machine's installation: stand-ins for the binary and env file.
        text = text.replace("/opt/safeplan/venv/bin/safeplan", "/bin/true")
        text = text.replace("EnvironmentFile=/", "EnvironmentFile=-/")
        (tmp_path / unit.name).write_text(text)
    done = subprocess.run(
        [analyze, "verify", *sorted(str(p) for p in tmp_path.iterdir())],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"SYSTEMD_LOG_LEVEL": "warning", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
    # Unknown or misspelt keys are only warnings for systemd; here they fail.
    assert not done.stderr.strip(), done.stderr


def _sections(text: str) -> dict[str, dict[str, str]]:
    sections: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
        else:
            key, _, value = line.partition("=")
            current[key.strip()] = value.strip()
    return sections


def test_units_run_real_safeplan_commands_as_an_unprivileged_user() -> None:
    """Runs everywhere (systemd-analyze is an extra check where systemd is installed)."""
    from django.core.management import get_commands

    commands = set(get_commands())
    services = sorted(UNITS.glob("*.service"))
    assert {p.name for p in services} >= {"safeplan.service", "safeplan-worker.service"}
    for unit in services:
        sections = _sections(unit.read_text())
        service = sections.get("Service", {})
        assert service.get("User") == "safeplan", unit.name
        assert "Description" in sections.get("Unit", {}), unit.name
        for command in re.findall(
            r"/opt/safeplan/venv/bin/safeplan (\w+)", service.get("ExecStart", "")
        ):
            assert command in commands, (
                f"{unit.name} runs `safeplan {command}`, which does not exist"
            )
    for timer in UNITS.glob("*.timer"):
        sections = _sections(timer.read_text())
        assert "OnCalendar" in sections.get("Timer", {}), timer.name
        target = sections["Timer"].get("Unit", timer.name.replace(".timer", ".service"))
        assert (UNITS / target).exists(), f"{timer.name} starts {target}, which is not shipped"
