from datetime import UTC, datetime, timedelta

import pytest

from etc_console.monitor.maintenance import AdhocWindow, MaintenanceCalendar
from etc_console.store.db import open_database
from etc_console.store.maintenance import add_window, current_windows, end_window

NOW = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)


@pytest.fixture
def database(tmp_path):
    db = open_database(tmp_path)
    yield db
    db.close()


def window(start_hours: float, end_hours: float, reason: str = "更换核心交换机") -> AdhocWindow:
    return AdhocWindow("iss-auth", reason, NOW + timedelta(hours=start_hours), NOW + timedelta(hours=end_hours))


def test_window_survives_reopen_and_drives_calendar(tmp_path, database):
    with database.sessions.begin() as session:
        add_window(session, window(0, 2), "张工", NOW)
    database.close()
    reopened = open_database(tmp_path)
    with reopened.sessions() as session:
        windows = current_windows(session, NOW + timedelta(minutes=30))
    reopened.close()

    calendar = MaintenanceCalendar()
    calendar.set_adhoc(windows)
    assert calendar.active("iss-auth", NOW + timedelta(hours=1)).reason == "更换核心交换机"
    assert calendar.active("iss-auth", NOW + timedelta(hours=2)) is None


def test_ended_windows_are_not_current(database):
    with database.sessions.begin() as session:
        add_window(session, window(-3, -1), "张工", NOW)
        later = add_window(session, window(0, 4), "张工", NOW)
    with database.sessions.begin() as session:
        end_window(session, later, NOW + timedelta(hours=1))
    with database.sessions() as session:
        assert current_windows(session, NOW) != []
        assert current_windows(session, NOW + timedelta(hours=1)) == []


@pytest.mark.parametrize("by, reason, start, end, message", [
    (" ", "检修", 0, 1, "name of the engineer"),
    ("张工", " ", 0, 1, "needs a reason"),
    ("张工", "检修", 1, 1, "after its start"),
])
def test_bad_windows_rejected(database, by, reason, start, end, message):
    with database.sessions.begin() as session:
        with pytest.raises(ValueError, match=message):
            add_window(session, window(start, end, reason), by, NOW)
