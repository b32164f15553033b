"""The lab's drop folder and business database, driven with explicit times."""

import os
from datetime import datetime, timedelta, timezone

import pytest

from etc_console.lab import Lab
from etc_console.lab.business import BACKLOG_QUERY, STATUS_LIST_AGE_QUERY, BusinessDatabase
from etc_console.lab.drops import BACKUP_DIR, SETTLEMENT_DIR, STATUS_LIST_DIR, DropFolder

NOW = datetime(2026, 3, 2, 9, 7, 30, tzinfo=timezone.utc)  # 17:07:30 China time


def names(folder):
    return sorted(path.name for path in folder.iterdir())


@pytest.fixture
def drops(tmp_path):
    return DropFolder(tmp_path / "drops", tmp_path / "withheld")


@pytest.fixture
def database(tmp_path):
    database = BusinessDatabase(tmp_path / "business.db")
    database.reset(datetime.now(timezone.utc))
    return database


def test_drops_follow_grid(drops):
    delivered = drops.refresh(NOW)
    settlement = names(drops.folder(SETTLEMENT_DIR))
    newest = drops.folder(SETTLEMENT_DIR) / settlement[-1]

    assert len(settlement) == 24  # six hours of batches every 15 minutes
    assert settlement[-1] == "CZ_6101_20260302_170000.xml.lz77"
    assert newest.stat().st_mtime == datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc).timestamp()
    assert names(drops.folder(STATUS_LIST_DIR))[-1] == "ZTMD_6101_202603021700.zip"
    assert names(drops.folder(BACKUP_DIR))[-1] == "stl_clearing_20260302_020000.dump.gz"
    assert len(names(drops.folder(BACKUP_DIR))) == 7
    assert len(delivered) == 24 + 36 + 7


def test_drops_refresh_delivers_due_files(drops):
    drops.refresh(NOW)

    delivered = drops.refresh(NOW + timedelta(minutes=16))

    assert sorted(item.name for item in delivered) == [
        "CZ_6101_20260302_171500.xml.lz77", "ZTMD_6101_202603021710.zip", "ZTMD_6101_202603021720.zip",
    ]
    assert "CZ_6101_20260302_111500.xml.lz77" in names(drops.folder(SETTLEMENT_DIR))


def test_drops_remove_expired_files(drops):
    drops.refresh(NOW)

    drops.refresh(NOW + timedelta(days=3))

    assert names(drops.folder(SETTLEMENT_DIR))[0] == "CZ_6101_20260305_111500.xml.lz77"
    assert len(names(drops.folder(BACKUP_DIR))) == 7


def test_withhold_and_restore_settlement(drops):
    drops.refresh(NOW)
    before = names(drops.folder(SETTLEMENT_DIR))

    withheld = drops.withhold_settlement(NOW)
    during = names(drops.folder(SETTLEMENT_DIR))
    late = drops.refresh(NOW + timedelta(minutes=30))
    restored = drops.restore_settlement()
    after = names(drops.folder(SETTLEMENT_DIR))

    assert withheld == before[-5:]  # 16:00 .. 17:00, all within 75 minutes of 17:07:30
    assert during == before[:-5]
    assert [item.kind for item in late] == [STATUS_LIST_DIR] * 3
    assert sorted(item.name for item in restored) == withheld
    assert after == before


def test_restored_file_keeps_mtime(drops):
    drops.refresh(NOW)
    drops.withhold_settlement(NOW)

    restored = drops.restore_settlement()

    assert max(item.slot for item in restored) == datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def test_backlog_counts_and_clears(database):
    normal = database.scalar(BACKLOG_QUERY)

    database.set_backlog(True, datetime.now(timezone.utc))
    during = database.scalar(BACKLOG_QUERY)
    database.refresh(datetime.now(timezone.utc) + timedelta(minutes=5))
    grown = database.scalar(BACKLOG_QUERY)
    database.set_backlog(False, datetime.now(timezone.utc))
    after = database.scalar(BACKLOG_QUERY)

    assert 0 < normal < 500
    assert during > 6000
    assert grown >= during + 5 * 40
    assert after == 0


def test_status_list_age_and_staleness(database):
    fresh = database.scalar(STATUS_LIST_AGE_QUERY)

    database.set_status_list_stale(True, datetime.now(timezone.utc))
    stale = database.scalar(STATUS_LIST_AGE_QUERY)
    database.refresh(datetime.now(timezone.utc))
    still_stale = database.scalar(STATUS_LIST_AGE_QUERY)
    database.set_status_list_stale(False, datetime.now(timezone.utc))
    cleared = database.scalar(STATUS_LIST_AGE_QUERY)

    assert 3 <= fresh <= 13.5  # generated every 10 minutes, uploaded 3 minutes later
    assert stale >= 150  # the newest upload left is at least STALE_WINDOW old, exactly so when a slot falls on it
    assert still_stale == stale
    assert cleared <= 13.5


def test_settlement_files_registered(database, drops):
    delivered = drops.refresh(NOW)

    database.record_files(delivered, NOW)
    database.forget_files(["CZ_6101_20260302_170000.xml.lz77"])

    assert database.scalar("SELECT COUNT(*) FROM settlement_file") == 23
    assert database.scalar("SELECT MAX(received_at) FROM settlement_file") == "2026-03-02 08:45:00"
    assert database.scalar("SELECT COUNT(DISTINCT clearing_date) FROM settlement_file") == 1


def test_reset_clears_earlier_faults(database):
    database.set_backlog(True, datetime.now(timezone.utc))

    database.reset(datetime.now(timezone.utc))

    assert database.scalar(BACKLOG_QUERY) < 500
    assert not database.backlog


def test_check_lab_keeps_shared_data(catalog, tmp_path):
    with Lab(catalog, tmp_path, control=False) as lab:
        private = lab.deep_targets.database.path.parent
        lab.set_fault("stl-transfer", "backlog")

    assert private.parent == tmp_path / "lab"
    assert private.name.startswith(f"check-{os.getpid()}-")
    assert not private.exists()
    assert not (tmp_path / "lab" / "business.db").exists()
