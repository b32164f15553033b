import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from etc_console.probes.model import Outcome, ProbeResult, State
from etc_console.store.db import alembic_config, open_database
from etc_console.store.history import latency_series, recent_results, record_results
from etc_console.store.models import ProbeResultRow, SettingRow
from etc_console.store.registry import metadata
from etc_console.store.writer import DbWriter, WriterClosedError


@pytest.fixture
def database(tmp_path):
    db = open_database(tmp_path)
    yield db
    db.close()


@pytest.fixture
def writer(database):
    writer = DbWriter(database.sessions)
    yield writer
    writer.close()


def result(at: datetime, latency: float = 12.5, state: State = State.OK) -> ProbeResult:
    outcome = Outcome(state=state, detail="HTTP 200", checked_at=at, latency_ms=latency)
    return ProbeResult("iss-auth/health", "iss-auth", "http", "health", outcome, state)


def test_database_uses_wal_and_latest_schema(database):
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        version = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert version == ScriptDirectory.from_config(alembic_config()).get_current_head()


def test_migrations_match_models(database):
    with database.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    assert differences == []


def test_reopen_keeps_data(tmp_path):
    db = open_database(tmp_path)
    with db.sessions.begin() as session:
        session.add(SettingRow(key="lang", value="en"))
    db.close()
    db = open_database(tmp_path)
    with db.sessions() as session:
        assert session.get(SettingRow, "lang").value == "en"
    db.close()


def test_times_come_back_aware_utc(database, writer):
    shanghai = timezone(timedelta(hours=8))
    at = datetime(2026, 12, 4, 8, 30, tzinfo=shanghai)
    writer.submit(lambda s: record_results(s, [result(at)], [])).result(timeout=5)
    with database.sessions() as session:
        [row] = recent_results(session, "iss-auth")
    assert row.checked_at.tzinfo is not None
    assert row.checked_at == at
    assert row.checked_at.utcoffset() == timedelta(0)
    assert row.checked_at.hour == 0


def test_naive_time_is_rejected(database, writer):
    future = writer.submit(lambda s: record_results(s, [result(datetime(2026, 1, 1))], []))
    with pytest.raises(Exception) as caught:
        future.result(timeout=5)
    assert "no time zone" in str(caught.value)
    with database.sessions() as session:
        assert session.scalars(select(ProbeResultRow)).all() == []


def test_writer_runs_in_order_on_one_thread(writer):
    threads, order = set(), []

    def operation(index):
        def run(session):
            threads.add(threading.current_thread().name)
            order.append(index)
        return run

    futures = [writer.submit(operation(i)) for i in range(50)]
    for future in futures:
        future.result(timeout=5)
    assert order == list(range(50))
    assert threads == {"db-writer"}


def test_writer_rejects_after_close(database):
    writer = DbWriter(database.sessions)
    writer.close()
    with pytest.raises(WriterClosedError):
        writer.submit(lambda s: None)


def test_failed_write_rolls_back_and_writer_goes_on(database, writer):
    def broken(session):
        session.add(SettingRow(key="a", value="1"))
        session.flush()
        raise ValueError("boom")

    with pytest.raises(ValueError):
        writer.submit(broken).result(timeout=5)
    writer.submit(lambda s: s.add(SettingRow(key="b", value="2"))).result(timeout=5)
    with database.sessions() as session:
        assert [row.key for row in session.scalars(select(SettingRow).where(SettingRow.key.in_(["a", "b"])))] == ["b"]


def test_latency_series_oldest_first(database, writer):
    start = datetime(2026, 12, 1, tzinfo=UTC)
    rows = [result(start + timedelta(minutes=i), latency=float(i)) for i in range(5)]
    writer.submit(lambda s: record_results(s, rows, [])).result(timeout=5)
    with database.sessions() as session:
        series = latency_series(session, "iss-auth", start + timedelta(minutes=2))
    assert [latency for _, latency, _ in series] == [2.0, 3.0, 4.0]


def test_copied_store_takes_new_device_id(tmp_path):
    import shutil

    from etc_console.store.syncable import device_id

    original_dir, copy_dir = tmp_path / "laptop", tmp_path / "copy"
    original_dir.mkdir()
    database = open_database(original_dir)
    with database.sessions.begin() as session:
        original = device_id(session)
    database.close()
    shutil.copytree(original_dir, copy_dir)

    reopened, copied = open_database(original_dir), open_database(copy_dir)
    try:
        with reopened.sessions.begin() as session:
            assert device_id(session) == original
        with copied.sessions.begin() as session:
            assert device_id(session) != original
    finally:
        reopened.close()
        copied.close()
