"""A subsystem's availability for a local month and each of its days, read on a worker thread."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session, sessionmaker

from etc_console.store.availability import Availability, availability_by_period, daily_periods
from etc_console.timeutil import DISPLAY_ZONE, utc_now

# Months offered before the current one. State changes are kept 800 days.
PREVIOUS_MONTHS = 12


@dataclass(frozen=True)
class DayAvailability:
    """One local day (or, for today, the part of it that has passed)."""

    day: date
    availability: Availability


@dataclass(frozen=True)
class MonthAvailability:
    """A month's total and its days up to now; `current` is this month's total, for the header."""

    subsystem_id: str
    year: int
    month: int
    total: Availability
    days: tuple[DayAvailability, ...]
    current: Availability


def local_month(moment: datetime) -> tuple[int, int]:
    """Return the (year, month) of an aware time in Asia/Shanghai."""
    local = moment.astimezone(DISPLAY_ZONE)
    return local.year, local.month


def selectable_months(now: datetime, count: int = PREVIOUS_MONTHS) -> list[tuple[int, int]]:
    """Return the current local month and the `count` before it, newest first."""
    year, month = local_month(now)
    months = []
    for _ in range(count + 1):
        months.append((year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months


def elapsed_periods(year: int, month: int, now: datetime) -> list[tuple[datetime, datetime]]:
    """Return the local days of a month that have begun by `now`, the last one ending at `now`.

    The table lists only days that have begun; today ends at `now`.
    """
    periods = []
    for start, end in daily_periods(year, month, DISPLAY_ZONE):
        if start >= now:
            break
        periods.append((start, min(end, now)))
    return periods


def _total(days: list[Availability], start: datetime, end: datetime) -> Availability:
    return Availability(
        start, end,
        sum(day.observed_seconds for day in days),
        sum(day.down_seconds for day in days),
        sum(day.maintenance_seconds for day in days),
    )


def _month(session: Session, subsystem_id: str, year: int, month: int, now: datetime) -> tuple[Availability, list[Availability]]:
    periods = elapsed_periods(year, month, now)
    if not periods:
        start = datetime(year, month, 1, tzinfo=DISPLAY_ZONE)
        return Availability(start, start, 0.0, 0.0, 0.0), []
    days = availability_by_period(session, subsystem_id, periods, now)
    return _total(days, periods[0][0], periods[-1][1]), days


def load_availability(
    sessions: sessionmaker[Session], subsystem_id: str, year: int, month: int, now: datetime | None = None,
) -> MonthAvailability:
    """Read a subsystem's availability for a local month, its days, and this month's total.

    Blocks on the database: call it on a worker thread, never on the GUI thread.
    """
    now = now or utc_now()
    with sessions() as session:
        total, days = _month(session, subsystem_id, year, month, now)
        if (year, month) == local_month(now):
            current = total
        else:
            current, _ = _month(session, subsystem_id, *local_month(now), now)
    day_rows = tuple(DayAvailability(day.start.astimezone(DISPLAY_ZONE).date(), day) for day in days)
    return MonthAvailability(subsystem_id, year, month, total, day_rows, current)
