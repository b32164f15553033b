"""Accepting and replacing SSH host keys from the detail view, against a real sshd on loopback.

Each test runs a console on a site file with one SSH probe of the settlement
subsystem, so the probe's first attempt fails its host key check and the detail view
offers to settle the key.
"""

import dataclasses
import json
import subprocess
import threading
from datetime import UTC, datetime

import pytest

from etc_console.config.resolve import ProbeSpec
from etc_console.gui.detail import hostkey_panel as panel_module
from etc_console.gui.detail.hostkey_data import find_host_key_problems
from etc_console.gui.main_window import MainWindow
from etc_console.gui.session import ConsoleSession
from etc_console.probes.model import ErrorClass, Finding, Outcome, ProbeResult, State
from etc_console.probes.ssh.hostkeys import (
    FINDING_CHANGED_KEY,
    FINDING_UNKNOWN_KEY,
    accept_host_key,
    audit_path,
    fingerprint,
    known_hosts_path,
)
from gui_helpers import STATE_TIMEOUT_MS, TEST_INTERVAL, close_window
from tests.servers.sshd import public_key_path, stop_process

SUBSYSTEM = "stl-clearing"
PROBE_NAME = "clearing-ssh"

pytestmark = pytest.mark.timeout(90)


def ssh_keygen_fingerprint(public_key_file) -> str:
    output = subprocess.run(["ssh-keygen", "-lf", str(public_key_file)], capture_output=True, text=True, check=True).stdout
    return output.split()[1]


def write_site(path, server) -> None:
    path.write_text(
        "[site]\n"
        'name = "主机密钥测试站点"\n'
        "\n"
        "[[probe]]\n"
        f'subsystem = "{SUBSYSTEM}"\n'
        f'name = "{PROBE_NAME}"\n'
        'kind = "ssh"\n'
        f'host = "{server.host}"\n'
        f"port = {server.port}\n"
        f'username = "{server.user}"\n'
        f'private_key = "{server.key_path}"\n'
        "user_known_hosts = false\n"
        'command = "echo connected"\n'
        "timeout = 5\n",
        encoding="utf-8",
    )


@pytest.fixture
def ssh_console(qtbot, tmp_path, languages, gui_gc):
    """Start a console on a site file whose SSH probe checks `server`; stop it after the test.

    Call it with the SshdServer, and with `trusted_key` to put a key in the console's
    known_hosts for the server's address before the first round.
    """
    started = []

    def start(server, trusted_key=None):
        data_dir = tmp_path / "data"
        data_dir.mkdir()
        if trusted_key is not None:
            accept_host_key(data_dir, server.host, server.port, trusted_key, "engineer Zhao")
        site_file = tmp_path / "site.toml"
        write_site(site_file, server)
        session = ConsoleSession(data_dir, site_file, interval=TEST_INTERVAL)
        session.open()
        window = MainWindow(session, languages)
        started.append((session, window))
        session.start_monitor()
        window.show()
        return session, window

    yield start
    for session, window in started:
        session.stop()
        close_window(window)


def open_panel(qtbot, window):
    """Wait for the probe's failed host key check, open the detail view and wait for the key."""
    qtbot.waitUntil(lambda: bool(window.overview.tiles[SUBSYSTEM].status.probes), timeout=STATE_TIMEOUT_MS)
    dialog = window.open_detail(SUBSYSTEM)
    panel = dialog.host_key_panel
    qtbot.waitUntil(lambda: panel.inspection is not None, timeout=STATE_TIMEOUT_MS)
    return dialog, panel


def confirm(qtbot, panel, button, name: str, reason: str | None = None):
    """Click `button`, fill the confirmation dialog and press its OK button; wait for the save."""
    button.click()
    dialog = panel.confirm_dialog
    assert dialog is not None
    assert not dialog.ok_button.isEnabled()

    dialog.name_edit.setText(name)
    assert not dialog.ok_button.isEnabled()  # the fingerprint check is still missing
    dialog.verified_box.setChecked(True)
    if reason is not None:
        assert not dialog.ok_button.isEnabled()  # a replacement needs a reason
        dialog.reason_edit.setText(reason)
    assert dialog.ok_button.isEnabled()

    with qtbot.waitSignal(panel.saved, timeout=STATE_TIMEOUT_MS):
        dialog.ok_button.click()


