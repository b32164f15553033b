from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from etc_console.probes.model import Outcome, ProbeResult, State
from etc_console.store.availability import availability, monthly_availability
from etc_console.store.db import open_database
from etc_console.store.history import record_results
from etc_console.store.models import ProbeResultRow, Rollup1hRow, Rollup5mRow, StateChangeRow
from etc_console.store.rollup import Retention, bucket_series, prune_history

T0 = datetime(2026, 11, 2, 0, 0, tzinfo=UTC)


@pytest.fixture
def database(tmp_path):
    db = open_database(tmp_path)
    yield db
    db.close()


def result(at: datetime, latency: float | None, state: State = State.OK, subsystem: str = "iss-auth") -> ProbeResult:
    outcome = Outcome(state=state, detail="", checked_at=at, latency_ms=latency)
    return ProbeResult(f"{subsystem}/p", subsystem, "http", "p", outcome, state)


def change(at: datetime, new: State, subsystem: str = "iss-auth") -> StateChangeRow:
    return StateChangeRow(subsystem_id=subsystem, probe_id=None, old_state=None, new_state=new.value, detail="", changed_at=at)


def test_rollups_sum_checks_failures_and_latency(database):
    rows = [
        result(T0 + timedelta(seconds=10), 10.0),
        result(T0 + timedelta(seconds=70), 30.0),
        result(T0 + timedelta(seconds=130), None, State.DOWN),
        result(T0 + timedelta(minutes=6), 50.0),
    ]
    with database.sessions.begin() as session:
        record_results(session, rows[:2], [])
    with database.sessions.begin() as session:
        record_results(session, rows[2:], [])

    with database.sessions() as session:
        minutes = bucket_series(session, "iss-auth", T0, T0 + timedelta(hours=1))
        hours = bucket_series(session, "iss-auth", T0, T0 + timedelta(hours=1), hourly=True)

    assert minutes.start == [int(T0.timestamp()), int(T0.timestamp()) + 300]
    assert minutes.checks == [3, 1]
    assert minutes.failures == [1, 0]
    assert (minutes.latency_min, minutes.latency_max, minutes.latency_avg) == ([10.0, 50.0], [30.0, 50.0], [20.0, 50.0])
    assert (hours.checks, hours.failures, hours.latency_min, hours.latency_max) == ([4], [1], [10.0], [50.0])
    assert hours.latency_avg == [pytest.approx(30.0)]


def test_availability_excludes_maintenance_and_unknown(database):
    with database.sessions.begin() as session:
        session.add_all([
            change(T0, State.OK),
            change(T0 + timedelta(hours=2), State.DOWN),
            change(T0 + timedelta(hours=3), State.OK),
            change(T0 + timedelta(hours=10), State.MAINTENANCE),
            change(T0 + timedelta(hours=12), State.OK),
            change(T0 + timedelta(hours=20), State.UNKNOWN),
        ])
    with database.sessions() as session:
        result_ = availability(session, "iss-auth", T0, T0 + timedelta(hours=24))
    assert result_.maintenance_seconds == 2 * 3600
    assert result_.down_seconds == 3600
    assert result_.observed_seconds == 18 * 3600
    assert result_.ratio == pytest.approx(17 / 18)


def test_availability_uses_state_before_period(database):
    with database.sessions.begin() as session:
        session.add(change(T0 - timedelta(days=3), State.DOWN))
    with database.sessions() as session:
        result_ = availability(session, "iss-auth", T0, T0 + timedelta(hours=1))
    assert result_.ratio == 0.0


def test_monthly_availability_splits_local_days(database):
    # 2026-11-02 00:00 UTC is 08:00 in Shanghai; a DOWN hour at 16:30 UTC (00:30 local, Nov 3).
    with database.sessions.begin() as session:
        session.add_all([
            change(datetime(2026, 10, 31, 16, 0, tzinfo=UTC), State.OK),
            change(datetime(2026, 11, 2, 16, 30, tzinfo=UTC), State.DOWN),
            change(datetime(2026, 11, 2, 17, 30, tzinfo=UTC), State.OK),
        ])
    with database.sessions() as session:
        month, days = monthly_availability(session, "iss-auth", 2026, 11)
    assert len(days) == 30
    assert days[1].ratio == 1.0
    assert days[2].down_seconds == 3600
    assert month.down_seconds == 3600
    assert month.observed_seconds == 30 * 86400


def test_prune_keeps_recent_and_drops_old(database):
    now = T0 + timedelta(days=40)
    with database.sessions.begin() as session:
        record_results(session, [result(T0, 5.0), result(now - timedelta(hours=1), 6.0)], [])
    with database.sessions.begin() as session:
        deleted = prune_history(session, now, Retention(raw_days=3, five_minute_days=35, hourly_days=800))
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ProbeResultRow)) == 1
        assert session.scalar(select(func.count()).select_from(Rollup5mRow)) == 1
        assert session.scalar(select(func.count()).select_from(Rollup1hRow)) == 2
    assert deleted == 2


def test_prune_works_in_chunks(database):
    now = T0 + timedelta(days=10)
    with database.sessions.begin() as session:
        record_results(session, [result(T0 + timedelta(seconds=i), 1.0) for i in range(25)], [])
    with database.sessions.begin() as session:
        assert prune_history(session, now, batch=10) == 10
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(ProbeResultRow)) == 15


def test_current_month_counts_only_time_until_now(database):
    with database.sessions.begin() as session:
        session.add(change(datetime(2026, 10, 31, 16, 0, tzinfo=UTC), State.OK))
    now = datetime(2026, 11, 10, 4, 0, tzinfo=UTC)  # 12:00 on Nov 10 in Shanghai
    with database.sessions() as session:
        month, days = monthly_availability(session, "iss-auth", 2026, 11, now=now)
    assert days[8].observed_seconds == 86400
    assert days[9].observed_seconds == 12 * 3600
    assert days[10].observed_seconds == 0
    assert days[10].ratio is None
    assert month.observed_seconds == 9 * 86400 + 12 * 3600
