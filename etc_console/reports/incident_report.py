"""Write the handling and analysis report (处理分析报告) of one incident as an .xlsx workbook.

Three sheets, each set up for A4 printing: 处理分析报告 (summary, contract clocks and
fines, cause and prevention), 时间线 (every timeline entry) and 预案执行 (runbook steps
with captured output). Times are shown in Asia/Shanghai as text, so a re-read gets
exactly what was printed. Text from notes and check output is cleaned first: characters
that XML 1.0 forbids are dropped, and text that Excel would take as a formula stays text.
"""

import logging
import math
import unicodedata
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from etc_console.incidents.clocks import CLOCK_LABELS, CLOCK_STATE_LABELS, Clock
from etc_console.incidents.model import SEVERITY_LABELS, SOURCE_LABELS, STATE_LABELS
from etc_console.incidents.report_data import IncidentReport
from etc_console.incidents.report_text import describe_entry, describe_margin, format_minutes, runbook_rows
from etc_console.reports.cells import clean_cell_text
from etc_console.timeutil import format_display

log = logging.getLogger(__name__)

TIME_FORMAT = "%Y-%m-%d %H:%M"
POINTS_PER_LINE = 13.5  # a 10-point line; LibreOffice 7.4 fits wrapped CJK text in this
MAX_ROW_POINTS = 409  # the largest row height Excel accepts

