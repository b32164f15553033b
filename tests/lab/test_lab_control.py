import asyncio
import json
import stat

import aiohttp
import pytest

from etc_console.lab import Lab, LabNotRunningError, fetch_faults, send_fault
from etc_console.lab.control import state_path


def control_request(lab, method, headers, body=None):
    url = f"http://{lab.host}:{lab.control_port}/faults"

    async def main():
        async with aiohttp.ClientSession() as session:
            async with session.request(method, url, headers=headers, json=body) as response:
                return response.status, await response.json()

    return asyncio.run(main())


def test_state_file_private(lab):
    path = state_path(lab.data_dir)
    state = json.loads(path.read_text(encoding="utf-8"))

    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert state["control_port"] == lab.control_port
    assert state["ports"] == lab.ports
    assert state["ca_file"] == str(lab.ca_file)
    assert len(state["token"]) >= 32


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "wrong"}])
def test_wrong_token_rejected(lab, headers):
    status, body = control_request(lab, "POST", headers, {"target": "iss-auth", "fault": "down"})

    assert status == 401
    assert "token" in body["error"]
    assert lab.faults() == {}


def test_send_fault_changes_lab(lab):
    after_set = send_fault(lab.data_dir, "iss-auth", "slow:200")
    during = lab.faults()
    after_clear = send_fault(lab.data_dir, "iss-auth", None)

    assert after_set == {"iss-auth": "slow:200"}
    assert during == {"iss-auth": "slow:200"}
    assert after_clear == {}


def test_fetch_faults_lists_faults(lab):
    lab.set_fault("SP017", "down")

    assert fetch_faults(lab.data_dir) == {"SP017": "down"}


def test_send_fault_invalid_target(lab):
    with pytest.raises(ValueError, match="'nosuch'"):
        send_fault(lab.data_dir, "nosuch", "down")


def test_send_fault_invalid_kind(lab):
    with pytest.raises(ValueError, match="'explode'"):
        send_fault(lab.data_dir, "iss-auth", "explode")


def test_invalid_body_rejected(lab):
    state = json.loads(state_path(lab.data_dir).read_text(encoding="utf-8"))
    headers = {"Authorization": f"Bearer {state['token']}"}

    status, body = control_request(lab, "POST", headers, {"fault": "down"})

    assert status == 400
    assert "target" in body["error"]


def test_stopped_lab_removes_state(catalog, tmp_path):
    with Lab(catalog, tmp_path):
        assert state_path(tmp_path).exists()

    assert not state_path(tmp_path).exists()
    with pytest.raises(LabNotRunningError, match="does not exist"):
        send_fault(tmp_path, "iss-auth", "down")


def test_stale_state_reports_not_running(catalog, tmp_path):
    with Lab(catalog, tmp_path):
        stale = state_path(tmp_path).read_text(encoding="utf-8")
    state_path(tmp_path).write_text(stale, encoding="utf-8")

    with pytest.raises(LabNotRunningError, match="does not respond"):
        send_fault(tmp_path, "iss-auth", "down")


def test_lab_without_control_writes_no_state(catalog, tmp_path):
    with Lab(catalog, tmp_path, control=False) as lab:
        assert lab.control_port is None
        assert not state_path(tmp_path).exists()
