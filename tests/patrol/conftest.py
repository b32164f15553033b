"""Fixtures of the patrol tests: a migrated store, its writer, templates and a clock."""

from datetime import UTC, datetime

import pytest

from etc_console.catalog import load_catalog
from etc_console.patrol.loader import load_checklists
from etc_console.store.db import open_database
from etc_console.store.writer import DbWriter

# 2026-12-04 09:00 in Asia/Shanghai: a Friday morning, inside the day shift.
MORNING = datetime(2026, 12, 4, 1, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()


@pytest.fixture(scope="session")
def checklists(catalog):
    loaded = load_checklists(subsystem_ids={s.id for s in catalog.subsystems})
    assert loaded.issues == []
    return loaded


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


@pytest.fixture
def session(database):
    with database.sessions.begin() as session:
        yield session
