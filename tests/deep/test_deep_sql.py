"""SQL probe against a real PostgreSQL server on 127.0.0.1, and against SQLite files."""

import secrets
import socket
import sqlite3
import time

import pytest

from deep_specs import run, sql_spec
from etc_console.probes.deep import DeepRound
from etc_console.probes.model import ErrorClass, State

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def keyring_with_password(memory_keyring, postgres_server):
    memory_keyring.set_password("etc-console", "etc_probe", postgres_server.password)
    return memory_keyring


@pytest.fixture
def backlog(postgres_server):
    """A queue table of the test database with 3 pending rows; yields (table, add_rows)."""
    table = f"settlement_queue_{secrets.token_hex(4)}"
    with postgres_server.admin() as admin:
        admin.execute(f"CREATE TABLE {table} (id serial PRIMARY KEY, state text NOT NULL)")
        admin.execute(f"GRANT SELECT, INSERT ON {table} TO {postgres_server.user}")

        def add_rows(count: int) -> None:
            for _ in range(count):
                admin.execute(f"INSERT INTO {table} (state) VALUES ('pending')")

        add_rows(3)
        yield table, add_rows
        admin.execute(f"DROP TABLE {table}")


def count_rows(postgres_server, table) -> int:
    with postgres_server.admin() as admin:
        return admin.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


async def probe(spec):
    async with DeepRound() as deep:
        return await run(spec, deep)


# ------------------------------------------------------------------ PostgreSQL


@pytest.mark.parametrize(
    ("extra_rows", "expected"),
    [(0, State.OK), (5, State.WARNING), (10, State.DOWN)],
)
async def test_backlog_thresholds(postgres_server, keyring_with_password, backlog, extra_rows, expected):
    table, add_rows = backlog
    add_rows(extra_rows)
    spec = sql_spec(
        postgres_server.url, f"SELECT count(*) FROM {table} WHERE state = 'pending'",
        warn_above=5, down_above=10,
    )

    outcome = await probe(spec)

    assert outcome.state == expected
    assert f"returned {3 + extra_rows}" in outcome.detail
    assert f"etc_probe@127.0.0.1:{postgres_server.port}/etc" in outcome.detail


async def test_below_limits(postgres_server, keyring_with_password, backlog):
    table, _ = backlog
    spec = sql_spec(postgres_server.url, f"SELECT count(*) FROM {table}", warn_below=5, down_below=1)

    outcome = await probe(spec)

    assert outcome.state == State.WARNING
    assert "below warn_below 5" in outcome.detail


async def test_percent_sign_in_query(postgres_server, keyring_with_password, backlog):
    table, _ = backlog
    spec = sql_spec(postgres_server.url, f"SELECT count(*) FROM {table} WHERE state LIKE 'pend%'")

    outcome = await probe(spec)

    assert outcome.state == State.OK
    assert "returned 3" in outcome.detail


async def test_insert_rejected_read_only(postgres_server, keyring_with_password, backlog):
    table, _ = backlog
    spec = sql_spec(postgres_server.url, f"INSERT INTO {table} (state) VALUES ('probe') RETURNING 1")

    outcome = await probe(spec)

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG
    assert "read-only" in outcome.detail
    assert "cannot execute INSERT in a read-only transaction" in outcome.detail
    assert count_rows(postgres_server, table) == 3


async def test_commit_cannot_escape_read_only(postgres_server, keyring_with_password, backlog):
    table, _ = backlog
    spec = sql_spec(postgres_server.url, f"COMMIT; INSERT INTO {table} (state) VALUES ('probe'); SELECT 1")

    outcome = await probe(spec)

    # The COMMIT ends the READ ONLY transaction, but the session's default keeps the
    # INSERT that follows read-only too.
    assert outcome.state == State.UNKNOWN
    assert "cannot execute INSERT in a read-only transaction" in outcome.detail
    assert count_rows(postgres_server, table) == 3


async def test_statement_timeout_is_timeout(postgres_server, keyring_with_password):
    spec = sql_spec(postgres_server.url, "SELECT 1 FROM pg_sleep(5)", statement_timeout=0.5, timeout=3.0)

    started = time.monotonic()
    outcome = await probe(spec)
    elapsed = time.monotonic() - started

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.TIMEOUT
    assert "statement timeout of 0.5 s" in outcome.detail
    assert elapsed < 2.0


