"""Write patrol records as the printable patrol sheet (巡检记录表), an .xlsx workbook.

One sheet per day holds that day's patrols, each as a block: the shift band (shift,
checklist, engineer, reviewer, times), the items grouped by area with result, value,
evidence time and note, the counts, any amendments, and signature lines for the
engineer and the supervisor. A page break separates the blocks. A range of days adds
a summary sheet in front. Pages are A4 landscape, one page wide, with the title and
column headings repeated on every page and page numbers in the footer.

Times are shown in Asia/Shanghai as text, so a re-read gets exactly what was printed.
Notes are cleaned first: characters that XML 1.0 forbids are dropped, and text that
Excel would take as a formula stays text. The workbook is written with XlsxWriter in
its constant_memory mode, which flushes each row to a temporary file as the next one
starts, so a quarter of patrols stays small in memory. XlsxWriter writes styled cells
faster than openpyxl, which looks up the style of every cell as it serialises it
(benchmarks/patrol_export.py). openpyxl still reads these workbooks in the tests.
"""

import datetime as dt
import logging
import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy.orm import Session
from xlsxwriter import Workbook
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from etc_console.patrol.calendar import CalendarDay, CalendarEntry, DayStatus, deadline_at, patrol_calendar
from etc_console.patrol.template import RESULT_LABELS, SHARED_SUBSYSTEM, SHIFT_LABELS, AnswerType, Item, Result, Template
from etc_console.patrol.values import with_unit
from etc_console.patrol.view import AnswerView, PatrolView, load_patrols
from etc_console.reports.cells import clean_cell_text
from etc_console.timeutil import DISPLAY_ZONE, format_display, utc_now

log = logging.getLogger(__name__)

POINTS_PER_LINE = 13.5  # row height per wrapped line of 10-point text
MIN_ROW_POINTS = 18
MAX_ROW_POINTS = 409  # the largest row height Excel accepts
WIDE_CHAR_UNITS = 1.9  # column units of a wide (CJK) character, the widest kind

TITLE = "ETC系统运维巡检记录表"
WEEKDAYS = "一二三四五六日"
SHARED_NAME = "公共设施"
EMPTY = "—"

# Column headings and widths (in Excel character units) of a day sheet.
COLUMNS = [("序号", 5), ("子系统", 18), ("检查内容", 32), ("正常标准", 24), ("结果", 6), ("记录值", 15), ("证据时间", 12), ("说明及证据", 36)]
SUMMARY_COLUMNS = [("日期", 12), ("班次", 6), ("巡检表", 18), ("巡检人", 9), ("复核人", 9), ("提交时间", 17), ("提交情况", 10), ("正常", 6), ("告警", 6), ("异常", 6), ("未填", 6)]
A4_PAPER = 9  # A4 in the OOXML paper size table
PIXELS_PER_WIDTH_UNIT = 7  # XlsxWriter's width of "0" in 11-point Calibri


@lru_cache(maxsize=8192)
def _clean_string(text: str) -> str:
    # XlsxWriter would write the dropped controls as _xHHHH_ escapes; a tab becomes a space.
    return clean_cell_text(text.replace("\t", " "))


def clean_text(value: object) -> str:
    """Return the value as text that any .xlsx reader accepts.

    Drops control characters and lone surrogates, turns CR LF into LF and cuts text
    longer than a cell holds. Emoji and other valid characters stay.
    """
    return "" if value is None else _clean_string(str(value))


def display_width(text: str) -> float:
    """Return the width of a line of 10-point text in column units.

    A column unit is the width of "0" in the default 11-point font. Wide (CJK)
    characters take about 1.9 units and others about 0.9. These are estimates from
    LibreOffice 7.4 renderings with Noto Sans CJK; other fonts differ slightly.
    """
    return sum(WIDE_CHAR_UNITS if unicodedata.east_asian_width(char) in "WF" else 0.9 for char in text)


@lru_cache(maxsize=8192)
def line_count(text: str, width: float) -> int:
    """Return how many lines `text` takes when wrapped in a column `width` units wide."""
    usable = max(width - 1, 1)
    return sum(max(1, math.ceil(display_width(line) / usable)) for line in text.split("\n"))