def audit_records(data_dir) -> list[dict]:
    return [json.loads(line) for line in audit_path(data_dir).read_text(encoding="utf-8").splitlines()]


def test_unknown_key_panel_shows_fingerprint(qtbot, ssh_console, sshd_server):
    expected = ssh_keygen_fingerprint(public_key_path(sshd_server.host_key_path))
    session, window = ssh_console(sshd_server)

    dialog, panel = open_panel(qtbot, window)

    assert panel.isVisible()
    assert panel.title.text() == f"[127.0.0.1]:{sshd_server.port} 的 SSH 主机密钥尚未受信任"
    assert panel.server_value.text() == f"[127.0.0.1]:{sshd_server.port}"
    assert panel.type_value.text() == "ssh-ed25519"
    assert panel.fingerprint_value.text() == expected
    assert expected in panel.problem.probe_detail  # the probe reported the same key
    assert panel.accept_button.text() == "接受主机密钥"
    assert panel.accept_button.isEnabled()
    assert not panel.replace_button.isVisible()
    assert dialog.status.state == State.UNKNOWN


def test_accepting_key_audits_and_recovers(qtbot, ssh_console, sshd_server, monkeypatch):
    session, window = ssh_console(sshd_server)
    dialog, panel = open_panel(qtbot, window)
    checks_requested = []
    run_now = session.monitor.run_now
    monkeypatch.setattr(session.monitor, "run_now", lambda: (checks_requested.append(True), run_now()))

    confirm(qtbot, panel, panel.accept_button, "李工")

    assert checks_requested == [True]

    records = audit_records(session.data_dir)
    assert len(records) == 1
    assert records[0]["action"] == "accept"
    assert records[0]["accepted_by"] == "李工"
    assert records[0]["fingerprint"] == fingerprint(sshd_server.host_key())
    assert records[0]["name"] == f"[127.0.0.1]:{sshd_server.port}"
    qtbot.waitUntil(lambda: dialog.status.state == State.OK, timeout=STATE_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=STATE_TIMEOUT_MS)
    assert window.overview.tile_state(SUBSYSTEM) == State.OK


def test_cancelled_dialog_writes_nothing(qtbot, ssh_console, sshd_server):
    session, window = ssh_console(sshd_server)
    _dialog, panel = open_panel(qtbot, window)

    panel.accept_button.click()
    confirm_dialog = panel.confirm_dialog
    confirm_dialog.name_edit.setText("李工")
    confirm_dialog.verified_box.setChecked(True)
    confirm_dialog.cancel_button.click()

    assert panel.confirm_dialog is None
    assert not known_hosts_path(session.data_dir).exists()
    assert not audit_path(session.data_dir).exists()
    assert panel.accept_button.isEnabled()


def test_changed_key_warns_and_replaces(qtbot, ssh_console, sshd_server, sshd_factory):
    reinstalled = sshd_factory(new_host_key=True)
    old_key, new_key = sshd_server.host_key(), reinstalled.host_key()
    session, window = ssh_console(reinstalled, trusted_key=old_key)

    dialog, panel = open_panel(qtbot, window)

    assert "中间人攻击" in panel.title.text()
    assert panel.title.text().startswith("警告：")
    assert panel.fingerprint_value.text() == fingerprint(new_key)
    assert fingerprint(old_key) in panel.known_value.text()
    assert not panel.accept_button.isVisible()
    assert panel.replace_button.isVisible()
    assert panel.replace_button.isEnabled()

    confirm(qtbot, panel, panel.replace_button, "王工", "服务器重装，新指纹已与管理员核对")

    record = audit_records(session.data_dir)[-1]
    assert record["action"] == "replace"
    assert record["accepted_by"] == "王工"
    assert record["reason"] == "服务器重装，新指纹已与管理员核对"
    assert record["replaced"] == [fingerprint(old_key)]
    qtbot.waitUntil(lambda: dialog.status.state == State.OK, timeout=STATE_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not panel.isVisible(), timeout=STATE_TIMEOUT_MS)


def test_key_is_fetched_on_worker_thread(qtbot, ssh_console, sshd_server, monkeypatch):
    threads = []
    original = panel_module.inspect_host_key

    def recording_inspect(*args, **kwargs):
        threads.append(threading.get_ident())
        return original(*args, **kwargs)

    monkeypatch.setattr(panel_module, "inspect_host_key", recording_inspect)
    _session, window = ssh_console(sshd_server)

    open_panel(qtbot, window)

    assert threads
    assert threading.main_thread().ident not in threads


