"""How conflicts show: equal device names, control and bidi characters, long values, template snapshots."""

import json
import uuid
from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QMessageBox

from etc_console.config.model import SyncSettings
from etc_console.gui.sync import conflict_dialog, conflict_table
from etc_console.gui.sync.conflict_box import ConflictBox
from etc_console.gui.sync.conflict_data import ConflictEntry, OpenConflicts
from etc_console.gui.sync.conflict_dialog import ConflictDialog
from etc_console.gui.sync.conflict_table import ConflictTableModel
from etc_console.gui.sync.page_boxes import CenterBox
from etc_console.gui.sync.value_view import COLLAPSED_CHARS, MAX_SHOWN_CHARS
from etc_console.gui.sync.visible_text import CHANGED, STYLES, difference, escape_plain, excerpt_window
from etc_console.gui.sync.words import short_device_ids
from etc_console.store.syncable import device_id
from etc_console.sync.conflicts import Conflict, Side, Version
from etc_console.sync.models import SyncConflictRow

MINE = "3f9c1a7e-1111-4a2b-9c3d-000000000001"
THEIRS = "b72e40d5-2222-4a2b-9c3d-000000000002"
SHARED_NAME = "驻场笔记本-张工"
DETECTED = datetime(2026, 5, 6, 3, 4, 5, tzinfo=UTC)
WAIT_MS = 10_000


def incident_conflict(kept: dict, other: dict, kept_name=SHARED_NAME, other_name=SHARED_NAME) -> Conflict:
    fields = tuple(sorted(set(kept) - {"title"}))
    return Conflict(uuid.uuid4(), "incident", str(uuid.uuid4()), fields,
                    Version(MINE, kept_name, 4, {"title": "收费站车道控制器离线", **kept}),
                    Version(THEIRS, other_name, 5, {"title": "收费站车道控制器离线", **other}), DETECTED)


def template_conflict() -> Conflict:
    body = '{"id":"daily-gantry","items":[' + ",".join(f'{{"id":"item-{i}"}}' for i in range(60)) + "]}"
    data = {"template_id": "daily-gantry", "version": "2026.1", "body": body}
    return Conflict(uuid.uuid4(), "patrol_template", "9d" * 32, ("body", "stored_at"),
                    Version(THEIRS, "", 0, {**data, "stored_at": "2026-05-06T01:02:03+00:00"}),
                    Version(MINE, "", 0, {**data, "body": body.replace("item-59", "item-59b"),
                                          "stored_at": "2026-05-06T01:05:00+00:00"}), DETECTED)


def make_box(qtbot, conflict: Conflict, base_revision: int | None = 3) -> ConflictBox:
    box = ConflictBox(ConflictEntry(conflict, base_revision), MINE)
    qtbot.addWidget(box)
    return box


def shown(label: QLabel) -> str:
    """Return a rich-text label's text as the engineer reads it."""
    return QTextDocumentFragment.fromHtml(label.text()).toPlainText()


# ------------------------------------------------------------------ text helpers


def test_escape_plain_controls_and_bidi():
    assert escape_plain("光模块\u202e故障") == "光模块⟨U+202E⟩故障"
    assert escape_plain("\x1b[31m红\x1b[0m") == "⟨U+001B⟩[31m红⟨U+001B⟩[0m"
    assert escape_plain("a\u0085b\u009fc\x7f") == "a⟨U+0085⟩b⟨U+009F⟩c⟨U+007F⟩"
    assert escape_plain("\u200e\u200f\u202a\u2066\u2069\u061c") == "⟨U+200E⟩⟨U+200F⟩⟨U+202A⟩⟨U+2066⟩⟨U+2069⟩⟨U+061C⟩"
    assert escape_plain("\r\x00") == "⟨U+000D⟩⟨U+0000⟩"


def test_escape_plain_keeps_text():
    for text in ("第一行\n第二行", "a\tb", "😀 ภาษาไทย", "مرحبا", "<b>粗体</b>"):
        assert escape_plain(text) == text


@pytest.mark.parametrize(("first", "second", "expected"), [
    ("abcXdef", "abcYYdef", (3, 4, 5)),
    ("abc", "abcd", (3, 3, 4)),
    ("xabc", "abc", (0, 1, 0)),
    ("aaa", "aaaa", (3, 3, 4)),  # the suffix never reaches back into the prefix
    ("abc", "xyz", (0, 3, 3)),
])
def test_difference_spans(first, second, expected):
    found = difference(first, second)
    assert (found.start, found.end_a, found.end_b) == expected