async def test_statement_timeout_defaults_to_budget(postgres_server, keyring_with_password):
    spec = sql_spec(postgres_server.url, "SELECT 1 FROM pg_sleep(5)", timeout=1.0)

    started = time.monotonic()
    outcome = await probe(spec)
    elapsed = time.monotonic() - started

    # Without statement_timeout the query gets what remains of the 1 s probe timeout.
    assert outcome.error_class == ErrorClass.TIMEOUT
    assert "statement timeout of 0." in outcome.detail
    assert elapsed < 2.0


async def test_two_values_rejected(postgres_server, keyring_with_password):
    outcome = await probe(sql_spec(postgres_server.url, "SELECT 1, 2"))

    assert outcome.state == State.UNKNOWN
    assert "one row with one column" in outcome.detail


async def test_invalid_query_is_config(postgres_server, keyring_with_password):
    outcome = await probe(sql_spec(postgres_server.url, "SELECT count(*) FROM no_such_table"))

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG
    assert "no_such_table" in outcome.detail


async def test_wrong_password_is_config(postgres_server, memory_keyring):
    memory_keyring.set_password("etc-console", "etc_probe", "not-the-password")

    outcome = await probe(sql_spec(postgres_server.url, "SELECT 1"))

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG
    assert "rejected the login" in outcome.detail
    assert "password authentication failed" in outcome.detail


async def test_missing_keyring_entry_is_config(postgres_server, memory_keyring):
    outcome = await probe(sql_spec(postgres_server.url, "SELECT 1"))

    assert outcome.state == State.UNKNOWN
    assert "keyring set etc-console etc_probe" in outcome.detail


async def test_refused_port_is_refused(memory_keyring):
    memory_keyring.set_password("etc-console", "etc_probe", "unused")
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]

    outcome = await probe(sql_spec(f"postgresql://etc_probe@127.0.0.1:{port}/etc", "SELECT 1"))

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.REFUSED


async def test_driverless_url_uses_psycopg(postgres_server, keyring_with_password):
    url = postgres_server.url.replace("postgresql+psycopg://", "postgresql://")

    outcome = await probe(sql_spec(url, "SELECT 42"))

    assert outcome.state == State.OK
    assert "returned 42" in outcome.detail


# ------------------------------------------------------------------ SQLite


@pytest.fixture
def sqlite_file(tmp_path):
    path = tmp_path / "queue.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE queue (id INTEGER PRIMARY KEY, state TEXT)")
        connection.executemany("INSERT INTO queue (state) VALUES (?)", [("pending",)] * 12)
    connection.close()
    return path


async def test_sqlite_count_over_limit(sqlite_file):
    spec = sql_spec(f"sqlite:///{sqlite_file}", "SELECT count(*) FROM queue", credential=None, down_above=10)

    outcome = await probe(spec)

    assert outcome.state == State.DOWN
    assert "value 12 is above down_above 10" in outcome.detail


async def test_sqlite_write_rejected(sqlite_file):
    spec = sql_spec(f"sqlite:///{sqlite_file}", "DELETE FROM queue RETURNING 1", credential=None)

    outcome = await probe(spec)

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG
    assert "read-only" in outcome.detail
    with sqlite3.connect(sqlite_file) as connection:
        assert connection.execute("SELECT count(*) FROM queue").fetchone()[0] == 12
    connection.close()


async def test_sqlite_missing_file_not_created(tmp_path):
    missing = tmp_path / "absent.db"

    outcome = await probe(sql_spec(f"sqlite:///{missing}", "SELECT 1", credential=None))

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.CONNECT
    assert not missing.exists()


async def test_sqlite_statement_timeout(sqlite_file):
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    spec = sql_spec(f"sqlite:///{sqlite_file}", endless, credential=None, statement_timeout=0.3, timeout=3.0)

    started = time.monotonic()
    outcome = await probe(spec)

    assert outcome.error_class == ErrorClass.TIMEOUT
    assert time.monotonic() - started < 2.0
