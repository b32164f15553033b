"""The exported patrol sheet, re-read with openpyxl and checked cell by cell."""

from datetime import date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from etc_console.patrol import records
from etc_console.patrol.attachments import store_file
from etc_console.patrol.prefill import Prefill
from etc_console.patrol.template import Result, Shift
from etc_console.patrol.values import AnswerInput, storable_text
from etc_console.patrol.view import load_patrols
from etc_console.reports import patrol_sheet
from etc_console.reports.patrol_sheet import COLUMNS, clean_text, export_patrol_sheet, write_patrol_workbook
from etc_console.timeutil import DISPLAY_ZONE
from tests.patrol.conftest import MORNING
from tests.patrol.test_records import fill_all

DAY = date(2026, 12, 4)
NASTY_NOTE = "\x07响铃\x1b[31m 红色\x00 🔥🚨 第二行\r\n第三行\ud800"
FORMULA_NOTE = "=HYPERLINK(\"http://127.0.0.1\",\"点我\")"
HEADINGS = [name for name, _ in COLUMNS]


@pytest.fixture
def exported(session, checklists, catalog, tmp_path):
    template = checklists.get("weekly-backup-restore")
    patrol = records.start_patrol(session, template, DAY, Shift.DAY, "张伟", MORNING, reviewer="周建国")
    fill_all(session, patrol.id, template, skip={"restore-record"})
    answer = records.save_answer(session, patrol.id, "backup-capacity", AnswerInput(value="93.5", note="第二行"), "张伟", MORNING)
    answer.note = storable_text(NASTY_NOTE)  # as a console that did not yet reject control characters stored it
    records.save_answer(session, patrol.id, "restore-duration", AnswerInput(value="250", note=FORMULA_NOTE), "张伟", MORNING)
    evidence_at = MORNING - timedelta(minutes=3)
    records.apply_prefills(session, patrol.id, [Prefill("restore-record", Result.NORMAL, None, "stl-transfer/健康检查", "ok", "HTTP 200", evidence_at)], "张伟", MORNING)
    restore_log = tmp_path / "恢复日志.txt"
    restore_log.write_text("RMAN restore completed", encoding="utf-8")
    records.add_attachment(session, patrol.id, "restore-record", store_file(tmp_path / "data", restore_log), "张伟", MORNING)
    submitted_at = datetime(2026, 12, 4, 17, 0, tzinfo=DISPLAY_ZONE)
    records.submit_patrol(session, patrol.id, "张伟", submitted_at, confirm_prefilled=True)
    records.amend_answer(session, patrol.id, "restore-row-counts", AnswerInput(value="不一致", note="客户表差 2 行"), "复核发现", "周建国", submitted_at + timedelta(hours=1))

    path = tmp_path / "patrol.xlsx"
    names = {s.id: s.name for s in catalog.subsystems}
    export_patrol_sheet(session, DAY, DAY, path, names, "陕西ETC省中心", generated_at=MORNING)
    return load_workbook(path), template