def test_difference_of_equal_texts():
    assert difference("同一段文字", "同一段文字") is None


def test_excerpt_window_starts_before_focus():
    text = "x" * 1000
    assert excerpt_window(text, 700, 300, 8, 60) == (640, 940)
    assert excerpt_window(text, 10, 300, 8, 60) == (0, 300)
    lines = "\n".join(f"第 {i} 行" for i in range(40))
    low, high = excerpt_window(lines, 0, 300, 8, 60)
    assert lines[low:high].count("\n") == 7


def test_short_device_ids_grow_until_they_differ():
    assert short_device_ids(MINE, THEIRS) == ("3f9c1a7e", "b72e40d5")
    first, second = short_device_ids("3f9c1a7e-1111-0000", "3f9c1a7e-2222-0000")
    assert (first, second) == ("3f9c1a7e1111", "3f9c1a7e2222")


# ------------------------------------------------------------------ device names


def test_box_equal_names_show_short_ids(qtbot, languages):
    box = make_box(qtbot, incident_conflict({"cause": "光模块故障"}, {"cause": "交换机端口故障"}))
    assert box.side_labels[Side.KEPT].text() == "本机（驻场笔记本-张工，编号 3f9c1a7e）：中心当前采用的版本"
    assert box.side_labels[Side.OTHER].text() == "驻场笔记本-张工（编号 b72e40d5）：未被采用的修改"


@pytest.mark.parametrize(("kept_name", "other_name"), [
    ("驻场笔记本-张工", "驻场笔记本-张工 "),
    ("Laptop-Zhang", "laptop-zhang"),
    ("驻场笔记本\u200e-张工", "驻场笔记本-张工"),
    ("ＰＣ-01", "PC-01"),
])
def test_box_lookalike_names_show_short_ids(qtbot, languages, kept_name, other_name):
    box = make_box(qtbot, incident_conflict({"cause": "a"}, {"cause": "b"}, kept_name, other_name))
    assert "编号 3f9c1a7e" in box.side_labels[Side.KEPT].text()
    assert "编号 b72e40d5" in box.side_labels[Side.OTHER].text()


def test_box_empty_name_shows_short_id(qtbot, languages):
    box = make_box(qtbot, incident_conflict({"cause": "a"}, {"cause": "b"}, other_name=""))
    assert box.side_labels[Side.KEPT].text().startswith("本机（驻场笔记本-张工，编号 3f9c1a7e）")
    assert box.side_labels[Side.OTHER].text().startswith("未命名控制台（编号 b72e40d5）")


def test_box_distinct_names_stay_short(qtbot, languages):
    box = make_box(qtbot, incident_conflict({"cause": "a"}, {"cause": "b"}, "监控室工作站", "巡检笔记本"))
    assert box.side_labels[Side.KEPT].text() == "本机（监控室工作站）：中心当前采用的版本"
    assert box.side_labels[Side.OTHER].text() == "巡检笔记本：未被采用的修改"


def test_table_equal_names_show_short_ids(qtbot, languages):
    conflict = incident_conflict({"cause": "a"}, {"cause": "b"})
    model = ConflictTableModel()
    model.set_conflicts(OpenConflicts([ConflictEntry(conflict)], MINE))
    assert model.index(0, conflict_table.KEPT).data() == "本机（驻场笔记本-张工，编号 3f9c1a7e）"
    assert model.index(0, conflict_table.OTHER).data() == "驻场笔记本-张工（编号 b72e40d5）"


def test_center_box_name_from_site_file(qtbot, languages, center_settings):
    box = CenterBox(center_settings.model_copy(update={"device_name": SHARED_NAME}))
    qtbot.addWidget(box)
    assert box.name_value.text() == SHARED_NAME
    assert box.name_source_value.text() == "现场配置文件（[sync] device_name）"
    assert "本机编号" in box.name_source_value.toolTip()


def test_center_box_name_from_host(qtbot, languages, center_settings, monkeypatch):
    monkeypatch.setattr("etc_console.gui.sync.page_boxes.socket.gethostname", lambda: "zhang-pc\u202e")
    box = CenterBox(center_settings.model_copy(update={"device_name": None}))
    qtbot.addWidget(box)
    assert box.name_value.text() == "zhang-pc⟨U+202E⟩"
    assert box.name_source_value.text() == "主机名（现场配置文件未设置 [sync] device_name）"


@pytest.fixture
def center_settings():
    return SyncSettings(url="postgresql://etc_sync@127.0.0.1:5432/etc_center", interval=300)


