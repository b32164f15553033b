"""Times on a fixed grid, so the lab's simulated deliveries land at the same times on every refresh."""

from datetime import datetime, timedelta, timezone

from etc_console.lab.health import CHINA_TIME

EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


def slot_times(now: datetime, interval: timedelta, history: timedelta, offset: timedelta = timedelta(0)) -> list[datetime]:
    """Return the grid times in (now - history, now], oldest first.

    The grid is every `interval` from midnight UTC of 2000-01-01 plus `offset`. An
    interval that divides a day gives the same wall-clock times every day.
    """
    latest = latest_slot(now, interval, offset)
    times = []
    slot = latest
    while slot > now - history:
        times.append(slot)
        slot -= interval
    return times[::-1]


def latest_slot(now: datetime, interval: timedelta, offset: timedelta = timedelta(0)) -> datetime:
    """Return the last grid time at or before `now`."""
    steps = (now - EPOCH - offset) // interval
    return EPOCH + offset + steps * interval


def db_time(moment: datetime) -> str:
    """Return a UTC time as SQLite's date functions read it ('YYYY-MM-DD HH:MM:SS')."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S")


def china_time(moment: datetime) -> datetime:
    return moment.astimezone(CHINA_TIME)