BODY_FONT = Font(name="宋体", size=10)
BOLD_FONT = Font(name="宋体", size=10, bold=True)
TITLE_FONT = Font(name="黑体", size=16, bold=True)
SECTION_FONT = Font(name="黑体", size=12, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
LABEL_FILL = PatternFill("solid", fgColor="F2F2F2")
MISSED_FONT = Font(name="宋体", size=10, bold=True, color="C00000")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def clean_text(value) -> str:
    """Return the value as text that any .xlsx reader accepts.

    Drops control characters and lone surrogates, turns CR LF into LF and cuts text
    longer than a cell holds. Emoji and other valid characters stay.
    """
    return "" if value is None else clean_cell_text(str(value))


def display_width(text: str) -> int:
    """Return the width of a line in column units: 2 for CJK and other wide characters, else 1."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _line_count(text: str, width: float) -> int:
    return sum(max(1, math.ceil(display_width(line) / max(width - 1, 1))) for line in text.split("\n"))


class SheetWriter:
    """Put values into one sheet and keep each row tall enough for its wrapped text."""

    def __init__(self, sheet: Worksheet, widths: list[float]):
        self.sheet = sheet
        self.widths = widths
        self.row = 1
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width

    def cell(self, column: int, value, *, font=BODY_FONT, fill=None, alignment=WRAP, span: int = 1, border=True) -> None:
        value = value if isinstance(value, int) and not isinstance(value, bool) else clean_text(value)
        text = str(value)
        cell = self.sheet.cell(row=self.row, column=column, value=value)
        if text.startswith("="):
            cell.data_type = "s"  # keep text such as "=cmd|..." from turning into a formula
        cell.font, cell.alignment = font, alignment
        if fill is not None:
            cell.fill = fill
        if span > 1:
            self.sheet.merge_cells(start_row=self.row, start_column=column, end_row=self.row, end_column=column + span - 1)
        if border:
            for offset in range(span):
                self.sheet.cell(row=self.row, column=column + offset).border = BOX
        self._fit(text, sum(self.widths[column - 1:column - 1 + span]), font.size or 10)

    def _fit(self, text: str, width: float, size: float) -> None:
        height = _line_count(text, width * 10 / size) * POINTS_PER_LINE * size / 10
        current = self.sheet.row_dimensions[self.row].height or 0
        self.sheet.row_dimensions[self.row].height = min(max(current, height, 18), MAX_ROW_POINTS)

    def header(self, labels: list[str]) -> None:
        for column, label in enumerate(labels, start=1):
            self.cell(column, label, font=BOLD_FONT, fill=HEADER_FILL, alignment=CENTER)
        self.next()

    def next(self, rows: int = 1) -> None:
        self.row += rows


def _page_setup(sheet: Worksheet, landscape: bool, title_rows: str | None = None) -> None:
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.75
    sheet.page_margins.footer = 0.3
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.oddFooter.center.size = 9
    if title_rows:
        sheet.print_title_rows = title_rows


def _time(value) -> str:
    return format_display(value, TIME_FORMAT) if value is not None else "—"


# ------------------------------------------------------------------ summary sheet

SUMMARY_WIDTHS = [13, 18, 9, 18, 18, 9, 16, 11]


def _pair(writer: SheetWriter, left: tuple[str, str], right: tuple[str, str] | None = None) -> None:
    writer.cell(1, left[0], font=BOLD_FONT, fill=LABEL_FILL)
    if right is None:
        writer.cell(2, left[1], span=7)
    else:
        writer.cell(2, left[1], span=3)
        writer.cell(5, right[0], font=BOLD_FONT, fill=LABEL_FILL)
        writer.cell(6, right[1], span=3)
    writer.next()


def _section(writer: SheetWriter, title: str) -> None:
    writer.next()
    writer.cell(1, title, font=SECTION_FONT, alignment=Alignment(vertical="center"), span=8, border=False)
    writer.next()


def _sla_text(report: IncidentReport) -> str:
    sla = report.sla_class
    if sla is None:
        return "无（所涉系统在合同中无响应、处理时限）"
    return f"{sla.name}：响应{sla.respond_minutes}分钟，处理{sla.handle_minutes}分钟"


def _write_overview(writer: SheetWriter, report: IncidentReport) -> None:
    incident = report.incident
    _section(writer, "一、事件概况")
    _pair(writer, ("事件编号", incident.number), ("当前状态", STATE_LABELS[incident.state]))
    _pair(writer, ("事件标题", incident.title))
    _pair(writer, ("涉及系统", "、".join(report.subsystem_names)))
    _pair(writer, ("报障来源", SOURCE_LABELS[incident.source]), ("事件等级", SEVERITY_LABELS[incident.severity]))
    _pair(writer, ("影响ETC业务", "是" if incident.business_affected else "否"), ("报告人", incident.reporter or "—"))
    _pair(writer, ("适用时限", _sla_text(report)))
    _pair(writer, ("故障发生时间", _time(incident.onset_at)), ("发现时间", _time(incident.detected_at)))
    _pair(writer, ("响应时间", _time(incident.responded_at)), ("恢复时间", _time(incident.restored_at)))
    _pair(writer, ("关闭时间", _time(incident.closed_at)), ("处理人", incident.handler or "—"))


def _write_clocks(writer: SheetWriter, report: IncidentReport) -> None:
    _section(writer, "二、合同时限与扣罚")
    if not report.clocks:
        writer.cell(1, "所涉系统在合同中无时限要求，不计时、不扣罚。", span=8)
        writer.next()
        return
    writer.header(["时限", "起算时间", "时限", "截止时间", "实际完成", "结果", "超时/剩余", "扣罚（元）"])
    for clock in report.clocks:
        _write_clock_row(writer, clock)
    writer.cell(1, "合计", font=BOLD_FONT, fill=LABEL_FILL)
    writer.cell(2, f"已发生扣罚 {report.charged_yuan} 元；仍在计时、可能发生的扣罚 {report.at_risk_yuan} 元。", span=6)
    writer.cell(8, report.charged_yuan, font=BOLD_FONT, alignment=CENTER)
    writer.next()
    fines = report.contract.fines
    note = (
        f"说明：发现时限自故障发生起算，超时扣罚{fines.discover_yuan}元；恢复时限自故障发生起算"
        f"（影响ETC业务{report.contract.deadlines.restore_affected_minutes // 60}小时，"
        f"不影响{report.contract.deadlines.restore_unaffected_minutes // 60}小时），超时扣罚{fines.restore_yuan}元；"
        f"响应、处理时限自发现起算，合同未设固定扣罚金额，超时记为违约、扣罚按{fines.respond_yuan}元计。"
        f"统计时刻：{format_display(report.generated_at, TIME_FORMAT)}。"
    )
    writer.cell(1, note, span=8, border=False)
    writer.next()


def _write_clock_row(writer: SheetWriter, clock: Clock) -> None:
    missed = clock.state.value == "missed"
    writer.cell(1, CLOCK_LABELS[clock.kind], font=BOLD_FONT)
    writer.cell(2, _time(clock.start), alignment=CENTER)
    writer.cell(3, format_minutes(clock.limit_minutes), alignment=CENTER)
    writer.cell(4, _time(clock.deadline), alignment=CENTER)
    writer.cell(5, _time(clock.stopped_at) if clock.stopped_at else "尚未完成", alignment=CENTER)
    writer.cell(6, CLOCK_STATE_LABELS[clock.state], font=MISSED_FONT if missed else BODY_FONT, alignment=CENTER)
    writer.cell(7, describe_margin(clock), alignment=CENTER)
    writer.cell(8, clock.charged_yuan if missed else 0, alignment=CENTER)
    writer.next()


def _write_text_sections(writer: SheetWriter, report: IncidentReport) -> None:
    incident = report.incident
    for title, text in (
        ("三、故障现象", incident.description),
        ("四、原因分析", incident.cause),
        ("五、处理措施", incident.actions),
        ("六、预防与整改措施", incident.prevention),
    ):
        _section(writer, title)
        writer.cell(1, text or "（未填写）", span=8)
        writer.next()


def _write_summary(sheet: Worksheet, report: IncidentReport) -> None:
    writer = SheetWriter(sheet, SUMMARY_WIDTHS)
    writer.cell(1, "ETC系统故障处理分析报告", font=TITLE_FONT, alignment=CENTER, span=8, border=False)
    sheet.row_dimensions[1].height = 30
    writer.next()
    contract = report.contract.contract.name or "运维服务合同"
    writer.cell(1, f"{contract}　　导出时间：{format_display(report.generated_at, TIME_FORMAT)}", alignment=CENTER, span=8, border=False)
    writer.next()
    _write_overview(writer, report)
    _write_clocks(writer, report)
    _write_text_sections(writer, report)
    _section(writer, "七、签字确认")
    for labels in (("运维方（签字）", "甲方（签字）"), ("日期", "日期")):
        sheet.row_dimensions[writer.row].height = 36  # room for a handwritten signature
        _pair(writer, (labels[0], ""), (labels[1], ""))
    _page_setup(sheet, landscape=False)


# ------------------------------------------------------------------ timeline and runbook sheets

TIMELINE_WIDTHS = [6, 18, 10, 10, 44, 24, 44]
STEP_WIDTHS = [6, 18, 10, 22, 10, 16, 20, 10, 44, 20]


def _write_timeline(sheet: Worksheet, report: IncidentReport) -> None:
    writer = SheetWriter(sheet, TIMELINE_WIDTHS)
    writer.header(["序号", "时间", "记录人", "类型", "内容", "原因", "输出 / 备注"])
    for entry in report.timeline:
        kind, content = describe_entry(entry, report.subsystem_names_by_id)
        writer.cell(1, entry.seq, alignment=CENTER)
        writer.cell(2, format_display(entry.at), alignment=CENTER)
        writer.cell(3, entry.author)
        writer.cell(4, kind)
        writer.cell(5, content)
        writer.cell(6, entry.reason or "")
        writer.cell(7, entry.output or "")
        writer.next()
    _page_setup(sheet, landscape=True, title_rows="1:1")


def _write_runs(sheet: Worksheet, report: IncidentReport) -> None:
    writer = SheetWriter(sheet, STEP_WIDTHS)
    writer.header(["序号", "时间", "执行人", "步骤", "动作", "结果", "检查对象", "确认人", "输出 / 备注", "原因"])
    if not report.runs:
        writer.cell(1, "本事件未执行应急预案。", span=len(STEP_WIDTHS))
        writer.next()
    for run, titles in report.runs:
        heading, rows = runbook_rows(run, titles)
        writer.cell(1, heading, font=BOLD_FONT, fill=LABEL_FILL, span=len(STEP_WIDTHS))
        writer.next()
        for values in rows:
            for column, value in enumerate(values, start=1):
                writer.cell(column, value, alignment=CENTER if column in (1, 2, 5) else WRAP)
            writer.next()
    _page_setup(sheet, landscape=True, title_rows="1:1")


def write_incident_report(report: IncidentReport, path: Path) -> Path:
    """Write the report workbook to `path` (parent folders must exist) and return the path."""
    workbook = Workbook()
    summary = workbook.active
    summary.title = "处理分析报告"
    _write_summary(summary, report)
    _write_timeline(workbook.create_sheet("时间线"), report)
    _write_runs(workbook.create_sheet("预案执行"), report)
    workbook.properties.title = f"故障处理分析报告 {report.incident.number}"
    workbook.properties.creator = "etc-console"
    workbook.save(path)
    log.info("incident report of %s written to %s", report.incident.id, path)
    return path
