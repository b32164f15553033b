"""A fresh center database for each sync test, on the session's real PostgreSQL (a pytest plugin).

The database is created empty for each test and brought to the central schema by the
same Alembic upgrade that `etc-console sync --upgrade-central` runs.
"""

import contextlib
import secrets
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from etc_console.config.model import KeyringRef, SyncSettings
from etc_console.sync.connection import upgrade_center


class PasswordSecrets:
    """A secret source holding one password, in place of the OS keyring for in-process tests."""

    def __init__(self, password: str):
        self._password = password

    def get_secret(self, ref: KeyringRef) -> str | None:
        return self._password


@dataclass
class CenterDb:
    settings: SyncSettings
    password: str
    server: object
    name: str

    def query(self, sql: str, *params):
        with self.server.admin(self.name) as admin:
            return admin.execute(sql, params or None).fetchall()


@pytest.fixture
def center(postgres_server) -> Iterator[CenterDb]:
    """An empty center database at the current central schema."""
    with new_center(postgres_server) as created:
        yield created


@contextlib.contextmanager
def new_center(postgres_server) -> Iterator[CenterDb]:
    """Create an empty center database at the current central schema; drop it afterwards."""
    name = f"center_{secrets.token_hex(4)}"
    with postgres_server.admin("postgres") as admin:
        admin.execute(f"CREATE DATABASE {name} OWNER {postgres_server.user}")
    settings = SyncSettings(
        url=f"postgresql://{postgres_server.user}@{postgres_server.host}:{postgres_server.port}/{name}",
        credential=KeyringRef(username=postgres_server.user), connect_timeout=5, timeout=30,
    )
    upgrade_center(settings, postgres_server.password)
    yield CenterDb(settings, postgres_server.password, postgres_server, name)
    with postgres_server.admin("postgres") as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


