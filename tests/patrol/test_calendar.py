"""The calendar shows per day which patrols are done, late, missing, open or pending."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from etc_console.patrol import records
from etc_console.patrol.calendar import DayStatus, current_shift, patrol_calendar
from etc_console.patrol.template import Shift
from etc_console.timeutil import DISPLAY_ZONE
from tests.patrol.conftest import MORNING


def local(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), DISPLAY_ZONE)


def add_patrol(session, template, day, shift, submitted_at=None):
    patrol = records.start_patrol(session, template, day, shift, "张伟", local(day, 8))
    patrol.submitted_at = submitted_at
    session.flush()
    return patrol


@pytest.fixture
def week(session, checklists):
    daily = checklists.get("daily-application")
    weekly = checklists.get("weekly-backup-restore")
    add_patrol(session, daily, date(2026, 12, 1), Shift.DAY, local(date(2026, 12, 1), 9, 30))
    add_patrol(session, daily, date(2026, 12, 1), Shift.NIGHT, local(date(2026, 12, 1), 22, 30))
    add_patrol(session, daily, date(2026, 12, 2), Shift.NIGHT)
    add_patrol(session, daily, date(2026, 12, 4), Shift.DAY)
    add_patrol(session, weekly, date(2026, 12, 2), Shift.DAY, local(date(2026, 12, 2), 15))
    return [daily, weekly]


def statuses(days, day):
    [entry_day] = [d for d in days if d.day == day]
    return {(e.template_id, e.shift.value): e.status for e in entry_day.entries}


def test_done_and_late_by_deadline(session, week):
    days = patrol_calendar(session, week, date(2026, 12, 1), date(2026, 12, 7), MORNING)
    first = statuses(days, date(2026, 12, 1))
    assert first[("daily-application", "day")] == DayStatus.DONE
    assert first[("daily-application", "night")] == DayStatus.LATE


def test_missing_after_deadline(session, week):
    days = patrol_calendar(session, week, date(2026, 12, 1), date(2026, 12, 7), MORNING)
    second = statuses(days, date(2026, 12, 2))
    assert second[("daily-application", "day")] == DayStatus.MISSING
    assert second[("daily-application", "night")] == DayStatus.MISSING
    assert [d.status for d in days if d.day == date(2026, 12, 3)] == [DayStatus.MISSING]


def test_open_and_pending_before_deadline(session, week):
    days = patrol_calendar(session, week, date(2026, 12, 1), date(2026, 12, 7), MORNING)
    today = statuses(days, date(2026, 12, 4))
    assert today[("daily-application", "day")] == DayStatus.IN_PROGRESS
    assert today[("daily-application", "night")] == DayStatus.PENDING
    assert statuses(days, date(2026, 12, 5)) == {("daily-application", "day"): DayStatus.PENDING, ("daily-application", "night"): DayStatus.PENDING}


def test_weekly_patrol_counts_for_its_week(session, week):
    days = patrol_calendar(session, week, date(2026, 12, 1), date(2026, 12, 7), MORNING)
    friday = statuses(days, date(2026, 12, 4))
    assert friday[("weekly-backup-restore", "day")] == DayStatus.DONE
    assert ("weekly-backup-restore", "day") not in statuses(days, date(2026, 12, 3))


def test_deadline_is_configurable(session, week):
    deadlines = {"daily-application": {Shift.DAY: "09:00", Shift.NIGHT: "23:00"}}
    days = patrol_calendar(session, week, date(2026, 12, 1), date(2026, 12, 1), MORNING, deadlines=deadlines)
    first = statuses(days, date(2026, 12, 1))
    assert first[("daily-application", "day")] == DayStatus.LATE
    assert first[("daily-application", "night")] == DayStatus.DONE


def test_day_summary_picks_worst(session, week):
    days = patrol_calendar(session, week, date(2026, 12, 1), date(2026, 12, 1), MORNING)
    assert days[0].status == DayStatus.LATE


def test_discarded_draft_does_not_count(session, checklists):
    daily = checklists.get("daily-application")
    draft = add_patrol(session, daily, date(2026, 12, 4), Shift.DAY)
    records.discard_patrol(session, draft.id, MORNING)
    days = patrol_calendar(session, [daily], date(2026, 12, 4), date(2026, 12, 4), MORNING)
    assert statuses(days, date(2026, 12, 4))[("daily-application", "day")] == DayStatus.PENDING


@pytest.mark.parametrize(("moment", "expected"), [
    (datetime(2026, 12, 4, 1, 0, tzinfo=UTC), (date(2026, 12, 4), Shift.DAY)),
    (datetime(2026, 12, 4, 12, 30, tzinfo=UTC), (date(2026, 12, 4), Shift.NIGHT)),
    (datetime(2026, 12, 4, 18, 0, tzinfo=UTC), (date(2026, 12, 4), Shift.NIGHT)),
    (datetime(2026, 12, 3, 23, 59, tzinfo=UTC), (date(2026, 12, 3), Shift.NIGHT)),
    (datetime(2026, 12, 4, 0, 0, tzinfo=UTC), (date(2026, 12, 4), Shift.DAY)),
])
def test_current_shift(moment, expected):
    assert current_shift(moment) == expected


def test_end_before_start_is_rejected(session, week):
    with pytest.raises(ValueError, match="before its start"):
        patrol_calendar(session, week, date(2026, 12, 7), date(2026, 12, 1), MORNING + timedelta(days=1))
