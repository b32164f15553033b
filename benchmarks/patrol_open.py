"""patrol_open: a 100-item patrol form, from the "Open patrol" click to ready for input.

A site template of 100 items (the daily application and platform items plus the
weekly backup check, cut to 100) is put in the data dir, and a patrol of it is
started with half of its items answered. Each run clicks "Open patrol" on the patrol
page: the patrol is looked up, the answers are read, the form is built and shown,
the first open item is selected, and events are processed until the window is
painted. Baseline in the same run: a form of 100 plain input rows (a QLabel and a
QLineEdit each, in a QFormLayout) built, shown and painted the same way. Median of
20 runs after 2 warm-up runs, on the offscreen platform unless QT_QPA_PLATFORM says
otherwise.
Target: opening the patrol takes 3 times the baseline or less.
"""

import argparse
import os
import sys
import tempfile
import tomllib
from datetime import date
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QFormLayout, QLabel, QLineEdit, QWidget

from benchmarks.common import emit, time_calls
from etc_console.catalog import load_catalog
from etc_console.gui.patrol.page import PatrolPage
from etc_console.lab.tomlwrite import dump_toml
from etc_console.patrol.loader import CHECKLIST_DIR, shipped_checklist_dir
from etc_console.patrol.service import PatrolService
from etc_console.patrol.template import AnswerType, Result, Shift
from etc_console.patrol.values import AnswerInput
from etc_console.store.db import open_database
from etc_console.store.writer import DbWriter

ITEMS = 100
ENGINEER = "张伟"


def write_template(data_dir: Path) -> None:
    """Write a 100-item site template made of shipped items."""
    items = []
    for name in ("daily-application.toml", "daily-platform.toml", "weekly-backup-restore.toml"):
        items += tomllib.loads((shipped_checklist_dir() / name).read_text(encoding="utf-8"))["item"]
    header = {"id": "bench-100", "name": "基准测试巡检表", "version": "1", "schedule": "daily", "shifts": ["day", "night"]}
    folder = data_dir / CHECKLIST_DIR
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bench-100.toml").write_text(dump_toml({"template": header, "item": items[:ITEMS]}), encoding="utf-8")


def answer_half(service: PatrolService, page: PatrolPage) -> None:
    template = page.checklists.get("bench-100")
    patrol_id = service.start(template, date(2026, 12, 4), Shift.DAY, ENGINEER).result()
    for item in template.items[: ITEMS // 2]:
        if item.type == AnswerType.NUMBER:
            entry = AnswerInput(value="1")
        elif item.type == AnswerType.CHOICE:
            entry = AnswerInput(value=item.choices[0])
        else:
            entry = AnswerInput(result=Result.NORMAL, value="已核对" if item.type == AnswerType.TEXT else None)
        service.save_answer(patrol_id, item.id, entry, ENGINEER).result()


def plain_form(app: QApplication) -> None:
    widget = QWidget()
    layout = QFormLayout(widget)
    for number in range(ITEMS):
        layout.addRow(QLabel(f"{number + 1}. 检查项目"), QLineEdit())
    widget.resize(1200, 800)
    widget.show()
    app.processEvents()
    widget.repaint()
    widget.deleteLater()
    app.processEvents()


def open_patrol(app: QApplication, page: PatrolPage) -> None:
    form = page.open_selected()
    page.repaint()
    app.processEvents()
    assert form is not None and form.table.currentIndex().isValid()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="keep the generated store here (default: a temporary folder)")
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="bench-patrol-open-"))
    write_template(data_dir)
    db = open_database(data_dir)
    writer = DbWriter(db.sessions)
    session = SimpleNamespace(database=db, writer=writer, data_dir=data_dir, catalog=load_catalog(), specs=[], pool=None, monitor=None)
    page = PatrolPage(session)
    page.resize(1400, 900)
    page.show()
    page.template_combo.setCurrentIndex(page.template_combo.findData("bench-100"))
    page.date_edit.setDate(date(2026, 12, 4))
    page.shift_combo.setCurrentIndex(page.shift_combo.findData(Shift.DAY.value))
    page.engineer_edit.setText(ENGINEER)
    answer_half(page.service, page)

    opened = time_calls(lambda: open_patrol(app, page), repeat=20, warmup=2)
    baseline = time_calls(lambda: plain_form(app), repeat=20, warmup=2)
    writer.close()
    db.close()

    ratio = opened["median_ms"] / baseline["median_ms"]
    print(f"open a {ITEMS}-item patrol: {opened['median_ms']:.1f} ms; {ITEMS} plain input rows: {baseline['median_ms']:.1f} ms; ratio {ratio:.2f}")
    emit({
        "benchmark": "patrol_open",
        "items": ITEMS,
        "open_ms": opened["median_ms"],
        "baseline_ms": baseline["median_ms"],
        "ratio": round(ratio, 2),
        "targets": {"ratio": 3},
        "pass": ratio <= 3,
    })


if __name__ == "__main__":
    main()
