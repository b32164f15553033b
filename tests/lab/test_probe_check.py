"""Runbook probe checks run the site's configured probes, here the lab's."""

import pytest

from etc_console.catalog import load_catalog
from etc_console.config.resolve import resolve_probes
from etc_console.lab import Lab
from etc_console.runbooks.model import CheckSpec
from etc_console.runbooks.probe_check import ProbeCheck


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with Lab(load_catalog(), tmp_path_factory.mktemp("lab-check"), control=False) as running:
        yield running


@pytest.fixture
def check(lab):
    specs = resolve_probes(lab.site_config(), load_catalog())
    yield ProbeCheck(specs)
    lab.clear_faults()


def test_probe_check_passes_on_healthy_lab(check):
    output = check.run(CheckSpec(probe="iss-auth/加密机端口"))
    assert output.passed is True
    assert output.text.startswith("iss-auth/加密机端口: ok")


def test_probe_check_fails_with_detail(lab, check):
    lab.set_fault("iss-outlet-api", "down")
    output = check.run(CheckSpec(probe="iss-outlet-api/健康检查"))
    assert output.passed is False
    assert "refused" in output.text


def test_service_point_check_covers_every_point(lab, check):
    lab.set_fault("SP017", "down")
    output = check.run(CheckSpec(probe="service-points/心跳"))
    assert output.passed is False
    assert output.text.splitlines()[0] == "162/163 OK"
    assert "SP017" in output.text


def test_unknown_probe_and_command_checks_are_refused(check):
    with pytest.raises(LookupError, match="no probe 'iss-auth/不存在'"):
        check.run(CheckSpec(probe="iss-auth/不存在"))
    with pytest.raises(ValueError, match="record its output by hand"):
        check.run(CheckSpec(command="disk-usage"))
