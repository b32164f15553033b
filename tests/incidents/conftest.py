"""Fixtures of the incident and runbook tests: a store, the catalog, the runbooks and a fixed clock."""

import shutil
from datetime import UTC, datetime, timedelta

import pytest

from etc_console.catalog import load_catalog
from etc_console.incidents.contract import load_contract
from etc_console.runbooks.loader import load_runbooks
from etc_console.store.db import DB_FILE, open_database

# A Tuesday afternoon in Xi'an (15:30 Asia/Shanghai).
NOW = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)


class FakeClock:
    """A clock the test moves by hand; never sleeps."""

    def __init__(self, start: datetime = NOW):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> datetime:
        self.now += timedelta(**delta)
        return self.now


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def runbooks():
    return load_runbooks()


@pytest.fixture(scope="session")
def contract():
    return load_contract()


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory):
    """A store migrated once; each test gets a copy, which skips most of the migration time."""
    folder = tmp_path_factory.mktemp("migrated")
    open_database(folder).close()
    return folder / DB_FILE


@pytest.fixture
def database(tmp_path, migrated_file):
    shutil.copyfile(migrated_file, tmp_path / DB_FILE)
    db = open_database(tmp_path)
    yield db
    db.close()
