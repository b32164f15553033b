"""Runbook command checks run the site's whitelisted commands over SSH, here on the lab."""

import pytest

from etc_console.catalog import load_catalog
from etc_console.config.resolve import resolve_runbook_commands
from etc_console.lab import Lab
from etc_console.runbooks.checks import CheckNotConfirmedError, run_check
from etc_console.runbooks.command_check import CommandCheck
from etc_console.runbooks.model import CheckSpec


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with Lab(load_catalog(), tmp_path_factory.mktemp("lab-command"), control=False) as running:
        yield running


@pytest.fixture
def check(lab, tmp_path):
    commands = resolve_runbook_commands(lab.site_config())
    yield CommandCheck(commands, tmp_path / "data")
    lab.clear_faults()


def test_lab_site_lists_runbook_commands(lab):
    ids = {command.id for command in lab.site_config().runbook_commands}
    assert ids == {"disk-usage", "app-service-status", "ntp-offset", "os-resource-usage"}


def test_disk_usage_returns_lab_output(check):
    output = run_check(check, CheckSpec(command="disk-usage"), confirmed_by="张工")
    assert output.passed is True
    assert "$ df -P /data" in output.text
    assert "exit status 0" in output.text
    assert "/dev/mapper/vg_data-lv_data" in output.text


def test_service_status_lists_each_unit(check):
    output = check.run(CheckSpec(command="app-service-status"))
    assert output.passed is True
    command_line, result = output.text.splitlines()
    assert command_line.endswith("$ systemctl is-active etc-issue etc-clearing etc-upload")
    assert result.count("active") == 3


def test_unknown_command_is_rejected(check):
    with pytest.raises(LookupError, match=r"command 'hw-health' is not in this site's whitelist.*\[\[runbook_command\]\]"):
        check.run(CheckSpec(command="hw-health"))


def test_unknown_command_recorded_as_failed(check):
    output = run_check(check, CheckSpec(command="hw-health"), confirmed_by="张工")
    assert output.passed is False
    assert "not in this site's whitelist" in output.text


def test_command_needs_confirmation(check):
    with pytest.raises(CheckNotConfirmedError):
        run_check(check, CheckSpec(command="disk-usage"), confirmed_by=None)
    with pytest.raises(CheckNotConfirmedError):
        run_check(check, CheckSpec(command="disk-usage"), confirmed_by="  ")


def test_probe_check_is_rejected(check):
    with pytest.raises(ValueError, match="not a command check"):
        check.run(CheckSpec(probe="iss-auth/加密机端口"))


def test_changed_host_key_fails_check(lab, check):
    lab.set_fault("ssh", "hostkey-changed")
    output = run_check(check, CheckSpec(command="disk-usage"), confirmed_by="张工")
    assert output.passed is False
    assert "man-in-the-middle" in output.text
    assert "exit status" not in output.text


def test_disk_full_fault_shows_in_output(lab, check):
    lab.set_fault("iss-outlet-api", "disk-full")
    output = check.run(CheckSpec(command="disk-usage"))
    assert "97%" in output.text
