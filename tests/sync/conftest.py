"""Fixtures of the sync tests: consoles (each its own data dir) that sync with one center."""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from etc_console.catalog import load_catalog
from etc_console.config.model import SyncSettings
from etc_console.store.db import Database, open_database
from etc_console.store.writer import DbWriter
from etc_console.sync.round import RoundReport, SyncClient
from tests.servers.syncdb import PasswordSecrets


@dataclass
class Console:
    """One console's data dir, store, writer and sync client."""

    name: str
    data_dir: Path
    db: Database
    writer: DbWriter
    client: SyncClient

    def sync(self) -> RoundReport:
        return self.client.run_round()

    def write(self, operation):
        return self.writer.submit(operation).result()

    def close(self) -> None:
        self.client.close()
        self.writer.close()
        self.db.close()


@pytest.fixture
def make_console(tmp_path, center) -> Iterator:
    """Return a factory of consoles (by name) that sync with `center`; all close at the end."""
    consoles: list[Console] = []

    def make(name: str, settings: SyncSettings | None = None) -> Console:
        data_dir = tmp_path / name
        data_dir.mkdir(exist_ok=True)
        db = open_database(data_dir)
        writer = DbWriter(db.sessions, name=f"db-writer-{name}")
        chosen = settings or center.settings.model_copy(update={"device_name": name})
        console = Console(name, data_dir, db, writer, SyncClient(db, writer, chosen, data_dir, PasswordSecrets(center.password)))
        consoles.append(console)
        return console

    yield make
    for console in consoles:
        console.close()


@pytest.fixture(scope="session")
def catalog():
    return load_catalog()
