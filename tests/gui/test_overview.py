"""The overview against a real training lab: tiles, states and the service-point count."""

from etc_console.probes.model import State
from gui_helpers import STATE_TIMEOUT_MS, wait_first_round

FAULT_TARGET = "stl-exchange"
POINT = "SP017"


def test_every_monitored_subsystem_has_tile(console):
    monitored = {subsystem.id for subsystem in console.session.catalog.monitored()}

    assert set(console.window.overview.tiles) == monitored


def test_tiles_turn_ok_after_first_round(qtbot, console):
    overview = console.window.overview
    report = wait_first_round(qtbot, console)

    reported = {status.subsystem_id for status in report.statuses}
    assert reported == set(overview.tiles)
    for subsystem_id, tile in overview.tiles.items():
        assert tile.status.checked_at is not None, subsystem_id
    # A loaded machine can make the first TLS handshakes slower than the lab's
    # 800 ms warning threshold, so the OK state may take one more round.
    qtbot.waitUntil(lambda: set(overview.state_counts()) == {State.OK}, timeout=STATE_TIMEOUT_MS)
    for subsystem_id, tile in overview.tiles.items():
        assert tile.state_label.text().endswith("正常"), subsystem_id


def test_down_fault_turns_only_its_tile_down(qtbot, console):
    overview = console.window.overview
    wait_first_round(qtbot, console)

    console.session.lab.set_fault(FAULT_TARGET, "down")
    qtbot.waitUntil(lambda: overview.tile_state(FAULT_TARGET) == State.DOWN, timeout=STATE_TIMEOUT_MS)

    others = {sid: tile.status.state for sid, tile in overview.tiles.items() if sid != FAULT_TARGET}
    assert set(others.values()) == {State.OK}
    assert overview.tiles[FAULT_TARGET].state_label.text().endswith("故障")
    assert "故障 1" in console.window.counts_label.text()

    console.session.lab.set_fault(FAULT_TARGET, None)
    qtbot.waitUntil(lambda: overview.tile_state(FAULT_TARGET) == State.OK, timeout=STATE_TIMEOUT_MS)
    assert "故障 0" in console.window.counts_label.text()


def test_service_points_tile_shows_online_count(qtbot, console):
    tile = console.window.overview.tiles["service-points"]
    total = len(console.session.catalog.service_points)
    wait_first_round(qtbot, console)

    assert total == 163
    assert tile.value_label.text() == f"{total}/{total} 在线"

    console.session.lab.set_fault(POINT, "down")
    qtbot.waitUntil(lambda: tile.value_label.text() == f"{total - 1}/{total} 在线", timeout=STATE_TIMEOUT_MS)
    assert tile.status.offline_members == (POINT,)
    assert tile.status.state == State.WARNING


def test_status_bar_names_lab_and_round(qtbot, console):
    window = console.window
    assert window.site_label.text() == "培训实验室"

    wait_first_round(qtbot, console)

    qtbot.waitUntil(lambda: window.round_label.text().startswith("最近一轮检查："))
    assert "正常 23" in window.counts_label.text()


def test_unbuilt_areas_say_not_available(console):
    # One window for all areas, since each console start costs about a second.
    for area in ("events", "reports"):
        console.window.show_area(area)

        page = console.window.stack.currentWidget()
        assert page.area == area
        assert "暂未提供" in page.message_label.text(), area


def test_inspection_area_shows_patrols(console):
    from etc_console.gui.patrol import PatrolPage

    console.window.show_area("inspection")
    assert isinstance(console.window.stack.currentWidget(), PatrolPage)


def test_emergency_area_shows_incidents(console):
    from etc_console.gui.incidents import IncidentsPage

    console.window.show_area("emergency")
    assert isinstance(console.window.stack.currentWidget(), IncidentsPage)
