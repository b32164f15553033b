"""central.push writes a batch in a few statements; these check what those statements store."""

import uuid

import pytest

from etc_console.sync import central
from etc_console.sync.connection import connect
from etc_console.sync.merge import Outcome

DEVICE = "device-a"


@pytest.fixture
def connection(center):
    opened = connect(center.settings, center.password)
    yield opened
    opened.close()


def change(record_id: str, revision: int, base: int, title: str) -> central.Change:
    return central.Change("incident", record_id, revision, base, DEVICE, "2026-12-04T01:00:00+00:00",
                          {"title": title, "deleted": False})


def test_push_assigns_sequence_in_order(connection, center):
    ids = [str(uuid.uuid4()) for _ in range(5)]
    central.push(connection, DEVICE, "console A", [change(record, 1, 0, f"事件 {n}") for n, record in enumerate(ids)], {})

    rows = center.query("SELECT record_id FROM sync_record ORDER BY seq")
    assert [record for (record,) in rows] == ids
    versions = center.query("SELECT record_id, revision, result FROM sync_version ORDER BY id")
    assert [record for record, _, _ in versions] == ids
    assert all(revision == 1 for _, revision, _ in versions)
    assert all(result is None for _, _, result in versions)


def test_push_same_record_twice(connection, center):
    record = str(uuid.uuid4())
    other = str(uuid.uuid4())
    batch = [change(record, 1, 0, "第一版"), change(other, 1, 0, "另一条"), change(record, 2, 1, "第二版")]

    results = central.push(connection, DEVICE, "console A", batch, {})

    assert [(r.record_id, r.outcome, r.revision) for r in results] == [
        (record, Outcome.APPLIED, 1), (other, Outcome.APPLIED, 1), (record, Outcome.APPLIED, 2)]
    stored = center.query("SELECT revision, data->>'title' FROM sync_record WHERE record_id = %s", record)
    assert stored == [(2, "第二版")]
    assert center.query("SELECT count(*) FROM sync_version WHERE record_id = %s", record) == [(2,)]
    pulled = central.pull(connection, 0, 10)
    assert sorted(r.record_id for r in pulled) == sorted([record, other])
