"""The handling and analysis report workbook, re-read cell by cell."""

from datetime import timedelta

import pytest
from openpyxl import load_workbook

from etc_console.incidents import service
from etc_console.incidents.models import IncidentRow
from etc_console.incidents.report_data import gather_report
from etc_console.reports.incident_report import clean_text, display_width, write_incident_report
from etc_console.runbooks import runner
from etc_console.runbooks.checks import CheckOutput
from etc_console.runbooks.model import CONTINUE, YES
from incident_helpers import create

NASTY_NOTE = "重启完成\x00\x07\x1b[31m 🚀✅ 控制符\x0b结束\r\n第二行\ud800"
FORMULA_NOTE = "=cmd|' /C calc'!A0"


@pytest.fixture
def report_path(database, catalog, runbooks, contract, clock, tmp_path, monkeypatch):
    """An incident handled late, with a finished runbook run and awkward notes; returns the workbook path.

    The control characters are stored the way a console that did not yet reject them
    stored them, because the report must still print such records.
    """
    monkeypatch.setattr(runner, "_check_text", lambda field, text: None)
    runbook = runbooks.get("database")
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now, onset=clock.now - timedelta(minutes=70), detected=clock.now - timedelta(minutes=2))
        run = runner.start_run(session, incident.id, runbook, author="张工", now=clock.now)
        steps = [("notify", CONTINUE, NASTY_NOTE), ("which", "archive", None), ("archive", YES, FORMULA_NOTE)]
        for step_id, reply, note in steps:
            clock.advance(minutes=3)
            if step_id == "which":
                output = CheckOutput("ORA-00257: archiver error. Connect internal only, until freed.", False)
                runner.record_check(session, run.id, runbook, "which", output, author="张工", now=clock.now, confirmed_by="李工")
            runner.answer_step(session, run.id, runbook, step_id, reply, author="张工", now=clock.now, note=note)
        clock.advance(minutes=5)
        service.update_incident(session, incident.id, {"responded_at": clock.now}, author="张工", now=clock.now, catalog=catalog)
        clock.advance(hours=4)
        changes = {"restored_at": clock.now, "cause": "归档目标空间满，数据库挂起。", "prevention": "增加归档空间告警。"}
        service.update_incident(session, incident.id, changes, author="张工", now=clock.now, catalog=catalog)
        session.get(IncidentRow, incident.id).cause = "归档目标空间满\x1f，数据库挂起。"
        report = gather_report(session, incident.id, catalog=catalog, contract=contract, runbooks=runbooks, now=clock.now)
    return write_incident_report(report, tmp_path / "report.xlsx"), report


def rows_of(sheet) -> list[list]:
    return [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]


def find_row(sheet, first: str) -> list:
    for row in sheet.iter_rows(values_only=True):
        if row[0] == first:
            return list(row)
    raise AssertionError(f"no row starts with {first!r}")


def test_sheets_and_print_setup(report_path):
    path, _ = report_path
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["处理分析报告", "时间线", "预案执行"]
    for sheet in workbook.worksheets:
        assert str(sheet.page_setup.paperSize) == sheet.PAPERSIZE_A4  # "9" is A4
        assert sheet.page_setup.fitToWidth == 1
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert workbook["处理分析报告"].page_setup.orientation == "portrait"
    assert workbook["时间线"].page_setup.orientation == "landscape"
    assert workbook["时间线"].print_title_rows == "$1:$1"


def test_summary_cells(report_path):
    path, report = report_path
    sheet = load_workbook(path)["处理分析报告"]
    assert sheet["A1"].value == "ETC系统故障处理分析报告"
    assert find_row(sheet, "事件编号")[1] == report.incident.number
    assert find_row(sheet, "事件编号")[5] == "已恢复"
    assert find_row(sheet, "涉及系统")[1] == "网点发行与服务接口平台"
    # Onset 14:20, detected 15:28, both in Asia/Shanghai (UTC+8).
    assert find_row(sheet, "故障发生时间")[1] == "2026-12-01 14:20"
    assert find_row(sheet, "故障发生时间")[5] == "2026-12-01 15:28"
    assert find_row(sheet, "影响ETC业务")[1] == "是"


