"""The detail view's history ranges and availability, on data written through the store.

These tests open the detail view on a session whose monitor is not started, so the
store holds only what the test writes: results through record_results (which also
fills the 5-minute and hourly buckets) and subsystem-level state changes.
"""

import calendar
import re
import threading
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest
from PySide6.QtCore import Qt

from etc_console.gui.detail import availability_panel as availability_module
from etc_console.gui.detail.availability_panel import axis_floor
from etc_console.gui.detail.availability_data import elapsed_periods, local_month, selectable_months
from etc_console.gui.detail.date_axis import ShanghaiDateAxis, fixed_step_ticks, month_ticks, tick_format
from etc_console.gui.detail.dialog import SubsystemDetailDialog
from etc_console.gui.detail.history_plot import BandItem, finite_runs, with_gaps
from etc_console.gui.session import ConsoleSession
from etc_console.monitor import SubsystemStatus
from etc_console.monitor.status import StateChange
from etc_console.probes.model import ErrorClass, Outcome, ProbeResult, State
from etc_console.store.rollup import bucket_start
from etc_console.timeutil import DISPLAY_ZONE, utc_now
from gui_helpers import STATE_TIMEOUT_MS, close_window

SUBSYSTEM = "iss-auth"
PROBE = f"{SUBSYSTEM}/https"
WRITE_TIMEOUT = 30


@pytest.fixture
def idle_session(lab, tmp_path, languages, gui_gc):
    """A console session on the shared lab whose monitor never runs, so the store stays as written."""
    session = ConsoleSession(tmp_path / "data", lab=lab)
    session.open()
    yield session
    session.stop()


@pytest.fixture
def open_detail(qtbot, idle_session):
    """Open detail views on the idle session; close them after the test."""
    dialogs = []

    def open_(subsystem_id: str = SUBSYSTEM) -> SubsystemDetailDialog:
        subsystem = idle_session.catalog.subsystem(subsystem_id)
        status = SubsystemStatus(subsystem_id, State.UNKNOWN, "not checked yet")
        dialog = SubsystemDetailDialog(idle_session, subsystem, status)
        dialogs.append(dialog)
        dialog.show()
        return dialog

    yield open_
    for dialog in dialogs:
        close_window(dialog)


def result(checked_at: datetime, latency_ms: float | None, state: State = State.OK, subsystem_id: str = SUBSYSTEM) -> ProbeResult:
    error_class = ErrorClass.CONNECT if state == State.DOWN else None
    outcome = Outcome(state, "test result", checked_at, latency_ms, error_class)
    return ProbeResult(f"{subsystem_id}/https", subsystem_id, "http", "https", outcome, state)


def write(session: ConsoleSession, results=(), changes=()) -> None:
    """Write results and state changes through the session's writer, and wait for the commit."""
    from etc_console.store.history import record_results

    results, changes = list(results), list(changes)
    session.writer.submit(lambda db: record_results(db, results, changes)).result(WRITE_TIMEOUT)


def every(start: datetime, end: datetime, step: timedelta) -> list[datetime]:
    moments = []
    while start < end:
        moments.append(start)
        start += step
    return moments


def select_range(qtbot, dialog, label: str) -> None:
    combo = dialog.form.rangeCombo
    index = combo.findText(label)
    assert index >= 0, f"{label!r} is not among {[combo.itemText(i) for i in range(combo.count())]}"
    with qtbot.waitSignal(dialog.loaded, timeout=STATE_TIMEOUT_MS):
        combo.setCurrentIndex(index)


def load(qtbot, dialog) -> None:
    with qtbot.waitSignal(dialog.loaded, timeout=STATE_TIMEOUT_MS):
        dialog.refresh()


# ---------------------------------------------------------------------- history ranges


@pytest.fixture
def two_clusters(idle_session):
    """Results every 5 minutes 20 h to 1 h ago and 40 h to 30 h ago, with two failed buckets.

    Returns the times with a latency, grouped as (recent, older), and the failed times.
    """
    now = utc_now().replace(second=0, microsecond=0)
    recent = every(now - timedelta(hours=20), now - timedelta(hours=1), timedelta(minutes=5))
    older = every(now - timedelta(hours=40), now - timedelta(hours=30), timedelta(minutes=5))
    failed = [now - timedelta(hours=10, minutes=2), now - timedelta(hours=35, minutes=2)]
    results = [result(moment, 20.0 + index % 7) for index, moment in enumerate(recent + older)]
    results += [result(moment, None, State.DOWN) for moment in failed]
    write(idle_session, results)
    return recent, older, failed