# XlsxWriter format properties of each style. A solid pattern with only `bg_color`
# is written as the fill's foreground colour, which is what Excel shows.
_THIN_BOX = {"border": 1, "border_color": "#808080"}
_BODY = {"font_name": "宋体", "font_size": 10}
_WRAP = {"text_wrap": True, "valign": "vcenter"}
_CENTER = {"align": "center", "valign": "vcenter", "text_wrap": True}
_ABNORMAL_FILL = {"pattern": 1, "bg_color": "#FFC7CE"}
_WARNING_FILL = {"pattern": 1, "bg_color": "#FFEB9C"}
_RED = {"font_name": "宋体", "font_size": 10, "bold": True, "font_color": "#9C0006"}
_AMBER = {"font_name": "宋体", "font_size": 10, "bold": True, "font_color": "#7F6000"}

STYLES: dict[str, dict[str, object]] = {
    "patrol-title": {"font_name": "黑体", "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"},
    "patrol-subtitle": {**_BODY, "align": "left", "valign": "vcenter"},
    "patrol-heading": {"font_name": "黑体", "font_size": 10, "bold": True, "pattern": 1, "bg_color": "#D9E1F2", **_THIN_BOX, **_CENTER},
    "patrol-band": {"font_name": "黑体", "font_size": 11, "bold": True, "pattern": 1, "bg_color": "#E7E6E6", **_THIN_BOX, **_WRAP},
    "patrol-area": {"font_name": "宋体", "font_size": 10, "bold": True, "pattern": 1, "bg_color": "#F2F2F2", **_THIN_BOX, **_WRAP},
    "patrol-text": {**_BODY, **_THIN_BOX, **_WRAP},
    "patrol-center": {**_BODY, **_THIN_BOX, **_CENTER},
    "patrol-abnormal-text": {**_BODY, **_ABNORMAL_FILL, **_THIN_BOX, **_WRAP},
    "patrol-abnormal-center": {**_BODY, **_ABNORMAL_FILL, **_THIN_BOX, **_CENTER},
    "patrol-abnormal-result": {**_RED, **_ABNORMAL_FILL, **_THIN_BOX, **_CENTER},
    "patrol-warning-text": {**_BODY, **_WARNING_FILL, **_THIN_BOX, **_WRAP},
    "patrol-warning-center": {**_BODY, **_WARNING_FILL, **_THIN_BOX, **_CENTER},
    "patrol-warning-result": {**_AMBER, **_WARNING_FILL, **_THIN_BOX, **_CENTER},
    "patrol-summary": {"font_name": "宋体", "font_size": 10, "bold": True, **_THIN_BOX, **_WRAP},
    "patrol-signature": {"font_name": "宋体", "font_size": 11, "valign": "bottom"},
}


ROW_STYLES = {
    None: ("patrol-text", "patrol-center", "patrol-center"),
    Result.NORMAL: ("patrol-text", "patrol-center", "patrol-center"),
    Result.WARNING: ("patrol-warning-text", "patrol-warning-center", "patrol-warning-result"),
    Result.ABNORMAL: ("patrol-abnormal-text", "patrol-abnormal-center", "patrol-abnormal-result"),
}

# A cell to write: its cleaned value and its format.
Cell = tuple[str | int | float, Format]


@dataclass
class SheetBuilder:
    """Write rows in order into a worksheet, with fitted row heights, merges and page breaks.

    The workbook is in constant_memory mode, so a row can no longer change once a
    later row has been started.
    """

    sheet: Worksheet
    formats: Mapping[str, Format]
    widths: list[float]
    row: int = 0  # rows written so far, which is the 1-based number of the last one
    breaks: list[int] = field(default_factory=list)

    def cell(self, value: object, style: str) -> Cell:
        """Return the cell `value` (numbers as they are, anything else cleaned text) with the format of `style`."""
        if not isinstance(value, (int, float)):
            value = clean_text(value)
        return value, self.formats[style]

    def append(self, cells: Sequence[Cell | None], height: float | None = None, spans: Sequence[tuple[int, int]] = ()) -> int:
        """Write one row; `spans` are (first, last) 1-based columns to merge. Return its number."""
        if height is None:
            height = self._fit_height(cells, spans)
        index = self.row
        self.row += 1
        if height != MIN_ROW_POINTS:  # the sheet's default row height
            self.sheet.set_row(index, height)
        for first, last in spans:
            # merge_range() fills the range with blank cells in the first cell's
            # format, so the borders run round the whole range. The first cell's value
            # is written below with write_string(), because merge_range() would take
            # text starting with "=" as a formula.
            if last > first and cells[first - 1] is not None:
                self.sheet.merge_range(index, first - 1, index, last - 1, None, cells[first - 1][1])
        for column, cell in enumerate(cells):
            if cell is None:
                continue
            value, cell_format = cell
            if isinstance(value, str):
                if value:
                    # write() would store text starting with "=" as a formula.
                    self.sheet.write_string(index, column, value, cell_format)
                else:
                    self.sheet.write_blank(index, column, None, cell_format)
            else:
                self.sheet.write_number(index, column, value, cell_format)
        return self.row

    def page_break(self) -> None:
        self.breaks.append(self.row)

    def finish(self) -> None:
        if self.breaks:
            self.sheet.set_h_pagebreaks(self.breaks)

    def _fit_height(self, cells: Sequence[Cell | None], spans: Sequence[tuple[int, int]]) -> float:
        span_width = {first: sum(self.widths[first - 1:last]) for first, last in spans}
        lines = 1
        for column, cell in enumerate(cells, start=1):
            if cell is None:
                continue
            text = cell[0]
            if not isinstance(text, str) or not text:
                continue
            width = span_width.get(column, self.widths[column - 1])
            # Most cells are short: a line of wide characters that fits takes one line.
            if len(text) * WIDE_CHAR_UNITS <= width - 1 and "\n" not in text:
                continue
            lines = max(lines, line_count(text, width))
        return min(MAX_ROW_POINTS, max(MIN_ROW_POINTS, lines * POINTS_PER_LINE + 4))


