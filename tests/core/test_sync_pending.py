"""pending_by_table: the records waiting in the outbox, counted per table."""

import pytest
from sqlalchemy import func, select

from etc_console.store.db import open_database
from etc_console.sync import local
from etc_console.sync.models import SyncOutboxRow


@pytest.fixture
def database(tmp_path):
    db = open_database(tmp_path)
    yield db
    db.close()


def queue(database, *keys: tuple[str, str]) -> None:
    with database.sessions.begin() as session:
        session.add_all(SyncOutboxRow(table_name=table, record_id=record) for table, record in keys)


def test_empty_outbox_has_no_tables(database):
    with database.sessions() as session:
        assert local.pending_by_table(session) == {}


def test_counts_each_record_once_per_table(database):
    queue(database, ("incident", "a"), ("incident", "b"), ("incident", "a"),
          ("incident_timeline", "t1"), ("patrol", "a"))
    with database.sessions() as session:
        by_table = local.pending_by_table(session)
        total = local.pending_count(session)

    assert by_table == {"incident": 2, "incident_timeline": 1, "patrol": 1}
    assert sum(by_table.values()) == total


def test_acknowledged_records_leave_the_count(database):
    queue(database, ("incident", "a"), ("patrol", "p"))
    with database.sessions.begin() as session:
        first_seq = session.scalar(select(func.min(SyncOutboxRow.seq)))
        local.acknowledge(session, first_seq)
    with database.sessions() as session:
        assert local.pending_by_table(session) == {"patrol": 1}
