"""Availability of a subsystem from the times its state changed.

Availability over a period is the share of observed time in which the subsystem was
not DOWN. Time in MAINTENANCE is left out, and so is UNKNOWN time (before the first
check, or while the console was not running), because the console observed nothing then.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from etc_console.probes.model import State
from etc_console.store.models import StateChangeRow
from etc_console.timeutil import DISPLAY_ZONE, require_aware, utc_now

UNOBSERVED = {State.UNKNOWN.value, State.MAINTENANCE.value}


@dataclass(frozen=True)
class Availability:
    start: datetime
    end: datetime
    observed_seconds: float
    down_seconds: float
    maintenance_seconds: float

    @property
    def ratio(self) -> float | None:
        """Share of observed time not DOWN; None when nothing was observed."""
        if self.observed_seconds <= 0:
            return None
        return 1 - self.down_seconds / self.observed_seconds


def _changes(session: Session, subsystem_id: str, start: datetime, end: datetime) -> tuple[str, Sequence]:
    subsystem_rows = StateChangeRow.subsystem_id == subsystem_id, StateChangeRow.probe_id.is_(None)
    before = session.execute(
        select(StateChangeRow.new_state)
        .where(*subsystem_rows, StateChangeRow.changed_at < start)
        .order_by(StateChangeRow.changed_at.desc())
        .limit(1)
    ).scalar()
    inside = session.execute(
        select(StateChangeRow.changed_at, StateChangeRow.new_state)
        .where(*subsystem_rows, StateChangeRow.changed_at >= start, StateChangeRow.changed_at < end)
        .order_by(StateChangeRow.changed_at)
    ).all()
    return before or State.UNKNOWN.value, inside


def availability(session: Session, subsystem_id: str, start: datetime, end: datetime, now: datetime | None = None) -> Availability:
    """Return the availability of a subsystem between two aware times."""
    return availability_by_period(session, subsystem_id, [(start, end)], now)[0]


def availability_by_period(
    session: Session, subsystem_id: str, periods: list[tuple[datetime, datetime]], now: datetime | None = None,
) -> list[Availability]:
    """Return the availability for consecutive periods with one pass over the changes.

    Time after `now` (default: the current time) has not been observed yet, so a
    period that reaches into the future counts only up to `now`.
    """
    now = require_aware(now) if now is not None else utc_now()
    start, end = require_aware(periods[0][0]), min(require_aware(periods[-1][1]), now)
    if end <= start:
        return [Availability(p_start, p_end, 0.0, 0.0, 0.0) for p_start, p_end in periods]
    state, changes = _changes(session, subsystem_id, start, end)
    totals = [[0.0, 0.0, 0.0] for _ in periods]  # observed, down, maintenance

    cursor = start
    for changed_at, new_state in [*changes, (end, None)]:
        _spread(periods, totals, cursor, changed_at, state)
        cursor, state = changed_at, new_state

    return [Availability(p_start, p_end, *values) for (p_start, p_end), values in zip(periods, totals, strict=True)]


def _spread(periods, totals, begin: datetime, finish: datetime, state: str) -> None:
    """Add the span [begin, finish) spent in `state` to the periods it overlaps."""
    for index, (p_start, p_end) in enumerate(periods):
        overlap = (min(finish, p_end) - max(begin, p_start)).total_seconds()
        if overlap <= 0:
            continue
        if state == State.MAINTENANCE.value:
            totals[index][2] += overlap
        elif state not in UNOBSERVED:
            totals[index][0] += overlap
            if state == State.DOWN.value:
                totals[index][1] += overlap


def daily_periods(year: int, month: int, zone=DISPLAY_ZONE) -> list[tuple[datetime, datetime]]:
    """Return the local days of a month as aware (start, end) pairs."""
    day = datetime(year, month, 1, tzinfo=zone)
    periods = []
    while day.month == month:
        following = (day + timedelta(days=1)).replace(hour=0)
        periods.append((day, following))
        day = following
    return periods


def monthly_availability(
    session: Session, subsystem_id: str, year: int, month: int, zone=DISPLAY_ZONE, now: datetime | None = None,
) -> tuple[Availability, list[Availability]]:
    """Return a subsystem's availability for a local month and for each of its days, up to `now`."""
    days = availability_by_period(session, subsystem_id, daily_periods(year, month, zone), now)
    month_total = Availability(
        days[0].start, days[-1].end,
        sum(d.observed_seconds for d in days), sum(d.down_seconds for d in days), sum(d.maintenance_seconds for d in days),
    )
    return month_total, days
