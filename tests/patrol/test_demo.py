"""Demo patrols: realistic shares of findings, late and open patrols."""

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from etc_console.demo import fill_demo_data
from etc_console.patrol.calendar import DayStatus, patrol_calendar
from etc_console.patrol.models import PatrolAnswerRow, PatrolRow
from etc_console.patrol.view import load_patrols
from etc_console.store.db import open_database
from etc_console.timeutil import DISPLAY_ZONE

NOW = datetime(2026, 12, 4, 9, 0, tzinfo=DISPLAY_ZONE)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("demo")
    summary = fill_demo_data(data_dir, 14, now=NOW, seed=11)
    assert summary.incidents is not None
    return data_dir, summary


def test_demo_covers_every_day(demo_dir):
    data_dir, summary = demo_dir
    database = open_database(data_dir)
    with database.sessions() as session:
        patrols = load_patrols(session, date(2026, 11, 21), date(2026, 12, 4))
    database.close()
    assert {p.patrol_date for p in patrols} == {date(2026, 11, 21 + n) for n in range(10)} | {date(2026, 12, n) for n in range(1, 5)}
    today = [p for p in patrols if p.patrol_date == date(2026, 12, 4)]
    assert {(p.template.id, p.shift.value) for p in today} >= {("daily-application", "day"), ("daily-platform", "day")}
    assert all(not p.submitted for p in today if p.shift.value == "day" and p.template.template.schedule == "daily")
    assert summary.patrols == len(patrols)


def test_demo_findings_are_a_small_share(demo_dir):
    data_dir, _ = demo_dir
    database = open_database(data_dir)
    with database.sessions() as session:
        total = session.scalar(select(func.count()).select_from(PatrolAnswerRow))
        abnormal = session.scalar(select(func.count()).select_from(PatrolAnswerRow).where(PatrolAnswerRow.result == "abnormal"))
        unnoted = session.scalar(select(func.count()).select_from(PatrolAnswerRow).where(PatrolAnswerRow.result == "abnormal", PatrolAnswerRow.note == ""))
    database.close()
    assert 0.01 < abnormal / total < 0.08
    assert unnoted == 0


def test_demo_has_late_patrols(demo_dir, checklists):
    data_dir, _ = demo_dir
    database = open_database(data_dir)
    with database.sessions() as session:
        days = patrol_calendar(session, checklists.templates.values(), date(2026, 11, 21), date(2026, 12, 3), NOW)
        submitted = session.scalar(select(func.count()).select_from(PatrolRow).where(PatrolRow.submitted_at.is_not(None)))
    database.close()
    statuses = [entry.status for day in days for entry in day.entries]
    assert statuses.count(DayStatus.LATE) >= 1
    assert statuses.count(DayStatus.DONE) > 2 * statuses.count(DayStatus.LATE)  # about 8% late, more with few samples
    assert submitted == statuses.count(DayStatus.DONE) + statuses.count(DayStatus.LATE)