def test_fetch_failure_shows_error(qtbot, ssh_console, sshd_factory):
    server = sshd_factory()
    session, window = ssh_console(server)
    qtbot.waitUntil(lambda: bool(window.overview.tiles[SUBSYSTEM].status.probes), timeout=STATE_TIMEOUT_MS)
    session.monitor.stop()  # so no new round replaces the failed host key check
    stop_process(server.process)  # so the key can no longer be fetched
    dialog = window.open_detail(SUBSYSTEM)
    panel = dialog.host_key_panel

    with qtbot.waitSignal(panel.failed, timeout=STATE_TIMEOUT_MS):
        pass

    assert panel.status_label.text().startswith("获取主机密钥失败：")
    assert not panel.accept_button.isEnabled()


# ---------------------------------------------------------------------- problem detection


def probe_result(probe_id: str, code: str | None, state: State = State.UNKNOWN) -> ProbeResult:
    findings = (Finding(code, state, "host key check failed"),) if code else ()
    outcome = Outcome(state, "host key check: test", datetime.now(UTC), None, ErrorClass.CONFIG, findings)
    return ProbeResult(probe_id, SUBSYSTEM, "ssh", probe_id.rsplit("/", 1)[-1], outcome, state)


def ssh_spec(name: str, port: int) -> ProbeSpec:
    from etc_console.config.model import SshProbe

    params = SshProbe(kind="ssh", subsystem=SUBSYSTEM, name=name, host="10.61.3.5", port=port, username="etc", private_key="/k", command="true")
    return ProbeSpec(f"{SUBSYSTEM}/{name}", SUBSYSTEM, name, "ssh", params, 30, 3, 10, 2, 1)


def test_problems_one_per_server_changed_first():
    specs = [ssh_spec("a", 22), ssh_spec("b", 22), ssh_spec("c", 2222), ssh_spec("d", 2200)]
    results = [
        probe_result(f"{SUBSYSTEM}/a", FINDING_UNKNOWN_KEY),
        probe_result(f"{SUBSYSTEM}/b", FINDING_UNKNOWN_KEY),
        probe_result(f"{SUBSYSTEM}/c", FINDING_CHANGED_KEY, State.DOWN),
        probe_result(f"{SUBSYSTEM}/d", None, State.OK),
    ]

    problems = find_host_key_problems(results, specs)

    assert [problem.name for problem in problems] == ["[10.61.3.5]:2222", "10.61.3.5"]
    assert [problem.changed for problem in problems] == [True, False]


def test_problems_ignore_unconfigured_probes():
    results = [probe_result(f"{SUBSYSTEM}/gone", FINDING_UNKNOWN_KEY)]

    assert find_host_key_problems(results, []) == []



def test_panel_follows_language_switch(qtbot, ssh_console, sshd_server, languages):
    from etc_console.gui.i18n import ENGLISH

    _session, window = ssh_console(sshd_server)
    _dialog, panel = open_panel(qtbot, window)

    languages.set_language(ENGLISH)

    qtbot.waitUntil(lambda: panel.accept_button.text() == "Accept host key")  # Qt posts the LanguageChange events
    assert panel.title.text() == f"The SSH host key of [127.0.0.1]:{sshd_server.port} is not trusted yet"
    assert panel.fingerprint_caption.text() == "SHA256 fingerprint:"


def test_key_differing_from_probe_blocks_accept(qtbot, ssh_console, sshd_server, sshd_factory, monkeypatch):
    other_key = sshd_factory(new_host_key=True).host_key()
    original = panel_module.inspect_host_key

    def inspect_other_key(*args, **kwargs):
        return dataclasses.replace(original(*args, **kwargs), key=other_key)

    monkeypatch.setattr(panel_module, "inspect_host_key", inspect_other_key)
    _session, window = ssh_console(sshd_server)

    _dialog, panel = open_panel(qtbot, window)

    assert panel.fingerprint_value.text() == fingerprint(other_key)
    assert not panel.accept_button.isEnabled()
    assert panel.status_label.text().startswith(f"服务器现在提供的是 {fingerprint(other_key)}")
