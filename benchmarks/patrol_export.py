"""patrol_export: a quarter of patrols written as the printable patrol sheet.

The store is filled with 92 days of the two daily templates (application and platform
patrol) in both shifts: 368 submitted patrols, 94 items a shift. About 3% of the
answers are findings with a note, and items that name a probe carry probe evidence.
Rows are inserted in bulk; the values are what the records module would store.

Measured: the export of the whole quarter (read from the store, summary sheet and 92
day sheets, styles, merges, row heights, print setup), median of 3 runs, and its peak
Python memory (tracemalloc, in a separate run). The export writes with XlsxWriter.
Baseline in the same run: a bare openpyxl write-only dump of the same values (item
rows, shift bands, area rows and counts), one sheet per day, with no styles, merges or
row heights. For reference, the same dump with one named style on every cell and a
height on every row shows what styling alone costs in openpyxl.
Target: the export takes 2 times the baseline or less.
"""

import argparse
import random
import sys
import tempfile
import tracemalloc
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, Side
from sqlalchemy import insert

from benchmarks.common import emit, time_calls
from etc_console.catalog import load_catalog
from etc_console.patrol.loader import load_checklists
from etc_console.patrol.models import PatrolAnswerRow, PatrolRow, PatrolTemplateRow
from etc_console.patrol.snapshot import canonical_text, content_hash
from etc_console.patrol.template import AnswerType, Result, Template
from etc_console.patrol.view import load_patrols
from etc_console.reports.patrol_sheet import COLUMNS, export_patrol_sheet
from etc_console.store.db import open_database
from etc_console.timeutil import DISPLAY_ZONE

DAYS = 92
FIRST_DAY = date(2026, 9, 1)
TEMPLATES = ("daily-application", "daily-platform")
SHIFTS = (("day", time(8, 20), time(9, 30)), ("night", time(20, 20), time(21, 30)))
DEVICE = str(uuid.UUID(int=1))


def answer_values(template: Template, item_index: int, rng: random.Random) -> tuple[str, str | None, str]:
    """Return (result, value, note) for one item: 3% abnormal, else normal."""
    item = template.items[item_index]
    abnormal = rng.random() < 0.03
    result = Result.ABNORMAL.value if abnormal else Result.NORMAL.value
    note = "已电话通知开发商值班人员，正在排查，已登记事件。" if abnormal else ""
    if item.type == AnswerType.NUMBER:
        value = str(rng.randint(1, 99)) if not abnormal else "120"
    elif item.type == AnswerType.CHOICE:
        value = (item.abnormal_choices if abnormal else item.choices)[0]
    elif item.type == AnswerType.TEXT:
        value = "已核对，无异常"
    else:
        value = None
    return result, value, note


def fill(db, templates: list[Template], rng: random.Random) -> int:
    """Insert a quarter of submitted patrols; return the number of answers."""
    with db.engine.begin() as connection:
        hashes = {}
        for template in templates:
            text = canonical_text(template)
            hashes[template.id] = content_hash(text)
            connection.execute(insert(PatrolTemplateRow), [{"content_hash": hashes[template.id], "template_id": template.id, "version": template.version, "body": text, "stored_at": datetime(2026, 9, 1, tzinfo=DISPLAY_ZONE)}])

        patrols, answers = [], []
        for offset in range(DAYS):
            day = FIRST_DAY + timedelta(days=offset)
            for template in templates:
                for shift, started, submitted in SHIFTS:
                    patrol_id = uuid.uuid4()
                    started_at = datetime.combine(day, started, DISPLAY_ZONE)
                    patrols.append({
                        "id": patrol_id, "device_id": DEVICE, "revision": 2, "updated_at": started_at, "deleted": False,
                        "template_hash": hashes[template.id], "template_id": template.id, "template_version": template.version,
                        "patrol_date": day, "shift": shift, "engineer": rng.choice(["张伟", "李娜", "赵敏"]), "reviewer": "周建国",
                        "reviewed_at": None, "started_at": started_at, "submitted_at": datetime.combine(day, submitted, DISPLAY_ZONE), "submitted_by": "张伟",
                    })
                    answers += answer_rows(template, patrol_id, started_at, rng)
        connection.execute(insert(PatrolRow), patrols)
        connection.execute(insert(PatrolAnswerRow), answers)
    return len(answers)


def answer_rows(template: Template, patrol_id: uuid.UUID, started_at: datetime, rng: random.Random) -> list[dict]:
    rows = []
    for index, item in enumerate(template.items):
        result, value, note = answer_values(template, index, rng)
        at = started_at + timedelta(minutes=index)
        probe = item.probe is not None
        rows.append({
            "id": uuid.uuid4(), "device_id": DEVICE, "revision": 1, "updated_at": at, "deleted": False,
            "patrol_id": patrol_id, "item_id": item.id, "result": result, "value": value, "note": note,
            "source": "probe" if probe else "manual", "confirmed": True,
            "probe_id": f"{item.subsystem}/健康检查" if probe else None, "probe_state": "ok" if probe else None,
            "evidence": "HTTP 200, all checks UP (35 ms)" if probe else None, "evidence_at": at if probe else None,
            "prefill_result": result if probe else None, "prefill_value": value if probe else None,
            "answered_by": "张伟", "answered_at": at,
        })
    return rows


