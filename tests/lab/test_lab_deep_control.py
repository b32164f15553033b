"""Deep faults through the control endpoint and `etc-console check --lab`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from etc_console.lab import fetch_faults, send_fault

REPO_ROOT = Path(__file__).resolve().parents[2]
CHECK_TIMEOUT = 60


def test_control_sets_deep_faults(lab):
    send_fault(lab.data_dir, "ssh", "hostkey-changed")
    send_fault(lab.data_dir, "stl-transfer", "backlog")
    during = fetch_faults(lab.data_dir)
    send_fault(lab.data_dir, "ssh", None)

    assert during == {"ssh": "hostkey-changed", "stl-transfer": "backlog"}
    assert lab.faults() == {"stl-transfer": "backlog"}


@pytest.mark.parametrize(("target", "fault", "listed"), [
    ("ord-lane", "backlog", "valid targets: stl-transfer"),
    ("ssh", "down", "accepts only hostkey-changed"),
    ("iss-auth", "disk-full", "valid targets: iss-outlet-api, stl-clearing"),
])
def test_control_rejects_misplaced_fault(lab, target, fault, listed):
    with pytest.raises(ValueError) as caught:
        send_fault(lab.data_dir, target, fault)

    assert listed in str(caught.value)
    assert lab.faults() == {}


def run_check_lab(data_dir: Path, *faults: str) -> subprocess.CompletedProcess:
    options = [option for fault in faults for option in ("--fault", fault)]
    return subprocess.run(
        [sys.executable, "-m", "etc_console", "--data-dir", str(data_dir), "check", "--lab", "--json", *options],
        cwd=REPO_ROOT, env=dict(os.environ, PYTHONIOENCODING="utf-8"),
        capture_output=True, text=True, encoding="utf-8", timeout=CHECK_TIMEOUT,
    )


def test_check_lab_reports_deep_fault(tmp_path):
    completed = run_check_lab(tmp_path, "stl-clearing=missing-settlement-file")
    document = json.loads(completed.stdout)
    subsystems = {entry["id"]: entry for entry in document["subsystems"]}
    clearing = {probe["name"]: probe for probe in subsystems["stl-clearing"]["probes"]}
    kinds = {probe["kind"] for entry in document["subsystems"] for probe in entry["probes"]}

    assert completed.returncode == 1, completed.stderr
    assert [entry_id for entry_id, entry in subsystems.items() if entry["state"] != "ok"] == ["stl-clearing"]
    assert clearing["清分文件"]["kind"] == "sftp"
    assert clearing["清分文件"]["state"] == "down"
    assert "older than down_age_minutes 65" in clearing["清分文件"]["detail"]
    assert {"http", "tls", "tcp", "ssh", "sql", "sftp"} <= kinds
