"""The patrol calendar: for every day, which patrols are done, late, missing or still open.

A daily template expects one patrol per listed shift every day. A weekly, monthly or
half-yearly template expects one patrol per period (ISO week, month, half-year),
shown on its due day. A patrol dated anywhere in that period counts for it. A patrol
is late when it was submitted after its deadline: the template's time for the shift
on the due day, in the site's zone, unless the caller passes other deadlines. A
template without a deadline for a shift is due by the end of the day.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from etc_console.patrol.models import PatrolRow
from etc_console.patrol.template import DEADLINE_PATTERN, Schedule, Shift, Template
from etc_console.timeutil import DISPLAY_ZONE, require_aware

# The widest period, so a query for a range also finds patrols dated earlier in it.
LONGEST_PERIOD = dt.timedelta(days=184)


class DayStatus(StrEnum):
    DONE = "done"  # submitted by the deadline
    LATE = "late"  # submitted after the deadline
    MISSING = "missing"  # not submitted and the deadline has passed
    IN_PROGRESS = "in_progress"  # a draft exists, the deadline has not passed
    PENDING = "pending"  # not started, the deadline has not passed


# Order in which a day's summary picks the entry that needs attention most.
ATTENTION = [DayStatus.MISSING, DayStatus.LATE, DayStatus.IN_PROGRESS, DayStatus.PENDING, DayStatus.DONE]


@dataclass(frozen=True)
class CalendarEntry:
    """One expected patrol on one day."""

    template_id: str
    template_name: str
    shift: Shift
    status: DayStatus
    due_at: dt.datetime
    patrol_id: object | None = None
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    entries: tuple[CalendarEntry, ...]

    @property
    def status(self) -> DayStatus | None:
        """Return the status that needs attention most, or None on a day with nothing due."""
        present = {entry.status for entry in self.entries}
        return next((status for status in ATTENTION if status in present), None)


def parse_deadline(text: str) -> tuple[dt.time, int]:
    """Return the time of a deadline ("10:00" or "02:00+1") and its offset in days."""
    match = DEADLINE_PATTERN.match(text)
    if match is None:
        raise ValueError(f"invalid deadline {text!r}; expected HH:MM or HH:MM+1")
    return dt.time(int(match["hour"]), int(match["minute"])), 1 if match["next_day"] else 0


def deadline_at(day: dt.date, deadline: str | None, zone: ZoneInfo) -> dt.datetime:
    """Return the aware moment of a deadline on `day`; the end of the day when None."""
    if deadline is None:
        return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone)
    moment, offset = parse_deadline(deadline)
    return dt.datetime.combine(day + dt.timedelta(days=offset), moment, zone)


def is_due(template: Template, day: dt.date) -> bool:
    """Return whether the template expects a patrol on `day`."""
    info = template.template
    if info.schedule == Schedule.DAILY:
        return True
    if info.schedule == Schedule.WEEKLY:
        return day.isoweekday() == info.due_weekday
    if info.schedule == Schedule.MONTHLY:
        return day.day == info.due_day
    return day.month in info.due_months and day.day == info.due_day


def period_key(template: Template, day: dt.date) -> tuple:
    """Return the key of the period `day` falls in: the day, ISO week, month or half-year."""
    schedule = template.template.schedule
    if schedule == Schedule.DAILY:
        return (day,)
    if schedule == Schedule.WEEKLY:
        return tuple(day.isocalendar()[:2])
    if schedule == Schedule.MONTHLY:
        return (day.year, day.month)
    return (day.year, 1 if day.month <= 6 else 2)


def patrol_calendar(
    session: Session,
    templates: Iterable[Template],
    start: dt.date,
    end: dt.date,
    now: dt.datetime,
    zone: ZoneInfo = DISPLAY_ZONE,
    deadlines: Mapping[str, Mapping[Shift, str]] | None = None,
) -> list[CalendarDay]:
    """Return one CalendarDay per date from `start` to `end` inclusive.

    `deadlines` maps a template id to its deadline per shift and replaces the
    template's own deadlines for that template.
    """
    if end < start:
        raise ValueError(f"the calendar end {end} is before its start {start}")
    now = require_aware(now)
    templates = list(templates)
    patrols = _patrols_by_period(session, templates, start, end)

    days = []
    day = start
    while day <= end:
        entries = []
        for template in templates:
            if not is_due(template, day):
                continue
            for shift in template.template.shifts:
                own = (deadlines or {}).get(template.id, template.template.deadlines)
                due_at = deadline_at(day, own.get(shift), zone)
                found = patrols.get((template.id, period_key(template, day), _shift_key(template, shift)), [])
                entries.append(_entry(template, shift, due_at, found, now))
        days.append(CalendarDay(day, tuple(entries)))
        day += dt.timedelta(days=1)
    return days


def _shift_key(template: Template, shift: Shift) -> str:
    # A periodic patrol counts whatever shift it was done in.
    return shift.value if template.template.schedule == Schedule.DAILY else "*"


def _patrols_by_period(session: Session, templates: list[Template], start: dt.date, end: dt.date) -> dict:
    by_id = {template.id: template for template in templates}
    query = select(PatrolRow).where(
        PatrolRow.patrol_date >= start - LONGEST_PERIOD, PatrolRow.patrol_date <= end + LONGEST_PERIOD,
        PatrolRow.deleted.is_(False), PatrolRow.template_id.in_(by_id),
    )
    grouped: dict[tuple, list[PatrolRow]] = {}
    for patrol in session.scalars(query):
        template = by_id[patrol.template_id]
        key = (template.id, period_key(template, patrol.patrol_date), _shift_key(template, Shift(patrol.shift)))
        grouped.setdefault(key, []).append(patrol)
    return grouped


def _entry(template: Template, shift: Shift, due_at: dt.datetime, patrols: list[PatrolRow], now: dt.datetime) -> CalendarEntry:
    submitted = sorted((p for p in patrols if p.submitted_at is not None), key=lambda p: p.submitted_at)
    if submitted:
        first = submitted[0]
        status = DayStatus.DONE if first.submitted_at <= due_at else DayStatus.LATE
        return CalendarEntry(template.id, template.name, shift, status, due_at, first.id, first.submitted_at)
    if now > due_at:
        status = DayStatus.MISSING
    elif patrols:
        status = DayStatus.IN_PROGRESS
    else:
        status = DayStatus.PENDING
    return CalendarEntry(template.id, template.name, shift, status, due_at, patrols[0].id if patrols else None)


def current_shift(
    now: dt.datetime, zone: ZoneInfo = DISPLAY_ZONE, day_starts: dt.time = dt.time(8, 0), night_starts: dt.time = dt.time(20, 0)
) -> tuple[dt.date, Shift]:
    """Return the patrol date and shift a moment belongs to.

    The day shift runs from `day_starts` to `night_starts` local time. A night shift
    after midnight belongs to the date on which it started.
    """
    local = require_aware(now).astimezone(zone)
    if day_starts <= local.time() < night_starts:
        return local.date(), Shift.DAY
    if local.time() < day_starts:
        return local.date() - dt.timedelta(days=1), Shift.NIGHT
    return local.date(), Shift.NIGHT