# ------------------------------------------------------------------ hostile characters


def test_box_escapes_rlo_and_esc(qtbot, languages):
    conflict = incident_conflict({"cause": "光模块故障\u202e工张 改修"}, {"cause": "端口\x1b[31m红色\x1b[0m"},
                                 kept_name="笔记本\u202e甲", other_name="<b>乙</b>")
    conflict = Conflict(conflict.id, conflict.table, conflict.record_id, conflict.fields, conflict.kept,
                        Version(THEIRS, "<b>乙</b>", 5, {**conflict.other.data, "title": "离线\u2066"}), DETECTED)
    box = make_box(qtbot, conflict)
    kept = box.choices["cause"][Side.KEPT].value_view
    other = box.choices["cause"][Side.OTHER].value_view
    assert kept.shown_text == "光模块故障⟨U+202E⟩工张 改修"
    assert other.shown_text == "端口⟨U+001B⟩[31m红色⟨U+001B⟩[0m"
    for view in (kept, other):
        assert "\u202e" not in view.label.text()
        assert "\x1b" not in view.label.text()
    assert "⟨U+202E⟩</span>" in kept.label.text()  # the escape has a style of its own
    assert shown(box.side_labels[Side.KEPT]).startswith("本机（笔记本⟨U+202E⟩甲）")
    assert "⟨U+202E⟩</span>" in box.side_labels[Side.KEPT].text()
    assert shown(box.side_labels[Side.OTHER]).startswith("<b>乙</b>")  # shown as typed, not as markup
    assert box.title() == "故障事件：收费站车道控制器离线"


def test_box_value_markup_shown_as_text(qtbot, languages):
    box = make_box(qtbot, incident_conflict({"cause": "<i>斜体</i> & <br>"}, {"cause": "b"}))
    view = box.choices["cause"][Side.KEPT].value_view
    assert view.shown_text == "<i>斜体</i> & <br>"
    assert "&lt;i&gt;" in view.label.text()


def test_table_escapes_record_and_device(qtbot, languages):
    conflict = incident_conflict({"cause": "a"}, {"cause": "b"}, "甲\u202e", "乙\x1b")
    conflict = Conflict(conflict.id, conflict.table, conflict.record_id, conflict.fields,
                        Version(MINE, "甲\u202e", 4, {"title": "门架\u202e离线"}), conflict.other, DETECTED)
    model = ConflictTableModel()
    model.set_conflicts(OpenConflicts([ConflictEntry(conflict)], MINE))
    assert model.index(0, conflict_table.RECORD).data() == "门架⟨U+202E⟩离线"
    assert model.index(0, conflict_table.KEPT).data() == "本机（甲⟨U+202E⟩）"
    assert model.index(0, conflict_table.OTHER).data() == "乙⟨U+001B⟩"
    escaped = model.index(0, conflict_table.RECORD).data(Qt.ItemDataRole.ForegroundRole)
    assert escaped.color() == conflict_table.ESCAPED_TEXT
    assert model.index(0, conflict_table.FIELDS).data(Qt.ItemDataRole.ForegroundRole) is None


# ------------------------------------------------------------------ long values


def test_box_long_value_collapsed_at_difference(qtbot, languages):
    common = "现场检查：门架 RSU 天线工作正常，光纤收发器指示灯熄灭。" * 40
    kept_text = common + "结论：光模块老化。" + "后续每周检查。" * 5
    other_text = common + "结论：交换机端口故障。" + "后续每周检查。" * 5
    box = make_box(qtbot, incident_conflict({"actions": kept_text}, {"actions": other_text}))
    kept = box.choices["actions"][Side.KEPT].value_view
    other = box.choices["actions"][Side.OTHER].value_view
    start = len(common) + len("结论：")

    assert box.difference_labels["actions"].text() == f"两个版本从第 {start + 1} 个字起不同（已高亮标出）。"
    assert len(kept.shown_text) <= COLLAPSED_CHARS + 2
    assert kept.shown_text.startswith("…")
    assert "光模块老化" in kept.shown_text
    assert "交换机端口故障" in other.shown_text
    assert f'<span style="{STYLES[CHANGED]}">光模块老化</span>' in kept.label.text()
    assert kept.toggle.isVisibleTo(box)
    assert kept.toggle.text() == f"展开全部（共 {len(kept_text)} 个字）"

    kept.toggle.click()
    assert kept.expanded
    assert other.expanded  # both versions open together
    assert kept.shown_text == kept_text
    assert other.shown_text == other_text
    assert kept.toggle.text() == "收起"
    other.toggle.click()
    assert not kept.expanded
    assert not other.expanded


