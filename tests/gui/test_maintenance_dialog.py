"""Maintenance windows entered in the console: the tile shows 维护 and the window is stored."""

from sqlalchemy import select

from etc_console.gui.maintenance_dialog import MaintenanceDialog
from etc_console.probes.model import State
from etc_console.store.models import MaintenanceWindowRow
from gui_helpers import STATE_TIMEOUT_MS, wait_first_round


def test_window_puts_tile_in_maintenance(qtbot, console):
    wait_first_round(qtbot, console)
    dialog = MaintenanceDialog(console.session, "iss-vat", parent=console.window)
    dialog.reason_edit.setText("营改增接口升级")
    dialog.engineer_edit.setText("李工")

    dialog.accept()

    overview = console.window.overview
    qtbot.waitUntil(lambda: overview.tile_state("iss-vat") == State.MAINTENANCE, timeout=STATE_TIMEOUT_MS)
    assert "营改增接口升级" in overview.tiles["iss-vat"].detail_label.text()
    with console.session.database.sessions() as session:
        [row] = session.scalars(select(MaintenanceWindowRow)).all()
    assert (row.subsystem_id, row.created_by) == ("iss-vat", "李工")


def test_window_needs_reason_and_name(console):
    dialog = MaintenanceDialog(console.session, "iss-vat", parent=console.window)
    dialog.engineer_edit.setText("李工")
    dialog.accept()
    assert "原因" in dialog.error_label.text()

    dialog.reason_edit.setText("升级")
    dialog.engineer_edit.setText(" ")
    dialog.accept()
    assert "工程师" in dialog.error_label.text()
    assert dialog.result() == 0