def _setup_page(sheet: Worksheet, widths: list[float], title_rows: tuple[int, int], generated: str) -> None:
    """Set column widths and the A4 landscape print setup; `title_rows` are the 0-based rows to repeat."""
    for index, width in enumerate(widths):
        # Given in pixels, a width is stored unchanged in the file (for whole-number
        # widths), as openpyxl stored it. set_column() would add 5 pixels of padding.
        sheet.set_column_pixels(index, index, width * PIXELS_PER_WIDTH_UNIT)
    # Most rows are one line high, so they take the default height and need no <row>
    # attributes of their own.
    sheet.set_default_row(MIN_ROW_POINTS)
    sheet.set_landscape()
    sheet.set_paper(A4_PAPER)
    sheet.fit_to_pages(1, 0)  # one page wide, as many pages tall as needed
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header("", {"margin": 0.3})
    sheet.set_footer(f"&C&9第 &P 页，共 &N 页&R&8导出时间 {generated}", {"margin": 0.3})
    sheet.repeat_rows(*title_rows)


def _date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def _subsystem_name(item: Item, names: Mapping[str, str]) -> str:
    if item.subsystem == SHARED_SUBSYSTEM:
        return SHARED_NAME
    return names.get(item.subsystem, item.subsystem)


def _value_text(item: Item, answer: AnswerView | None) -> str:
    if answer is None or answer.value is None:
        return EMPTY
    if item.type == AnswerType.NUMBER:
        return with_unit(answer.value, item.unit)
    return answer.value


def _note_text(item: Item, answer: AnswerView | None, patrol: PatrolView) -> str:
    if answer is None:
        return ""
    lines = [answer.note] if answer.note else []
    if answer.source == "override" and answer.prefill_result is not None:
        suggested = with_unit(answer.prefill_value, item.unit) if answer.prefill_value else RESULT_LABELS[answer.prefill_result]
        lines.append(f"人工更改了探针值（探针：{suggested}）")
    if answer.evidence:
        lines.append(f"探针：{answer.evidence}")
    files = patrol.attachments.get(item.id, ())
    if files:
        lines.append("附件：" + "、".join(f.file_name for f in files))
    if answer.amended:
        lines.append("已更正，见本班更正记录")
    return "\n".join(lines)


def _time_text(answer: AnswerView | None) -> str:
    if answer is None:
        return ""
    local = (answer.evidence_at or answer.answered_at).astimezone(DISPLAY_ZONE)
    return f"{local.month:02d}-{local.day:02d} {local.hour:02d}:{local.minute:02d}"


def _submission(patrol: PatrolView) -> tuple[str, str]:
    """Return the submission time and its status text (按时提交, 逾期提交, 未提交)."""
    if patrol.submitted_at is None:
        return "", "未提交"
    due = deadline_at(patrol.patrol_date, patrol.template.template.deadlines.get(patrol.shift), DISPLAY_ZONE)
    status = "按时提交" if patrol.submitted_at <= due else "逾期提交"
    return format_display(patrol.submitted_at, "%Y-%m-%d %H:%M"), status