def test_box_short_values_unmarked(qtbot, languages):
    box = make_box(qtbot, incident_conflict({"cause": "光模块故障"}, {"cause": "交换机端口故障"}))
    view = box.choices["cause"][Side.KEPT].value_view
    assert view.shown_text == "光模块故障"
    assert not view.toggle.isVisibleTo(box)
    assert "cause" not in box.difference_labels


def test_box_huge_value_says_it_is_cut(qtbot, languages):
    huge = "字" * (MAX_SHOWN_CHARS + 500)
    box = make_box(qtbot, incident_conflict({"actions": huge}, {"actions": "短"}))
    view = box.choices["actions"][Side.KEPT].value_view
    view.set_expanded(True)
    assert view.shown_text.startswith("字" * MAX_SHOWN_CHARS + "…")
    assert view.shown_text.endswith(f"（此处只显示前 {MAX_SHOWN_CHARS} 个字，记录中保存完整内容）")


# ------------------------------------------------------------------ template snapshots and save errors


def test_box_template_snapshot(qtbot, languages):
    box = make_box(qtbot, template_conflict(), base_revision=0)
    assert box.title() == "巡检模板快照：daily-gantry（版本 2026.1）"
    assert box.meta_label.text() == "中心于 2026-05-06 11:04:05 发现此冲突。"  # no revision to name
    assert box.side_labels[Side.KEPT].text() == "未命名控制台（编号 b72e40d5）：中心当前采用的版本"
    assert box.side_labels[Side.OTHER].text() == "本机（未命名控制台，编号 3f9c1a7e）：未被采用的修改"
    assert box.side_labels[Side.KEPT].toolTip() == ""  # snapshots have no revisions to name
    assert box.field_labels["body"].text() == "模板内容"
    assert box.field_labels["stored_at"].text() == "保存时间"
    assert box.choices["stored_at"][Side.KEPT].value_view.shown_text == "2026-05-06 09:02:03"
    assert "item-59b" in box.choices["body"][Side.OTHER].value_view.shown_text


def add_template_conflict(session) -> uuid.UUID:
    """Store a template snapshot conflict as old data has it; the other version is this console's."""
    this_device = device_id(session)
    conflict = template_conflict()
    row = SyncConflictRow(
        table_name=conflict.table, record_id=conflict.record_id, fields=json.dumps(conflict.fields), base_revision=0,
        kept_revision=0, kept_device=THEIRS, kept_device_name="", kept_data=json.dumps(conflict.kept.data),
        other_revision=0, other_device=this_device, other_device_name="", other_data=json.dumps(conflict.other.data),
        detected_at=DETECTED)
    row.touch(this_device, DETECTED)
    session.add(row)
    session.flush()
    return row.id


def open_dialog(qtbot, console) -> ConflictDialog:
    dialog = ConflictDialog(console.session, "王工", console.window)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=WAIT_MS):
        dialog.load()
    return dialog


def test_dialog_template_conflict_saves_or_reports(qtbot, console):
    """A template snapshot conflict from old data loads; saving it never raises out of the dialog."""
    stored = console.session.writer.submit(add_template_conflict).result()
    dialog = open_dialog(qtbot, console)
    box = dialog.boxes[stored]
    assert box.title() == "巡检模板快照：daily-gantry（版本 2026.1）"
    assert box.side_labels[Side.OTHER].text().startswith("本机（未命名控制台，编号 ")

    box.choose("body", Side.KEPT)
    box.choose("stored_at", Side.KEPT)
    box.save_button.click()
    qtbot.waitUntil(lambda: dialog.error_box is not None or stored not in dialog.boxes, timeout=WAIT_MS)
    if dialog.error_box is not None:  # resolve cannot write a table without revisions
        assert dialog.error_box.text() == "“巡检模板快照：daily-gantry（版本 2026.1）”的选择未保存。"
        assert box.error_label.text().startswith("未保存：")
        assert box.isEnabled()
        dialog.error_box.done(0)