def rows_of(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def rgb(color) -> str:
    """Return a colour as RRGGBB. Excel ignores the alpha byte, which writers set to 00 or FF."""
    return color.rgb[-6:]


def find_row(sheet, check: str) -> int:
    for row in sheet.iter_rows():
        if row[2].value == check:
            return row[0].row
    raise AssertionError(f"no row for {check}")


def test_day_sheet_has_titles_and_headings(exported):
    workbook, _ = exported
    assert workbook.sheetnames == ["2026-12-04"]
    sheet = workbook["2026-12-04"]
    assert sheet["A1"].value == "ETC系统运维巡检记录表"
    assert sheet["A2"].value == "巡检日期：2026年12月4日（星期五）        站点：陕西ETC省中心"
    assert [cell.value for cell in sheet[3]] == HEADINGS


def test_band_names_shift_engineer_and_reviewer(exported):
    sheet = exported[0]["2026-12-04"]
    band = sheet["A4"].value
    assert band.startswith("【白班】每周备份恢复检查（模板版本 2026.12-1）")
    assert "巡检人：张伟" in band
    assert "复核人：周建国" in band
    assert "开始：09:00" in band
    assert "提交：2026-12-04 17:00（按时提交）" in band
    assert sheet["A5"].value == "一、备份恢复"


def test_item_rows_cell_by_cell(exported):
    workbook, template = exported
    sheet = workbook["2026-12-04"]
    first = find_row(sheet, "最近一次全量备份恢复到测试环境")
    assert [cell.value for cell in sheet[first]] == [1, "公共设施", "最近一次全量备份恢复到测试环境", "恢复成功，数据库可打开", "正常", "—", "12-04 09:00", None]

    capacity = [cell.value for cell in sheet[find_row(sheet, "备份存储使用率")]]
    assert capacity[:7] == [7, "公共设施", "备份存储使用率", "< 80%", "异常", "93.5%", "12-04 09:00"]
    assert capacity[7] == "响铃[31m 红色 🔥🚨 第二行\n第三行\ufffd"

    record = [cell.value for cell in sheet[find_row(sheet, "恢复演练记录（截图或恢复日志）")]]
    assert record[4:] == ["正常", "—", "12-04 08:57", "探针：HTTP 200\n附件：恢复日志.txt"]

    numbers = [sheet.cell(find_row(sheet, item.check), 1).value for item in template.items]
    assert numbers == list(range(1, len(template.items) + 1))


def test_formula_like_note_stays_text(exported):
    sheet = exported[0]["2026-12-04"]
    cell = sheet.cell(find_row(sheet, "恢复耗时"), 8)
    assert cell.value == FORMULA_NOTE
    assert cell.data_type == "s"
    assert sheet.cell(find_row(sheet, "恢复耗时"), 5).value == "告警"


def test_abnormal_and_warning_rows_highlighted(exported):
    sheet = exported[0]["2026-12-04"]
    abnormal = find_row(sheet, "备份存储使用率")
    warning = find_row(sheet, "恢复耗时")
    normal = find_row(sheet, "备份集校验")
    assert {rgb(sheet.cell(abnormal, c).fill.fgColor) for c in range(1, 9)} == {"FFC7CE"}
    assert rgb(sheet.cell(abnormal, 5).font.color) == "9C0006"
    assert {rgb(sheet.cell(warning, c).fill.fgColor) for c in range(1, 9)} == {"FFEB9C"}
    assert sheet.cell(normal, 3).fill.fill_type is None


def test_amended_item_shows_new_value_and_record(exported):
    sheet = exported[0]["2026-12-04"]
    row = [cell.value for cell in sheet[find_row(sheet, "关键表记录数核对（交易、客户、车辆、卡签）")]]
    assert row[4:6] == ["异常", "不一致"]
    assert row[7] == "客户表差 2 行\n已更正，见本班更正记录"
    values = rows_of(sheet)
    header = values.index(["序号", "检查内容", None, "原记录", "更正为", None, "更正人及时间", "更正原因"])
    assert values[header - 1][0] == "更正记录（共 1 条，原记录保留）"
    assert values[header + 1] == [3, "关键表记录数核对（交易、客户、车辆、卡签）", None, "正常，一致", "异常，不一致\n客户表差 2 行", None, "周建国\n2026-12-04 18:00", "复核发现"]


def test_counts_and_signatures(exported):
    sheet = exported[0]["2026-12-04"]
    values = [row[0] for row in rows_of(sheet)]
    assert "合计 8 项：正常 5 项，告警 1 项，异常 2 项，未填 0 项" in values
    signature = rows_of(sheet)[-1]
    assert signature[0].startswith("巡检人（签字）：")
    assert signature[4].startswith("复核人／监理（签字）：")


def test_print_setup_for_a4(exported):
    sheet = exported[0]["2026-12-04"]
    assert sheet.print_title_rows == "$1:$3"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.paperSize == 9  # A4 in the OOXML paper size table
    assert sheet.page_setup.fitToWidth in (None, 1)  # a missing fitToWidth means 1 in OOXML
    assert sheet.page_setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage is True
    assert sheet.oddFooter.center.text == "第 &P 页，共 &N 页"
    assert [sheet.column_dimensions[letter].width for letter in "ABCDEFGH"] == [width for _, width in COLUMNS]
    assert "A1:H1" in {str(merged) for merged in sheet.merged_cells.ranges}


def test_wrapped_rows_get_taller(exported):
    sheet = exported[0]["2026-12-04"]
    tall = find_row(sheet, "备份存储使用率")
    short = find_row(sheet, "备份集校验")
    # A row of the default height has no height of its own.
    default = sheet.sheet_format.defaultRowHeight
    assert (sheet.row_dimensions[tall].height or default) > (sheet.row_dimensions[short].height or default)


@pytest.fixture
def night_patrol(session, checklists):
    template = checklists.get("daily-platform")
    patrol = records.start_patrol(session, template, DAY, Shift.NIGHT, "赵敏", MORNING + timedelta(hours=12))
    fill_all(session, patrol.id, template)
    records.submit_patrol(session, patrol.id, "赵敏", datetime(2026, 12, 4, 23, 0, tzinfo=DISPLAY_ZONE))
    return template


def test_range_has_summary_and_day_sheets(session, night_patrol, tmp_path):
    path = tmp_path / "range.xlsx"
    write_patrol_workbook(load_patrols(session, date(2026, 12, 3), DAY), date(2026, 12, 3), DAY, path)

    workbook = load_workbook(path)
    assert workbook.sheetnames == ["汇总", "2026-12-03", "2026-12-04"]
    summary = rows_of(workbook["汇总"])
    assert summary[1][0] == "统计期间：2026-12-03 至 2026-12-04，共 2 天"
    assert summary[3][:2] == ["2026-12-03", "当日无巡检记录"]
    assert summary[4] == ["2026-12-04", "夜班", "平台日常巡检", "赵敏", "—", "2026-12-04 23:00", "逾期提交", 37, 0, 0, 0]
    assert summary[5][0] == "合计"
    assert summary[5][7:] == [37, 0, 0, 0]
    assert workbook["2026-12-03"]["A4"].value == "当日无巡检记录。"


def test_range_lists_missing_patrols(session, night_patrol, tmp_path):
    path = tmp_path / "missing.xlsx"
    next_morning = datetime(2026, 12, 5, 9, 0, tzinfo=DISPLAY_ZONE)
    export_patrol_sheet(session, date(2026, 12, 3), DAY, path, generated_at=next_morning, expected=[night_patrol])

    workbook = load_workbook(path)
    summary = rows_of(workbook["汇总"])
    assert summary[3] == ["2026-12-03", "白班", "平台日常巡检", "—", "—", "—", "未巡检", None, None, None, None]
    assert summary[4][:7] == ["2026-12-03", "夜班", "平台日常巡检", "—", "—", "—", "未巡检"]
    assert summary[5][:7] == ["2026-12-04", "夜班", "平台日常巡检", "赵敏", "—", "2026-12-04 23:00", "逾期提交"]
    assert summary[6][:7] == ["2026-12-04", "白班", "平台日常巡检", "—", "—", "—", "未巡检"]
    day_sheet = workbook["2026-12-04"]
    assert day_sheet["A4"].value == "【白班】平台日常巡检：未巡检（应于 2026-12-04 10:00 前提交）"
    assert rgb(day_sheet["A4"].fill.fgColor) == "FFC7CE"
    assert day_sheet["A5"].value.startswith("【夜班】平台日常巡检")


@pytest.mark.parametrize(("raw", "expected"), [
    ("a\x00b", "ab"),
    ("tab\there", "tab here"),
    ("line\r\nnext\rlast", "line\nnext\nlast"),
    ("emoji 😀 stays", "emoji 😀 stays"),
    ("lone \udc80 surrogate", "lone  surrogate"),
    (None, ""),
])
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_very_long_note_is_cut(session):
    assert len(clean_text("长" * 40_000)) <= 32_000


def test_failed_export_leaves_no_file(monkeypatch, tmp_path):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(patrol_sheet, "_write_day", fail)
    path = tmp_path / "failed.xlsx"
    with pytest.raises(RuntimeError, match="disk full"):
        write_patrol_workbook([], date(2026, 12, 3), DAY, path)
    assert not path.exists()