def buckets(moments, seconds: int) -> set[int]:
    return {bucket_start(moment, seconds) for moment in moments}


def test_range_selector_lists_ranges(open_detail):
    dialog = open_detail()

    combo = dialog.form.rangeCombo
    labels = [combo.itemText(index) for index in range(combo.count())]

    assert labels == ["6 小时", "24 小时", "7 天", "30 天", "1 年"]
    assert combo.currentIndex() == 0
    assert dialog.form.rangeCaption.text() == "范围："


def test_aggregate_raw_range_is_one_hour(open_detail):
    dialog = open_detail("service-points")

    combo = dialog.form.rangeCombo

    assert combo.itemText(0) == "1 小时"
    assert combo.count() == 5


def test_24_hours_plots_five_minute_buckets(qtbot, open_detail, two_clusters):
    recent, _older, failed = two_clusters
    dialog = open_detail()

    select_range(qtbot, dialog, "24 小时")

    assert dialog.plot.bucket_mode
    assert dialog.plot.line_points() == len(buckets(recent, 300))
    failures_x, _ = dialog.plot._failures.getData()
    assert len(failures_x) == 1
    assert failures_x[0] == bucket_start(failed[0], 300) + 150
    # Every failed check falls in a bucket that also has a good one.
    assert dialog.form.historySummary.text() == f"每 5 分钟一个点：{len(buckets(recent, 300))} 个时段有检查，1 个有失败"


def test_7_days_breaks_line_at_gap(qtbot, open_detail, two_clusters):
    recent, older, _failed = two_clusters
    dialog = open_detail()

    select_range(qtbot, dialog, "7 天")

    expected = len(buckets(recent, 300)) + len(buckets(older, 300))
    assert dialog.plot.line_points() == expected
    _, y = dialog.plot._line.getOriginalDataset()
    assert np.isnan(y).sum() >= 1  # the 10 hours without results are not bridged
    failures_x, _ = dialog.plot._failures.getData()
    assert len(failures_x) == 2


def test_30_days_shows_min_max_band(qtbot, open_detail, two_clusters):
    dialog = open_detail()

    select_range(qtbot, dialog, "30 天")

    _, low, high = dialog.plot.band_data
    assert np.nanmin(low) == 20.0
    assert np.nanmax(high) == 26.0
    # One closed polygon for each of the two clusters, none across the gap between them.
    assert len(dialog.plot._band.path().toSubpathPolygons()) == 2
    view_start, view_end = dialog.plot.getPlotItem().getViewBox().viewRange()[0]
    assert view_end - view_start >= timedelta(days=30).total_seconds()


def test_1_year_plots_hourly_buckets(qtbot, open_detail, idle_session, two_clusters):
    recent, older, _failed = two_clusters
    long_ago = (utc_now() - timedelta(days=200)).replace(minute=5, second=0, microsecond=0)
    write(idle_session, [result(long_ago, 55.0), result(long_ago + timedelta(minutes=10), 65.0)])
    dialog = open_detail()

    select_range(qtbot, dialog, "1 年")

    assert dialog.plot.line_points() == len(buckets(recent + older, 3600)) + 1
    x, y = dialog.plot._line.getOriginalDataset()
    measured_x = x[~np.isnan(y)]
    assert measured_x[0] == bucket_start(long_ago, 3600) + 1800
    assert y[~np.isnan(y)][0] == 60.0  # the mean of 55 and 65 ms
    assert dialog.form.historySummary.text().startswith("每小时一个点：")


def test_6_hours_plots_raw_rounds(qtbot, open_detail, two_clusters):
    recent, _older, _failed = two_clusters
    dialog = open_detail()

    load(qtbot, dialog)

    six_hours_ago = utc_now() - timedelta(hours=6)
    assert not dialog.plot.bucket_mode
    assert dialog.plot.line_points() == sum(1 for moment in recent if moment >= six_hours_ago)
    assert dialog.form.historySummary.text().startswith("逐次检查：")


