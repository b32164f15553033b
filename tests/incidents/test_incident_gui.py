"""The incident pages: live countdowns, the runner view and the fines overview (offscreen Qt)."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from etc_console.gui.incidents import IncidentsPage
from etc_console.gui.incidents.table_model import FIRST_CLOCK, FINES, NUMBER, IncidentTableModel
from etc_console.incidents.desk import IncidentDesk
from etc_console.store.writer import DbWriter
from incident_helpers import create

RESPOND = FIRST_CLOCK + 1


@pytest.fixture
def desk(database, catalog, contract, runbooks, clock):
    writer = DbWriter(database.sessions)
    yield IncidentDesk(database.sessions, writer, catalog=catalog, contract=contract, runbooks=runbooks, clock=clock)
    writer.close()


@pytest.fixture
def incident(database, catalog, clock):
    """An incident detected 5 minutes ago: 25 minutes left to respond."""
    with database.sessions.begin() as session:
        return create(session, catalog, clock.now, onset=clock.now - timedelta(minutes=10), detected=clock.now - timedelta(minutes=5))


def cell(model, row: int, column: int, role=Qt.ItemDataRole.DisplayRole):
    return model.data(model.index(row, column), role)


def test_model_counts_down_each_tick(qapp, desk, incident, clock):
    model = IncidentTableModel(desk)
    model.reload()
    assert model.rowCount() == 1
    assert cell(model, 0, NUMBER) == incident.number
    assert cell(model, 0, RESPOND) == "0:25:00"
    clock.advance(seconds=1)
    model.tick()
    assert cell(model, 0, RESPOND) == "0:24:59"
    assert cell(model, 0, RESPOND, Qt.ItemDataRole.BackgroundRole) is None
    clock.advance(minutes=10)
    model.tick()
    assert cell(model, 0, RESPOND) == "0:14:59"
    assert cell(model, 0, RESPOND, Qt.ItemDataRole.BackgroundRole) is not None  # under 15 minutes: warning
    clock.advance(minutes=15)
    model.tick()
    assert cell(model, 0, RESPOND) == "-0:00:01"
    assert cell(model, 0, FINES) == "0 / 1000"


def test_model_shows_met_clock(qapp, desk, incident, clock, database, catalog):
    from etc_console.incidents import service

    with database.sessions.begin() as session:
        service.update_incident(session, incident.id, {"responded_at": clock.now}, author="张工", now=clock.now, catalog=catalog)
    model = IncidentTableModel(desk)
    model.reload()
    assert cell(model, 0, RESPOND) == "Met"


def test_page_runs_a_runbook(qtbot, desk, incident):
    page = IncidentsPage(desk)
    qtbot.addWidget(page)
    assert page.timer.interval() == 1000
    page.table.selectRow(0)
    assert page.runner.incident.id == incident.id

    runner_view = page.runner
    runner_view.engineer_edit.setText("张工")
    assert runner_view.runbook_combo.currentData() == "issuance-outage"  # suggested for iss-outlet-api
    runner_view.start_button.click()
    qtbot.waitUntil(lambda: runner_view.run is not None and runner_view.isEnabled(), timeout=5000)
    assert runner_view.step_title.text() == "记录并报告"

    runner_view.note_edit.setText("已电话报告甲方值班")
    runner_view.findChild(QPushButton, "answer-done").click()
    qtbot.waitUntil(lambda: runner_view.run.current_step == "scope" and runner_view.isEnabled(), timeout=5000)
    assert runner_view.step_title.text() == "确认影响范围"
    assert runner_view.findChild(QPushButton, "answer-all").text() == "所有渠道均无法办理"
    assert runner_view.check_box.isVisibleTo(page)
    assert runner_view.run.records[-1].output == "已电话报告甲方值班"


def test_fines_view_totals(qtbot, desk, incident):
    page = IncidentsPage(desk)
    qtbot.addWidget(page)
    assert "1000" in page.fines.total_label.text()
    assert page.fines.months.rowCount() == 12
    assert page.fines.quarters.rowCount() == 4
