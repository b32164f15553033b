"""The `demo-data` and `export patrol` commands."""

from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from etc_console.cli import main
from etc_console.patrol.models import PatrolAnswerRow, PatrolRow
from etc_console.store.db import open_database
from etc_console.timeutil import DISPLAY_ZONE, utc_now


def test_demo_then_export_range(tmp_path, capsys):
    data_dir = tmp_path / "data"
    assert main(["--data-dir", str(data_dir), "demo-data", "--days", "3", "--seed", "7"]) == 0
    assert "patrols" in capsys.readouterr().out

    database = open_database(data_dir)
    with database.sessions() as session:
        patrols = session.scalar(select(func.count()).select_from(PatrolRow))
        abnormal = session.scalar(select(func.count()).select_from(PatrolAnswerRow).where(PatrolAnswerRow.result == "abnormal"))
    database.close()
    assert patrols >= 6
    assert abnormal >= 1

    today = utc_now().astimezone(DISPLAY_ZONE).date()
    out = tmp_path / "sheet.xlsx"
    first = today - timedelta(days=2)
    assert main(["--data-dir", str(data_dir), "export", "patrol", "--date", first.isoformat(), "--to", today.isoformat(), "--out", str(out)]) == 0
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["汇总"] + [(first + timedelta(days=n)).isoformat() for n in range(3)]


def test_export_single_day_without_records(tmp_path):
    out = tmp_path / "empty.xlsx"
    assert main(["--data-dir", str(tmp_path / "data"), "export", "patrol", "--date", "2026-12-04", "--out", str(out)]) == 0
    workbook = load_workbook(out)
    assert workbook.sheetnames == ["2026-12-04"]
    values = [row[0] for row in workbook["2026-12-04"].iter_rows(values_only=True)]
    assert any(isinstance(v, str) and "未巡检" in v for v in values)


def test_export_rejects_reversed_range(tmp_path, capsys):
    code = main(["--data-dir", str(tmp_path), "export", "patrol", "--date", "2026-12-04", "--to", "2026-12-01", "--out", str(tmp_path / "x.xlsx")])
    assert code == 2
    assert "before --date" in capsys.readouterr().err


def test_demo_rejects_zero_days(tmp_path, capsys):
    assert main(["--data-dir", str(tmp_path), "demo-data", "--days", "0"]) == 2
    assert "--days must be from 1" in capsys.readouterr().err


def test_export_needs_iso_date(tmp_path, capsys):
    with pytest.raises(SystemExit) as caught:
        main(["--data-dir", str(tmp_path), "export", "patrol", "--date", "04.12.2026", "--out", str(tmp_path / "x.xlsx")])
    assert caught.value.code == 2
    assert "expected YYYY-MM-DD" in capsys.readouterr().err
