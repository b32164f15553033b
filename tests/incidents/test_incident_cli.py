"""The `incidents` and `export incident` commands, and the demo records behind them."""

import json
import random
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook

from etc_console.cli import main
from etc_console.incidents.demo import add_demo_incidents
from etc_console.incidents.drafting import draft_from_alarm
from etc_console.incidents.model import Source
from etc_console.monitor.alarms import Alarm
from etc_console.store.db import open_database
from incident_helpers import create


@pytest.fixture
def data_dir(tmp_path, catalog):
    """A data dir holding one open incident that started 10 minutes ago."""
    database = open_database(tmp_path)
    now = datetime.now(UTC)
    with database.sessions.begin() as session:
        create(session, catalog, now, onset=now - timedelta(minutes=10), detected=now - timedelta(minutes=5))
    database.close()
    return tmp_path


def test_incidents_json_shape(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "incidents", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == 1
    assert document["timezone"] == "Asia/Shanghai"
    [entry] = document["incidents"]
    uuid.UUID(entry["id"])
    assert entry["state"] == "awaiting_response"
    assert entry["state_label"] == "待响应"
    assert entry["sla_class"] == "issuance"
    assert entry["onset_at"].endswith("Z")
    assert entry["responded_at"] is None
    assert [clock["kind"] for clock in entry["clocks"]] == ["discover", "respond", "handle", "restore"]
    respond = entry["clocks"][1]
    assert respond["state"] in ("running", "warning")
    assert 0 < respond["remaining_seconds"] <= 25 * 60
    assert entry["at_risk_yuan"] == 1000
    assert entry["runbook_run"] is None
    assert set(document["fines"]) == {"charged_yuan", "at_risk_yuan", "months", "quarters"}


def test_incidents_table(data_dir, capsys):
    assert main(["--data-dir", str(data_dir), "incidents"]) == 0
    out = capsys.readouterr().out
    assert "待响应" in out
    assert "响应时限:" in out


def test_export_incident(data_dir, capsys, tmp_path):
    main(["--data-dir", str(data_dir), "incidents", "--json"])
    number = json.loads(capsys.readouterr().out)["incidents"][0]["number"]
    out = tmp_path / "out" / "报告.xlsx"
    out.parent.mkdir()
    assert main(["--data-dir", str(data_dir), "export", "incident", number, "--out", str(out)]) == 0
    assert number in capsys.readouterr().out
    assert load_workbook(out)["处理分析报告"]["A1"].value == "ETC系统故障处理分析报告"


def test_export_unknown_incident(data_dir, capsys, tmp_path):
    assert main(["--data-dir", str(data_dir), "export", "incident", "ffffffff", "--out", str(tmp_path / "x.xlsx")]) == 1
    assert "incident not found" in capsys.readouterr().err
    assert not (tmp_path / "x.xlsx").exists()


def test_export_needs_out(data_dir):
    with pytest.raises(SystemExit) as caught:
        main(["--data-dir", str(data_dir), "export", "incident", "ffffffff"])
    assert caught.value.code == 2


def test_invalid_contract_file(data_dir, capsys):
    (data_dir / "contract.toml").write_text("[fines]\ndiscover_yuan = -5\n", encoding="utf-8")
    assert main(["--data-dir", str(data_dir), "incidents"]) == 2
    error = capsys.readouterr().err
    assert "contract.toml" in error
    assert "fines.discover_yuan" in error


def test_site_contract_overrides_fines(data_dir, capsys):
    (data_dir / "contract.toml").write_text("[fines]\nrestore_yuan = 2000\n", encoding="utf-8")
    main(["--data-dir", str(data_dir), "incidents", "--json"])
    [entry] = json.loads(capsys.readouterr().out)["incidents"]
    assert entry["at_risk_yuan"] == 2000  # discovery was in time, so only the restore fine is at risk


def test_draft_from_alarm(catalog, runbooks):
    onset = datetime(2026, 12, 31, 15, 58, tzinfo=UTC)  # 23:58 on 31 December in Shanghai
    alarm = Alarm("a-1", "iss-bank-api", onset, onset + timedelta(minutes=3), "HTTP 502 Bad Gateway")
    draft = draft_from_alarm(alarm, catalog, runbooks)
    assert draft.source == Source.PROBE_ALARM
    assert draft.onset_at == onset
    assert draft.detected_at == onset + timedelta(minutes=3)
    assert draft.subsystems == ("iss-bank-api",)
    assert draft.alarm_id == "a-1"
    assert draft.suggested_runbook == "bank-interface"
    assert "HTTP 502" in draft.description
    assert draft.title == "银行账务接口平台故障"


def test_draft_suggests_by_keyword(catalog, runbooks):
    onset = datetime(2026, 6, 1, tzinfo=UTC)
    alarm = Alarm("a-2", "stl-clearing", onset, onset, "ORA-01653: unable to extend table, 表空间满")
    assert draft_from_alarm(alarm, catalog, runbooks).suggested_runbook == "database"


def test_draft_without_matching_runbook(catalog, runbooks):
    onset = datetime(2026, 6, 1, tzinfo=UTC)
    alarm = Alarm("a-3", "training", onset, onset, "")
    assert draft_from_alarm(alarm, catalog, runbooks).suggested_runbook is None


def test_draft_saves_as_incident(database, catalog, runbooks):
    from etc_console.incidents import service

    onset = datetime(2026, 6, 1, 1, 0, tzinfo=UTC)
    alarm = Alarm("a-4", "app", onset, onset + timedelta(minutes=2), "timeout")
    with database.sessions.begin() as session:
        incident = service.create_incident(session, draft_from_alarm(alarm, catalog, runbooks), author="张工", now=onset + timedelta(minutes=4), catalog=catalog)
    assert incident.alarm_id == "a-4"
    assert incident.source == Source.PROBE_ALARM


def test_demo_incidents_add_up(database, catalog, runbooks, contract):
    from etc_console.incidents.listing import incidents_document

    now = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
    with database.sessions.begin() as session:
        count = add_demo_incidents(session, catalog, runbooks, 60, now, random.Random(7))
    with database.sessions() as session:
        document = incidents_document(session, catalog, contract, now)
    states = {entry["state"] for entry in document["incidents"]}
    assert count == 30
    assert len(document["incidents"]) == 30
    assert "closed" in states
    assert states & {"awaiting_response", "handling"}
    assert document["fines"]["charged_yuan"] > 0
    assert document["fines"]["at_risk_yuan"] > 0
    assert any(entry["charged_yuan"] == 0 for entry in document["incidents"] if entry["state"] == "closed")
    assert any(entry["runbook_run"] and entry["runbook_run"]["state"] == "finished" for entry in document["incidents"])


def test_demo_is_repeatable(database, catalog, runbooks, tmp_path, migrated_file):
    import shutil

    now = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
    with database.sessions.begin() as session:
        add_demo_incidents(session, catalog, runbooks, 10, now, random.Random(3))
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    shutil.copyfile(migrated_file, other_dir / migrated_file.name)
    other = open_database(other_dir)
    try:
        with other.sessions.begin() as session:
            add_demo_incidents(session, catalog, runbooks, 10, now, random.Random(3))
        from etc_console.incidents.service import list_incidents

        with database.sessions() as first, other.sessions() as second:
            assert [i.onset_at for i in list_incidents(first)] == [i.onset_at for i in list_incidents(second)]
    finally:
        other.close()


def test_demo_zero_days(database, catalog, runbooks):
    with database.sessions.begin() as session:
        assert add_demo_incidents(session, catalog, runbooks, 0, datetime(2026, 1, 1, tzinfo=UTC), random.Random(1)) == 0