def _write_title_rows(builder: SheetBuilder, day: dt.date, site_name: str) -> None:
    width = len(COLUMNS)
    builder.append([builder.cell(TITLE, "patrol-title")] + [None] * (width - 1), height=30, spans=[(1, width)])
    subtitle = f"巡检日期：{_date_text(day)}" + (f"        站点：{site_name}" if site_name else "")
    builder.append([builder.cell(subtitle, "patrol-subtitle")] + [None] * (width - 1), height=20, spans=[(1, width)])
    builder.append([builder.cell(name, "patrol-heading") for name, _ in COLUMNS], height=22)


def _band_text(patrol: PatrolView) -> str:
    submitted, status = _submission(patrol)
    parts = [
        f"【{SHIFT_LABELS[patrol.shift]}】{patrol.template.name}（模板版本 {patrol.template.version}）",
        f"巡检人：{patrol.engineer}",
        f"复核人：{patrol.reviewer or '—'}",
        f"开始：{format_display(patrol.started_at, '%H:%M')}",
        f"提交：{submitted or '—'}（{status}）",
    ]
    return "    ".join(parts)


def _full_row(builder: SheetBuilder, text: str, style: str, height: float | None = None) -> int:
    # A merged range takes its fill and text from the first cell; the last cell draws
    # the right border, and the rows above and below draw the top and bottom ones.
    width = len(COLUMNS)
    cells = [builder.cell(text, style)] + [None] * (width - 2) + [builder.cell("", style)]
    return builder.append(cells, height=height, spans=[(1, width)])


def _write_item(builder: SheetBuilder, number: int, item: Item, patrol: PatrolView, names: Mapping[str, str]) -> None:
    answer = patrol.answer(item.id)
    result = answer.result if answer else None
    text_style, center_style, result_style = ROW_STYLES[result]
    result_text = RESULT_LABELS[result] if result else "未填"
    builder.append([
        builder.cell(number, center_style),
        builder.cell(_subsystem_name(item, names), text_style),
        builder.cell(item.check, text_style),
        builder.cell(item.normal, text_style),
        builder.cell(result_text, result_style),
        builder.cell(_value_text(item, answer), center_style),
        builder.cell(_time_text(answer), center_style),
        builder.cell(_note_text(item, answer, patrol), text_style),
    ])


AREA_NUMERALS = "一二三四五六七八九十"


def _area_label(index: int, area: str) -> str:
    numeral = AREA_NUMERALS[index] if index < len(AREA_NUMERALS) else str(index + 1)
    return f"{numeral}、{area}"


def _write_amendments(builder: SheetBuilder, patrol: PatrolView, numbers: dict[str, int]) -> None:
    if not patrol.amendments:
        return
    _full_row(builder, f"更正记录（共 {len(patrol.amendments)} 条，原记录保留）", "patrol-area")
    headings = ["序号", "检查内容", "", "原记录", "更正为", "", "更正人及时间", "更正原因"]
    builder.append([builder.cell(text, "patrol-heading") for text in headings], spans=[(2, 3), (5, 6)])
    for amendment in patrol.amendments:
        item = patrol.template.item(amendment.item_id)
        builder.append([
            builder.cell(numbers[item.id], "patrol-center"),
            builder.cell(item.check, "patrol-text"),
            builder.cell("", "patrol-text"),
            builder.cell(_amended_side(item, amendment.old_result, amendment.old_value, amendment.old_note), "patrol-text"),
            builder.cell(_amended_side(item, amendment.new_result, amendment.new_value, amendment.new_note), "patrol-text"),
            builder.cell("", "patrol-text"),
            builder.cell(f"{amendment.amended_by}\n{format_display(amendment.amended_at, '%Y-%m-%d %H:%M')}", "patrol-center"),
            builder.cell(amendment.reason, "patrol-text"),
        ], spans=[(2, 3), (5, 6)])


def _amended_side(item: Item, result: Result | None, value: str | None, note: str | None) -> str:
    parts = [RESULT_LABELS[result] if result else "未填"]
    if value is not None:
        parts.append(with_unit(value, item.unit) if item.type == AnswerType.NUMBER else value)
    text = "，".join(parts)
    return f"{text}\n{note}" if note else text


def _write_signatures(builder: SheetBuilder) -> None:
    builder.append([None] * len(COLUMNS), height=12)
    line = "________________"
    engineer = builder.cell(f"巡检人（签字）：{line}    日期：{line}", "patrol-signature")
    supervisor = builder.cell(f"复核人／监理（签字）：{line}    日期：{line}", "patrol-signature")
    builder.append([engineer, None, None, None, supervisor, None, None, None], height=36, spans=[(1, 4), (5, 8)])


