import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from etc_console.config import ConfigError, parse_site
from etc_console.monitor.maintenance import AdhocWindow, MaintenanceCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")

SITE = """
[[maintenance]]
subsystems = ["stl-clearing", "stl-exchange"]
reason = "每周六凌晨例行维护"
rrule = "FREQ=WEEKLY;BYDAY=SA"
start_time = 02:00:00
duration_minutes = 120

[[maintenance]]
subsystems = ["iss-auth"]
reason = "数据库升级"
start = 2026-12-05T22:00:00+08:00
end = 2026-12-06T01:00:00+08:00
"""


def local(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=SHANGHAI)


@pytest.fixture
def calendar() -> MaintenanceCalendar:
    return MaintenanceCalendar(parse_site(SITE).maintenance)


def test_recurring_window_covers_its_hours(calendar):
    # 2026-12-05 is a Saturday.
    assert calendar.active("stl-clearing", local(2026, 12, 5, 1, 59)) is None
    window = calendar.active("stl-clearing", local(2026, 12, 5, 2, 0))
    assert window.reason == "每周六凌晨例行维护"
    assert window.end == local(2026, 12, 5, 4, 0)
    assert calendar.active("stl-exchange", local(2026, 12, 5, 3, 59)) is not None
    assert calendar.active("stl-clearing", local(2026, 12, 5, 4, 0)) is None
    assert calendar.active("stl-clearing", local(2026, 12, 6, 2, 30)) is None


def test_recurring_window_uses_site_zone_for_utc_moments(calendar):
    assert calendar.active("stl-clearing", dt.datetime(2026, 12, 4, 18, 30, tzinfo=dt.UTC)) is not None


def test_one_off_window_across_midnight(calendar):
    assert calendar.active("iss-auth", local(2026, 12, 5, 23, 0)) is not None
    assert calendar.active("iss-auth", local(2026, 12, 6, 0, 59)) is not None
    assert calendar.active("iss-auth", local(2026, 12, 6, 1, 0)) is None
    assert calendar.active("iss-public", local(2026, 12, 5, 23, 0)) is None


def test_adhoc_windows_replace_each_other(calendar):
    window = AdhocWindow("ord-lane", "更换交换机", local(2026, 12, 4, 10), local(2026, 12, 4, 11))
    calendar.set_adhoc([window])
    assert calendar.active("ord-lane", local(2026, 12, 4, 10, 30)).source == "adhoc"
    calendar.set_adhoc([])
    assert calendar.active("ord-lane", local(2026, 12, 4, 10, 30)) is None


def test_naive_moment_rejected(calendar):
    with pytest.raises(ValueError):
        calendar.active("iss-auth", dt.datetime(2026, 12, 5, 23, 0))


@pytest.mark.parametrize("body, expected", [
    ('rrule = "FREQ=SOMETIMES"\nstart_time = 02:00:00\nduration_minutes = 60', "not a valid recurrence rule"),
    ('start = 2026-12-05T22:00:00\nend = 2026-12-06T01:00:00', "needs an offset"),
    ('start = 2026-12-05T22:00:00+08:00\nend = 2026-12-05T21:00:00+08:00', "end after start"),
    ('rrule = "FREQ=DAILY"', "needs rrule, start_time and duration_minutes"),
])
def test_bad_windows_are_named(body, expected):
    with pytest.raises(ConfigError) as caught:
        parse_site(f'[[maintenance]]\nsubsystems = ["iss-auth"]\nreason = "x"\n{body}\n', "site.toml")
    message = str(caught.value)
    assert "maintenance[0]" in message
    assert expected in message