def test_dialog_reports_unexpected_error(qtbot, console, monkeypatch):
    def broken_resolve(*_args, **_kwargs):
        raise AttributeError("revision")

    monkeypatch.setattr(conflict_dialog, "resolve", broken_resolve)
    stored = console.session.writer.submit(add_template_conflict).result()
    dialog = open_dialog(qtbot, console)
    box = dialog.boxes[stored]
    box.choose("body", Side.OTHER)
    box.choose("stored_at", Side.OTHER)
    box.save_button.click()
    qtbot.waitUntil(lambda: dialog.error_box is not None and dialog.error_box.isVisible(), timeout=WAIT_MS)

    message = dialog.error_box
    assert message.icon() == QMessageBox.Icon.Warning
    assert message.windowTitle() == "冲突未处理"
    assert "请联系管理员" in message.informativeText()
    assert "AttributeError: revision" in message.detailedText()
    assert f"冲突 ID：{stored}" in message.detailedText()
    assert box.error_label.text() == ("未保存：本机未能写入这次处理结果，冲突仍待处理。"
                                      "请联系管理员，并提供下方的详细信息。")
    assert box.isEnabled()
    assert stored in dialog.boxes
    message.done(0)
    qtbot.waitUntil(lambda: dialog.error_box is None, timeout=WAIT_MS)


def test_dialog_reports_conflict_error(qtbot, console):
    """A conflict whose record has not arrived: resolve raises ConflictError, shown with its message."""
    conflict = incident_conflict({"cause": "a"}, {"cause": "b"})

    def add(session):
        mine = device_id(session)
        row = SyncConflictRow(
            table_name="incident", record_id=conflict.record_id, fields=json.dumps(["cause"]), base_revision=3,
            kept_revision=4, kept_device=mine, kept_device_name=SHARED_NAME, kept_data=json.dumps(conflict.kept.data),
            other_revision=5, other_device=THEIRS, other_device_name=SHARED_NAME,
            other_data=json.dumps(conflict.other.data), detected_at=DETECTED)
        row.touch(mine, DETECTED)
        session.add(row)
        session.flush()
        return row.id

    stored = console.session.writer.submit(add).result()
    dialog = open_dialog(qtbot, console)
    box = dialog.boxes[stored]
    assert box.side_labels[Side.KEPT].text().startswith(f"本机（{SHARED_NAME}，编号 ")
    assert box.side_labels[Side.OTHER].text().startswith(f"{SHARED_NAME}（编号 b72e40d5）")
    box.choose("cause", Side.OTHER)
    box.save_button.click()
    qtbot.waitUntil(lambda: dialog.error_box is not None and dialog.error_box.isVisible(), timeout=WAIT_MS)
    assert "not in this console yet" in dialog.error_box.informativeText()
    assert "ConflictError" in dialog.error_box.detailedText()
    dialog.error_box.done(0)


# ------------------------------------------------------------------ revisions and values changed after the conflict


def test_box_revisions_only_in_tooltips(qtbot, languages):
    box = make_box(qtbot, incident_conflict({"cause": "a"}, {"cause": "b"}, "监控室工作站", "巡检笔记本"))
    assert box.meta_label.text() == "中心于 2026-05-06 11:04:05 发现此冲突。"
    assert "内部版本号 3" in box.meta_label.toolTip()
    for side in (Side.KEPT, Side.OTHER):
        assert "版" not in box.side_labels[side].text().replace("版本", "")
    assert "内部版本号：4" in box.side_labels[Side.KEPT].toolTip()
    assert "内部版本号：5" in box.side_labels[Side.OTHER].toolTip()


def test_box_shows_value_changed_after_conflict(qtbot, languages):
    conflict = incident_conflict({"cause": "光模块故障", "actions": "更换光模块"}, {"cause": "端口故障", "actions": "重启"})
    entry = ConflictEntry(conflict, 3, current={"cause": "光模块与跳线\u202e老化", "actions": "更换光模块"},
                          superseded=frozenset({"cause"}))
    box = ConflictBox(entry, MINE)
    qtbot.addWidget(box)

    assert list(box.current_values) == ["cause"]
    current = box.current_values["cause"]
    assert current.caption.text() == "本机当前的原因分析（冲突发生后已被修改）："
    assert current.value_view.shown_text == "光模块与跳线⟨U+202E⟩老化"
    assert current.note.text() == "此字段在冲突后已被修改，保存时保留当前值。"
    assert current.isVisibleTo(box)


def test_box_current_value_equal_to_version_hidden(qtbot, languages):
    conflict = incident_conflict({"cause": "光模块故障"}, {"cause": "端口故障"})
    box = ConflictBox(ConflictEntry(conflict, 3, current={"cause": "光模块故障"}), MINE)
    qtbot.addWidget(box)
    assert box.current_values == {}