def _write_patrol(builder: SheetBuilder, patrol: PatrolView, names: Mapping[str, str]) -> None:
    _full_row(builder, _band_text(patrol), "patrol-band")
    numbers: dict[str, int] = {}
    for index, (area, items) in enumerate(patrol.template.areas()):
        _full_row(builder, _area_label(index, area), "patrol-area")
        for item in items:
            numbers[item.id] = len(numbers) + 1
            _write_item(builder, numbers[item.id], item, patrol, names)

    counts = patrol.counts()
    total = len(patrol.template.items)
    summary = f"合计 {total} 项：正常 {counts.normal} 项，告警 {counts.warning} 项，异常 {counts.abnormal} 项，未填 {counts.unanswered} 项"
    _full_row(builder, summary, "patrol-summary", height=22)
    _write_amendments(builder, patrol, numbers)
    _write_signatures(builder)


UNFINISHED_LABELS = {DayStatus.MISSING: "未巡检", DayStatus.IN_PROGRESS: "进行中", DayStatus.PENDING: "未开始"}


def _unfinished(day: CalendarDay | None) -> list[CalendarEntry]:
    """Return the expected patrols of a day that have no submitted record."""
    if day is None:
        return []
    return [entry for entry in day.entries if entry.status in UNFINISHED_LABELS]


def _write_day(workbook: Workbook, formats: Mapping[str, Format], day: dt.date, patrols: list[PatrolView], unfinished: list[CalendarEntry], names: Mapping[str, str], site_name: str, generated: str) -> None:
    sheet = workbook.add_worksheet(day.isoformat())
    widths = [width for _, width in COLUMNS]
    _setup_page(sheet, widths, (0, 2), generated)
    builder = SheetBuilder(sheet, formats, widths)
    _write_title_rows(builder, day, site_name)
    for entry in unfinished:
        text = f"【{SHIFT_LABELS[entry.shift]}】{entry.template_name}：{UNFINISHED_LABELS[entry.status]}（应于 {format_display(entry.due_at, '%Y-%m-%d %H:%M')} 前提交）"
        _full_row(builder, text, "patrol-abnormal-text")
    if not patrols and not unfinished:
        _full_row(builder, "当日无巡检记录。", "patrol-text", height=24)
    for index, patrol in enumerate(patrols):
        if index:
            builder.page_break()
        _write_patrol(builder, patrol, names)
    builder.finish()


def _write_summary(workbook: Workbook, formats: Mapping[str, Format], days: list[dt.date], by_day: dict[dt.date, list[PatrolView]], calendar: dict[dt.date, CalendarDay], site_name: str, generated: str) -> None:
    sheet = workbook.add_worksheet("汇总")
    widths = [width for _, width in SUMMARY_COLUMNS]
    _setup_page(sheet, widths, (0, 2), generated)
    builder = SheetBuilder(sheet, formats, widths)
    span = [(1, len(widths))]
    builder.append([builder.cell(f"{TITLE}（汇总）", "patrol-title")] + [None] * (len(widths) - 1), height=30, spans=span)
    period = f"统计期间：{days[0].isoformat()} 至 {days[-1].isoformat()}，共 {len(days)} 天" + (f"        站点：{site_name}" if site_name else "")
    builder.append([builder.cell(period, "patrol-subtitle")] + [None] * (len(widths) - 1), height=20, spans=span)
    builder.append([builder.cell(name, "patrol-heading") for name, _ in SUMMARY_COLUMNS], height=22)

    totals = [0, 0, 0, 0]
    for day in days:
        patrols = by_day.get(day, [])
        unfinished = _unfinished(calendar.get(day))
        for patrol in patrols:
            counts = patrol.counts()
            values = [counts.normal, counts.warning, counts.abnormal, counts.unanswered]
            totals = [total + value for total, value in zip(totals, values)]
            builder.append(_summary_cells(builder, patrol, values))
        for entry in unfinished:
            builder.append(_unfinished_cells(builder, day, entry))
        if not patrols and not unfinished:
            cells = [builder.cell(day.isoformat(), "patrol-center"), builder.cell("当日无巡检记录", "patrol-text")]
            builder.append(cells + [builder.cell("", "patrol-text") for _ in range(len(widths) - 2)], spans=[(2, len(widths))])

    labels = [builder.cell("合计", "patrol-summary")] + [builder.cell("", "patrol-summary") for _ in range(6)]
    builder.append(labels + [builder.cell(value, "patrol-summary") for value in totals], spans=[(1, 7)])
    builder.finish()


