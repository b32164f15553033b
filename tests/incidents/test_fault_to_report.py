"""The whole emergency path on the lab: a fault, its alarm, the incident, the runbook
with checks run for real, recovery, the report and the month's fines."""

import threading
from dataclasses import replace
from datetime import timedelta

import openpyxl
import pytest

from etc_console.catalog import load_catalog
from etc_console.config.resolve import resolve_probes, resolve_runbook_commands
from etc_console.incidents.contract import load_contract
from etc_console.incidents.desk import IncidentDesk
from etc_console.incidents.drafting import draft_from_alarm
from etc_console.lab import Lab
from etc_console.monitor import Monitor
from etc_console.reports.incident_report import write_incident_report
from etc_console.runbooks.command_check import CommandCheck
from etc_console.runbooks.loader import load_runbooks
from etc_console.runbooks.probe_check import ProbeCheck
from etc_console.store.db import open_database
from etc_console.store.writer import DbWriter
from etc_console.timeutil import utc_now

ENGINEER = "张工"
WAIT_S = 30


@pytest.fixture
def lab_site(tmp_path):
    catalog = load_catalog()
    with Lab(catalog, tmp_path / "lab", control=False) as lab:
        site = lab.site_config()
        specs = [replace(spec, interval=1) for spec in resolve_probes(site, catalog) if spec.subsystem == "iss-outlet-api"]
        yield lab, site, specs


@pytest.fixture
def store(tmp_path):
    database = open_database(tmp_path)
    writer = DbWriter(database.sessions)
    yield database, writer
    writer.close()
    database.close()


def wait_for_alarm(monitor, lab, subsystem_id: str):
    raised, alarms = threading.Event(), []

    def listen(report):
        found = [alarm for alarm in report.alarms.raised if alarm.subsystem_id == subsystem_id]
        if found:
            alarms.extend(found)
            raised.set()

    monitor.add_listener(listen)
    monitor.start()
    lab.set_fault(subsystem_id, "down")
    assert raised.wait(WAIT_S), "no alarm within the wait"
    return alarms[0]


def test_fault_becomes_reported_incident(tmp_path, lab_site, store):
    lab, site, specs = lab_site
    database, writer = store
    catalog, runbooks = load_catalog(), load_runbooks()
    monitor = Monitor(catalog, specs, writer, data_dir=tmp_path)
    try:
        alarm = wait_for_alarm(monitor, lab, "iss-outlet-api")
    finally:
        monitor.stop()

    desk = IncidentDesk(database.sessions, writer, catalog=catalog, contract=load_contract(tmp_path), runbooks=runbooks)
    draft = draft_from_alarm(alarm, catalog, runbooks)
    assert draft.suggested_runbook == "issuance-outage"
    incident = desk.create_incident(draft, ENGINEER).result(timeout=10)
    assert incident.onset_at == alarm.onset_at
    assert incident.detected_at == alarm.raised_at

    probe_check = ProbeCheck(specs, tmp_path)
    command_check = CommandCheck(resolve_runbook_commands(site), tmp_path)
    run = desk.start_run(incident.id, "issuance-outage", ENGINEER).result(timeout=10)
    run = desk.answer(run, "notify", "done", ENGINEER).result(timeout=10)
    run = desk.run_and_record_check(run, "scope", probe_check, ENGINEER)
    run = desk.answer(run, "scope", "all", ENGINEER).result(timeout=10)
    run = desk.answer(run, "lb-nodes", "yes", ENGINEER, "负载均衡显示节点1不可用").result(timeout=10)
    run = desk.run_and_record_check(run, "node-restart", command_check, ENGINEER)
    run = desk.answer(run, "node-restart", "done", ENGINEER).result(timeout=10)

    lab.set_fault("iss-outlet-api", None)
    run = desk.run_and_record_check(run, "node-recovered", probe_check, ENGINEER, recovery=True)
    run = desk.answer(run, "node-recovered", "yes", ENGINEER).result(timeout=10)
    run = desk.answer(run, "synthetic-flow", "yes", ENGINEER).result(timeout=10)
    run = desk.answer(run, "backlog", "done", ENGINEER).result(timeout=10)
    run = desk.answer(run, "close", "done", ENGINEER).result(timeout=10)

    now = utc_now()
    desk.update_incident(incident.id, {"responded_at": incident.detected_at + timedelta(seconds=1)}, ENGINEER).result(timeout=10)
    desk.update_incident(incident.id, {"restored_at": now}, ENGINEER).result(timeout=10)
    timeline = desk.timeline(incident.id)
    texts = "\n".join(f"{entry.new_value or ''} {entry.output or ''}" for entry in timeline)
    assert "refused" in texts  # the failed probe check during the outage
    assert "iss-outlet-api/健康检查: ok" in texts  # the recovery check after the fault cleared
    assert "systemctl is-active" in texts  # the whitelisted command, run after confirmation
    assert "active\\nactive\\nactive" in texts  # and its output
    assert all(entry.author == ENGINEER for entry in timeline)

    path = write_incident_report(desk.gather_report(incident.id), tmp_path / "report.xlsx")
    workbook = openpyxl.load_workbook(path)
    cells = [str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.value is not None]
    workbook.close()
    assert any(desk.incident(incident.id).number in cell for cell in cells)
    assert any("node-recovered" in cell or "节点是否恢复" in cell for cell in cells)

    fines = desk.fines()
    assert fines.charged_yuan == 0  # discovered within the hour, restored within four
