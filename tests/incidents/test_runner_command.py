"""The runner's command button: confirmation dialog, whitelist and record, against the lab's SSH server."""


import pytest
from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QMessageBox, QPushButton

from etc_console.catalog import load_catalog
from etc_console.config.resolve import resolve_runbook_commands
from etc_console.gui.incidents import IncidentsPage
from etc_console.incidents.desk import IncidentDesk
from etc_console.lab import Lab
from etc_console.runbooks.command_check import CommandCheck
from etc_console.store.writer import DbWriter
from incident_helpers import create

WAIT_MS = 10_000


@pytest.fixture
def desk(database, catalog, contract, runbooks, clock):
    writer = DbWriter(database.sessions)
    yield IncidentDesk(database.sessions, writer, catalog=catalog, contract=contract, runbooks=runbooks, clock=clock)
    writer.close()


@pytest.fixture
def pool():
    threads = QThreadPool()
    yield threads
    assert threads.waitForDone(WAIT_MS)


@pytest.fixture
def incident(database, catalog, clock):
    with database.sessions.begin() as session:
        return create(session, catalog, clock.now)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    with Lab(load_catalog(), tmp_path_factory.mktemp("lab-runner"), control=False) as running:
        yield running


def test_runner_runs_confirmed_command(qtbot, monkeypatch, desk, pool, incident, lab, tmp_path):
    command_check = CommandCheck(resolve_runbook_commands(lab.site_config()), tmp_path / "data")
    page = IncidentsPage(desk, pool, command_check=command_check)
    qtbot.addWidget(page)
    page.table.selectRow(0)
    runner_view = page.runner
    runner_view.engineer_edit.setText("张工")
    runner_view.runbook_combo.setCurrentIndex(runner_view.runbook_combo.findData("issuance-outage"))
    runner_view.start_button.click()
    qtbot.waitUntil(lambda: runner_view.run is not None and runner_view.isEnabled(), timeout=5000)
    for answer, step in (("done", "scope"), ("all", "lb-nodes")):
        runner_view.findChild(QPushButton, f"answer-{answer}").click()
        qtbot.waitUntil(lambda step=step: runner_view.run.current_step == step and runner_view.isEnabled(), timeout=5000)
    assert runner_view.run_command_button.isVisibleTo(page)
    assert not runner_view.run_check_button.isVisibleTo(page)

    # lb-pool-status is not in the lab's whitelist: a warning, and nothing runs.
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    runner_view.run_command_button.click()
    assert len(warnings) == 1
    assert "'lb-pool-status' is not in this site's whitelist" in warnings[0]

    runner_view.findChild(QPushButton, "answer-yes").click()
    qtbot.waitUntil(lambda: runner_view.run.current_step == "node-restart" and runner_view.isEnabled(), timeout=5000)
    records_before = len(runner_view.run.records)

    # Declining the confirmation runs nothing.
    questions = []
    replies = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *args: (questions.append(text), replies.pop(0))[1])
    runner_view.run_command_button.click()
    assert len(runner_view.run.records) == records_before
    assert "systemctl is-active etc-issue etc-clearing etc-upload" in questions[0]
    assert f"iss-outlet-api@127.0.0.1:{lab.ssh_port}" in questions[0]

    runner_view.run_command_button.click()
    qtbot.waitUntil(lambda: len(runner_view.run.records) > records_before and runner_view.isEnabled(), timeout=10000)
    record = runner_view.run.records[-1]
    assert record.confirmed_by == "张工"
    assert record.check_target == "app-service-status"
    assert "exit status 0" in record.output
    assert warnings == [warnings[0]]