def _summary_cells(builder: SheetBuilder, patrol: PatrolView, counts: list[int]) -> list[Cell]:
    submitted, status = _submission(patrol)
    texts = [patrol.patrol_date.isoformat(), SHIFT_LABELS[patrol.shift], patrol.template.name, patrol.engineer, patrol.reviewer or EMPTY, submitted or EMPTY]
    cells = [builder.cell(text, "patrol-text" if column == 2 else "patrol-center") for column, text in enumerate(texts)]
    cells.append(builder.cell(status, "patrol-center" if status == "按时提交" else "patrol-abnormal-result"))
    normal, warning, abnormal, unanswered = counts
    cells.append(builder.cell(normal, "patrol-center"))
    cells.append(builder.cell(warning, "patrol-warning-result" if warning else "patrol-center"))
    cells.append(builder.cell(abnormal, "patrol-abnormal-result" if abnormal else "patrol-center"))
    cells.append(builder.cell(unanswered, "patrol-abnormal-result" if unanswered else "patrol-center"))
    return cells


def _unfinished_cells(builder: SheetBuilder, day: dt.date, entry: CalendarEntry) -> list[Cell]:
    texts = [day.isoformat(), SHIFT_LABELS[entry.shift], entry.template_name, EMPTY, EMPTY, EMPTY]
    cells = [builder.cell(text, "patrol-text" if column == 2 else "patrol-center") for column, text in enumerate(texts)]
    cells.append(builder.cell(UNFINISHED_LABELS[entry.status], "patrol-abnormal-result"))
    return cells + [builder.cell("", "patrol-center") for _ in range(4)]


def write_patrol_workbook(
    patrols: Sequence[PatrolView], start: dt.date, end: dt.date, path: Path,
    subsystem_names: Mapping[str, str] | None = None, site_name: str = "", generated_at: dt.datetime | None = None,
    calendar: Sequence[CalendarDay] = (),
) -> Path:
    """Write the patrols dated from `start` to `end` as a workbook; return its path.

    One day gives one sheet; a longer range adds the summary sheet first. Expected
    patrols that `calendar` shows as not submitted are listed as 未巡检, 进行中 or 未开始.
    """
    if end < start:
        raise ValueError(f"the export ends ({end}) before it starts ({start})")
    names = subsystem_names or {}
    generated = format_display(generated_at or utc_now(), "%Y-%m-%d %H:%M")
    days = [start + dt.timedelta(days=offset) for offset in range((end - start).days + 1)]
    by_day: dict[dt.date, list[PatrolView]] = {}
    for patrol in patrols:
        by_day.setdefault(patrol.patrol_date, []).append(patrol)
    calendar_by_day = {entry.day: entry for entry in calendar}

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook(str(path), {"constant_memory": True})  # written to `path` at close()
    try:
        formats = {name: workbook.add_format(properties) for name, properties in STYLES.items()}
        if len(days) > 1:
            _write_summary(workbook, formats, days, by_day, calendar_by_day, site_name, generated)
        for day in days:
            _write_day(workbook, formats, day, by_day.get(day, []), _unfinished(calendar_by_day.get(day)), names, site_name, generated)
    except BaseException:
        # close() also deletes the temporary file of each sheet. The workbook it
        # writes is incomplete, so it is removed.
        workbook.close()
        path.unlink(missing_ok=True)
        raise
    workbook.close()
    log.info("exported %d patrols from %s to %s into %s", len(patrols), start, end, path)
    return path


def export_patrol_sheet(
    session: Session, start: dt.date, end: dt.date, path: Path,
    subsystem_names: Mapping[str, str] | None = None, site_name: str = "", generated_at: dt.datetime | None = None,
    expected: Sequence[Template] = (),
) -> Path:
    """Read the patrols dated from `start` to `end` and write them as a workbook.

    `expected` are the templates whose missing patrols the sheet lists (usually every
    loaded template); with none, only the patrols on record appear.
    """
    patrols = load_patrols(session, start, end)
    now = generated_at or utc_now()
    calendar = patrol_calendar(session, expected, start, end, now) if expected else ()
    return write_patrol_workbook(patrols, start, end, path, subsystem_names, site_name, now, calendar)