def test_range_change_during_read_loads_new_range(qtbot, open_detail, two_clusters):
    recent, older, _failed = two_clusters
    dialog = open_detail()
    dialog.refresh()  # still running when the range changes

    with qtbot.waitSignal(dialog.loaded, timeout=STATE_TIMEOUT_MS):
        dialog.form.rangeCombo.setCurrentIndex(2)

    assert dialog.history.history_range.key == "7d"
    assert dialog.plot.line_points() == len(buckets(recent, 300)) + len(buckets(older, 300))


def test_history_reads_on_worker_thread(qtbot, open_detail, monkeypatch, two_clusters):
    from etc_console.gui.detail import dialog as dialog_module

    threads = []
    original = dialog_module.load_detail

    def recording_load(*args, **kwargs):
        threads.append(threading.get_ident())
        return original(*args, **kwargs)

    monkeypatch.setattr(dialog_module, "load_detail", recording_load)
    dialog = open_detail()

    select_range(qtbot, dialog, "30 天")

    assert threads
    assert threading.main_thread().ident not in threads


# ---------------------------------------------------------------------- time axis


def shanghai(*args) -> float:
    return datetime(*args, tzinfo=DISPLAY_ZONE).timestamp()


@pytest.mark.parametrize(
    ("span", "pattern"),
    [
        (timedelta(hours=6), r"^\d\d:\d\d$"),
        (timedelta(hours=24), r"^\d\d-\d\d \d\d:\d\d$"),
        (timedelta(days=7), r"^\d{4}-\d\d-\d\d$"),
        (timedelta(days=30), r"^\d{4}-\d\d-\d\d$"),
        (timedelta(days=365), r"^\d{4}-\d\d-\d\d$"),
    ],
)
def test_axis_labels_per_range(qtbot, span, pattern):
    axis = ShanghaiDateAxis()
    end = shanghai(2025, 6, 14, 15, 37)

    levels = axis.tickValues(end - span.total_seconds(), end, 900)
    spacing, values = levels[0]
    labels = axis.tickStrings(values, 1.0, spacing)

    assert 3 <= len(labels) <= 20
    for label in labels:
        assert re.match(pattern, label), label


def test_axis_ticks_fall_on_local_midnight():
    ticks = fixed_step_ticks(shanghai(2025, 6, 1, 15), shanghai(2025, 6, 5, 15), 86400)

    labels = [datetime.fromtimestamp(tick, DISPLAY_ZONE).strftime("%m-%d %H:%M") for tick in ticks]

    assert labels == ["06-02 00:00", "06-03 00:00", "06-04 00:00", "06-05 00:00"]


def test_axis_month_ticks_cross_year():
    ticks = month_ticks(shanghai(2024, 11, 15), shanghai(2025, 3, 2), 1)

    labels = [datetime.fromtimestamp(tick, DISPLAY_ZONE).strftime("%Y-%m-%d") for tick in ticks]

    assert labels == ["2024-12-01", "2025-01-01", "2025-02-01", "2025-03-01"]


def test_tick_format_by_step():
    assert tick_format(600, 6 * 3600) == "%H:%M"
    assert tick_format(3 * 3600, 24 * 3600) == "%m-%d %H:%M"
    assert tick_format(86400, 7 * 86400) == "%Y-%m-%d"


def test_finite_runs_split_at_nan():
    mask = ~np.isnan(np.array([1.0, 2.0, np.nan, np.nan, 3.0, np.nan, 4.0, 5.0]))

    assert finite_runs(mask) == [(0, 2), (4, 5), (6, 8)]


def test_band_has_no_polygon_across_gaps(qtbot):
    band = BandItem()
    x = np.arange(9.0)
    low = np.array([1.0, 1.0, np.nan, 1.0, np.nan, np.nan, 1.0, 1.0, 1.0])

    band.set_data(x, low, low + 1)

    spans = [(min(p.x() for p in polygon), max(p.x() for p in polygon)) for polygon in band.path().toSubpathPolygons()]
    assert spans == [(0.0, 1.0), (3.0, 3.0), (6.0, 8.0)]