def test_sla_rows_and_fines(report_path):
    path, _ = report_path
    sheet = load_workbook(path)["处理分析报告"]
    discover = find_row(sheet, "发现时限")
    assert discover[1:] == ["2026-12-01 14:20", "1小时", "2026-12-01 15:20", "2026-12-01 15:28", "超时", "超时8分钟", 500]
    respond = find_row(sheet, "响应时限")
    assert respond[5] == "达标"
    assert respond[7] == 0
    handle = find_row(sheet, "处理时限")
    assert handle[2] == "2小时"
    assert handle[5] == "超时"
    assert handle[7] == 0
    restore = find_row(sheet, "恢复时限")
    assert restore[2] == "4小时"
    assert restore[5] == "超时"
    assert restore[7] == 1000
    total = find_row(sheet, "合计")
    assert total[7] == 1500
    assert "已发生扣罚 1500 元" in total[1]


def test_cause_cleaned(report_path):
    path, _ = report_path
    values = [row[0] for row in rows_of(load_workbook(path)["处理分析报告"])]
    assert "归档目标空间满，数据库挂起。" in values
    assert "增加归档空间告警。" in values
    assert "（未填写）" in values  # actions left empty


def test_timeline_sheet(report_path):
    path, report = report_path
    rows = rows_of(load_workbook(path)["时间线"])
    assert rows[0] == ["序号", "时间", "记录人", "类型", "内容", "原因", "输出 / 备注"]
    assert len(rows) == 1 + len(report.timeline)
    assert [row[0] for row in rows[1:]] == [entry.seq for entry in report.timeline]
    assert rows[1][3] == "创建事件"
    assert rows[1][1] == "2026-12-01 15:30:00"
    kinds = [row[3] for row in rows[1:]]
    assert "预案检查" in kinds
    assert "记录时间" in kinds
    restored = [row for row in rows if row[4] and row[4].startswith("恢复时间")]
    assert restored[0][4] == "恢复时间：2026-12-01 19:44"


def test_runbook_sheet_with_outputs(report_path):
    path, _ = report_path
    rows = rows_of(load_workbook(path)["预案执行"])
    assert rows[0][3] == "步骤"
    assert rows[1][0].startswith("预案：数据库故障")
    check = [row for row in rows if row[4] == "检查"][0]
    assert check[3] == "故障类型"
    assert check[5] == "未通过"
    assert check[6] == "db-instance-status"
    assert check[7] == "李工"
    assert check[8].startswith("ORA-00257")
    answers = [row for row in rows if row[4] == "回答"]
    assert [row[5] for row in answers] == ["已完成", "归档空间满（ORA-00257 等）", "是"]


def test_control_characters_and_emoji_survive(report_path):
    path, _ = report_path
    rows = rows_of(load_workbook(path)["预案执行"])
    notify = [row for row in rows if row[3] == "记录并报告" and row[4] == "回答"][0]
    assert notify[8] == "重启完成[31m 🚀✅ 控制符结束\n第二行?"  # the lone surrogate was stored as "?"


def test_formula_like_note_stays_text(report_path):
    path, _ = report_path
    workbook = load_workbook(path)
    cells = [cell for row in workbook["预案执行"].iter_rows() for cell in row if cell.value == FORMULA_NOTE]
    assert len(cells) == 1
    assert cells[0].data_type == "s"


def test_column_widths_fit_chinese(report_path):
    path, _ = report_path
    sheet = load_workbook(path)["处理分析报告"]
    assert sheet.column_dimensions["A"].width >= display_width("故障发生时间")
    assert sheet.column_dimensions["B"].width >= len("2026-12-01 14:20")


def test_clean_text_cases():
    assert clean_text(None) == ""
    assert clean_text("a\x00b\x1fc") == "abc"
    assert clean_text("x\r\ny\rz") == "x\ny\nz"
    assert clean_text("tab\tkept") == "tab\tkept"
    assert clean_text("😀") == "😀"
    assert clean_text("a\ud800b") == "ab"
    assert len(clean_text("长" * 40_000)) <= 32_000


def test_display_width_counts_wide_characters():
    assert display_width("abc") == 3
    assert display_width("故障") == 4
    assert display_width("ETC故障") == 7