def plain_rows(db) -> dict[date, list[list]]:
    """Return the cell values the export prints per day, as plain strings, for the baseline."""
    with db.sessions() as session:
        patrols = load_patrols(session, FIRST_DAY, FIRST_DAY + timedelta(days=DAYS - 1))
    by_day: dict[date, list[list]] = {}
    for patrol in patrols:
        rows = by_day.setdefault(patrol.patrol_date, [])
        rows.append([f"{patrol.shift.value} {patrol.template.name} {patrol.engineer}"])
        number = 0
        for area, items in patrol.template.areas():
            rows.append([area])
            for item in items:
                number += 1
                answer = patrol.answer(item.id)
                rows.append([number, item.subsystem, item.check, item.normal, answer.result.value, answer.value or "—", "09-01 08:20", answer.note])
        rows.append([f"合计 {number} 项"])
    return by_day


def baseline_dump(by_day: dict[date, list[list]], path: Path) -> None:
    workbook = Workbook(write_only=True)
    for day, rows in by_day.items():
        sheet = workbook.create_sheet(day.isoformat())
        sheet.append([name for name, _ in COLUMNS])
        for row in rows:
            sheet.append(row)
    workbook.save(path)


def styled_dump(by_day: dict[date, list[list]], path: Path) -> None:
    workbook = Workbook(write_only=True)
    workbook.add_named_style(NamedStyle("bench", font=Font(name="宋体", size=10), border=Border(left=Side(style="thin")), alignment=Alignment(wrap_text=True)))
    for day, rows in by_day.items():
        sheet = workbook.create_sheet(day.isoformat())
        cells = []
        for index, row in enumerate(rows, start=1):
            while len(cells) < len(row):
                cell = WriteOnlyCell(sheet)
                cell.style = "bench"
                cells.append(cell)
            for cell, value in zip(cells, row):
                cell.value = value
            sheet.row_dimensions[index].height = 18
            sheet.append(cells[:len(row)])
    workbook.save(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="keep the generated store and workbooks here (default: a temporary folder)")
    args = parser.parse_args()

    folder = Path(args.data_dir or tempfile.mkdtemp(prefix="bench-patrol-export-"))
    folder.mkdir(parents=True, exist_ok=True)
    catalog = load_catalog()
    checklists = load_checklists()
    templates = [checklists.get(template_id) for template_id in TEMPLATES]
    db = open_database(folder)
    answers = fill(db, templates, random.Random(5))
    names = {subsystem.id: subsystem.name for subsystem in catalog.subsystems}
    end = FIRST_DAY + timedelta(days=DAYS - 1)
    generated = datetime(2026, 12, 2, 9, 0, tzinfo=DISPLAY_ZONE)
    workbook_path = folder / "quarter.xlsx"

    def export() -> None:
        with db.sessions() as session:
            export_patrol_sheet(session, FIRST_DAY, end, workbook_path, names, "基准测试站点", generated, expected=templates)

    by_day = plain_rows(db)
    export_time = time_calls(export, repeat=3, warmup=1)
    baseline_time = time_calls(lambda: baseline_dump(by_day, folder / "baseline.xlsx"), repeat=3, warmup=1)
    styled_time = time_calls(lambda: styled_dump(by_day, folder / "styled.xlsx"), repeat=3, warmup=1)

    tracemalloc.start()
    export()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    db.close()

    seconds = export_time["median_ms"] / 1000
    ratio = export_time["median_ms"] / baseline_time["median_ms"]
    size_mb = workbook_path.stat().st_size / 1e6
    print(f"export of {DAYS} days ({answers} answers): {seconds:.2f} s, peak {peak / 1e6:.1f} MB, {size_mb:.1f} MB file; "
          f"bare write-only dump {baseline_time['median_ms'] / 1000:.2f} s; ratio {ratio:.2f}; "
          f"styled dump {styled_time['median_ms'] / 1000:.2f} s")
    emit({
        "benchmark": "patrol_export",
        "days": DAYS,
        "patrols": DAYS * len(TEMPLATES) * len(SHIFTS),
        "answers": answers,
        "export_s": round(seconds, 3),
        "baseline_s": round(baseline_time["median_ms"] / 1000, 3),
        "ratio": round(ratio, 2),
        "styled_dump_s": round(styled_time["median_ms"] / 1000, 3),
        "styled_dump_ratio": round(styled_time["median_ms"] / baseline_time["median_ms"], 2),
        "peak_memory_mb": round(peak / 1e6, 1),
        "file_mb": round(size_mb, 2),
        "targets": {"ratio": 2},
        "pass": ratio <= 2,
    })


if __name__ == "__main__":
    main()