def test_with_gaps_inserts_nan_after_jumps():
    x = np.array([0.0, 300.0, 600.0, 3600.0, 3900.0])

    new_x, (new_y,) = with_gaps(x, [np.array([1.0, 2.0, 3.0, 4.0, 5.0])], 300)

    assert new_x.tolist() == [0.0, 300.0, 600.0, 900.0, 3600.0, 3900.0]
    assert np.isnan(new_y[3])
    assert np.count_nonzero(~np.isnan(new_y)) == 5


# ---------------------------------------------------------------------- availability


def previous_month(now: datetime) -> tuple[int, int]:
    year, month = local_month(now)
    return (year, month - 1) if month > 1 else (year - 1, 12)


def local(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=DISPLAY_ZONE).astimezone(UTC)


def change(old: str | None, new: str, at: datetime) -> StateChange:
    return StateChange(SUBSYSTEM, None, old, new, "test change", at)


@pytest.fixture
def known_month(idle_session):
    """State changes in the previous local month: 30 min down on the 2nd, 2 h maintenance
    on the 3rd, nothing observed on the 5th, OK otherwise. Returns (year, month)."""
    year, month = previous_month(utc_now())
    changes = [
        change(None, "ok", local(year, month, 1)),
        change("ok", "down", local(year, month, 2, 10)),
        change("down", "ok", local(year, month, 2, 10, 30)),
        change("ok", "maintenance", local(year, month, 3, 8)),
        change("maintenance", "ok", local(year, month, 3, 10)),
        change("ok", "unknown", local(year, month, 5)),
        change("unknown", "ok", local(year, month, 6)),
        # A probe-level change counts for nothing: availability follows the subsystem.
        StateChange(SUBSYSTEM, PROBE, "ok", "down", "probe change", local(year, month, 7, 12)),
    ]
    write(idle_session, changes=changes)
    return year, month


def select_month(qtbot, dialog, index: int) -> None:
    with qtbot.waitSignal(dialog.availability.loaded, timeout=STATE_TIMEOUT_MS):
        dialog.form.monthCombo.setCurrentIndex(index)


def row_texts(model, row: int) -> list[str]:
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_availability_table_for_known_month(qtbot, open_detail, known_month):
    year, month = known_month
    days_in_month = calendar.monthrange(year, month)[1]
    dialog = open_detail()

    select_month(qtbot, dialog, 1)

    model = dialog.availability.model
    headers = [model.headerData(column, Qt.Orientation.Horizontal) for column in range(model.columnCount())]
    assert headers == ["日期", "可用率", "故障（分钟）", "维护（分钟）", "观测（小时）"]
    assert model.rowCount() == days_in_month
    assert row_texts(model, 0) == [f"{year}-{month:02d}-01", "100.00%", "0", "0", "24.0"]
    assert row_texts(model, 1) == [f"{year}-{month:02d}-02", "97.91%", "30.0", "0", "24.0"]
    assert row_texts(model, 2) == [f"{year}-{month:02d}-03", "100.00%", "0", "120.0", "22.0"]
    assert row_texts(model, 4) == [f"{year}-{month:02d}-05", "—", "0", "0", "0"]
    assert row_texts(model, 6) == [f"{year}-{month:02d}-07", "100.00%", "0", "0", "24.0"]


def test_availability_month_total(qtbot, open_detail, known_month):
    year, month = known_month
    observed_hours = (calendar.monthrange(year, month)[1] - 1) * 24 - 2
    ratio = 1 - 1800 / (observed_hours * 3600)
    expected_ratio = f"{int(ratio * 10_000) / 100:.2f}%"
    dialog = open_detail()

    select_month(qtbot, dialog, 1)

    summary = dialog.form.availabilitySummary.text()
    assert summary == f"{year} 年 {month} 月：可用率 {expected_ratio}，故障 30.0 分钟，维护 120.0 分钟，观测 {observed_hours:.1f} 小时"
    assert dialog.availability.chart.bar_count == calendar.monthrange(year, month)[1] - 1


def test_availability_marks_down_days(qtbot, open_detail, known_month):
    dialog = open_detail()

    select_month(qtbot, dialog, 1)

    model = dialog.availability.model
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole).name().upper() == "#B83C00"
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole).name().upper() == "#007A5A"
    assert model.index(4, 1).data(Qt.ItemDataRole.ForegroundRole) is None


def test_availability_shows_dash_when_unobserved(qtbot, open_detail):
    dialog = open_detail()

    with qtbot.waitSignal(dialog.availability.loaded, timeout=STATE_TIMEOUT_MS):
        dialog.refresh()

    model = dialog.availability.model
    assert model.rowCount() == len(elapsed_periods(*local_month(utc_now()), utc_now()))
    assert all(model.index(row, 1).data() == "—" for row in range(model.rowCount()))
    assert dialog.form.monthAvailabilityValue.text() == "—"
    assert dialog.form.monthAvailabilityCaption.text() == "本月可用率："
    assert dialog.form.availabilitySummary.text().endswith("：无观测数据")


def test_month_selector_lists_thirteen_months(open_detail):
    dialog = open_detail()

    combo = dialog.form.monthCombo
    year, month = local_month(utc_now())

    assert combo.count() == 13
    assert combo.itemText(0) == f"{year} 年 {month} 月（本月）"
    previous_year, previous = previous_month(utc_now())
    assert combo.itemText(1) == f"{previous_year} 年 {previous} 月"


def test_availability_reads_on_worker_thread(qtbot, open_detail, monkeypatch):
    threads = []
    original = availability_module.load_availability

    def recording_load(*args, **kwargs):
        threads.append(threading.get_ident())
        return original(*args, **kwargs)

    monkeypatch.setattr(availability_module, "load_availability", recording_load)
    dialog = open_detail()

    with qtbot.waitSignal(dialog.availability.loaded, timeout=STATE_TIMEOUT_MS):
        dialog.refresh()

    assert threads
    assert threading.main_thread().ident not in threads


@pytest.mark.parametrize(("lowest", "floor"), [(100.0, 99.9), (99.95, 99.9), (99.6, 99.0), (98.26, 95.0), (40.0, 0.0)])
def test_chart_floor_keeps_bars_visible(lowest, floor):
    assert axis_floor(lowest) == floor


def test_current_month_ends_at_now():
    now = datetime(2025, 6, 14, 15, 30, tzinfo=DISPLAY_ZONE)

    periods = elapsed_periods(2025, 6, now)

    assert len(periods) == 14
    assert periods[-1] == (datetime(2025, 6, 14, tzinfo=DISPLAY_ZONE), now)


def test_selectable_months_cross_year():
    months = selectable_months(datetime(2025, 2, 10, tzinfo=DISPLAY_ZONE), count=3)

    assert months == [(2025, 2), (2025, 1), (2024, 12), (2024, 11)]


def test_new_models_pass_modeltester(qtbot, qtmodeltester, open_detail, known_month, two_clusters):
    dialog = open_detail()
    select_month(qtbot, dialog, 1)
    select_range(qtbot, dialog, "7 天")

    qtmodeltester.check(dialog.availability.model)
    qtmodeltester.check(dialog.results_model)
    qtmodeltester.check(dialog.changes_model)


def test_language_switch_retranslates_history(qtbot, open_detail, languages, known_month):
    from etc_console.gui.i18n import ENGLISH

    dialog = open_detail()
    select_month(qtbot, dialog, 1)

    languages.set_language(ENGLISH)

    combo = dialog.form.rangeCombo
    qtbot.waitUntil(lambda: combo.itemText(0) == "6 hours")  # Qt posts the LanguageChange events
    assert [combo.itemText(index) for index in range(combo.count())] == ["6 hours", "24 hours", "7 days", "30 days", "1 year"]
    assert dialog.form.monthCombo.itemText(0).endswith("(this month)")
    assert dialog.availability.model.headerData(1, Qt.Orientation.Horizontal) == "Availability"
    assert dialog.form.availabilitySummary.text().startswith(f"{known_month[0]}-{known_month[1]:02d}: availability ")
    assert dialog.form.monthAvailabilityCaption.text() == "This month's availability:"
