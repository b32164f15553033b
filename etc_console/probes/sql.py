"""SQL probe: run a query that returns one value, read-only, and compare it with limits.

PostgreSQL runs the query in a transaction opened with SET TRANSACTION READ ONLY and
SET LOCAL statement_timeout, on a session whose default_transaction_read_only is on.
SQLite opens the file in read-only mode with PRAGMA query_only=ON and interrupts a
query at its statement timeout. Other databases are rejected when the site file is
read (config.model.SQL_BACKENDS). Every call here blocks; the probe round runs them
on worker threads. The password comes from the keyring and never appears in a message:
URLs are shown with render_as_string(hide_password=True).
"""

import logging
import math
import sqlite3
import threading
import urllib.parse
from decimal import Decimal

from sqlalchemy import create_engine, event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from etc_console.config.model import SqlProbe
from etc_console.probes.attempt import CheckResult, ProbeError, result_from_findings
from etc_console.probes.blocking import Deadline
from etc_console.probes.credentials import SecretProvider
from etc_console.probes.model import ErrorClass, Finding, State
from etc_console.probes.keyring_refs import probe_secret
from etc_console.probes.sql_errors import describe_connect_error, describe_query_error
from etc_console.probes.thresholds import judge_number, parse_number

log = logging.getLogger(__name__)

# SQLite calls the progress handler every this many virtual machine instructions.
SQLITE_PROGRESS_STEPS = 1000


def display_url(url: str | URL) -> str:
    """Return a URL for messages, with any password masked."""
    return make_url(url).render_as_string(hide_password=True)


class RunningQuery:
    """The DBAPI connection a probe is using, so another thread can interrupt it."""

    def __init__(self) -> None:
        self._connection = None
        self._lock = threading.Lock()

    def attach(self, connection) -> None:
        with self._lock:
            self._connection = connection

    def interrupt(self) -> None:
        """Ask the database to stop the running query (PostgreSQL cancel, SQLite interrupt)."""
        with self._lock:
            connection = self._connection
        if connection is None:
            return
        try:
            if isinstance(connection, sqlite3.Connection):
                connection.interrupt()
            else:
                connection.cancel()
        except Exception as error:  # the connection may already be closed
            log.debug("interrupting a query failed: %r", error)


class SqlEngines:
    """One SQLAlchemy engine per (URL, credential) within a round, disposed at close. Thread-safe."""

    def __init__(self) -> None:
        self._engines: dict[tuple, Engine] = {}
        self._lock = threading.Lock()

    def engine(self, params: SqlProbe, secrets: SecretProvider | None, connect_timeout: float) -> Engine:
        key = (params.url, params.credential)
        with self._lock:
            engine = self._engines.get(key)
        if engine is not None:
            return engine

        # The keyring is read outside the lock: it may block for seconds.
        password = probe_secret(params.credential, secrets) if params.credential is not None else None
        engine = make_engine(params.url, password, connect_timeout)
        with self._lock:
            existing = self._engines.setdefault(key, engine)
        if existing is not engine:
            engine.dispose()
        return existing

    def close(self) -> None:
        with self._lock:
            engines = list(self._engines.values())
            self._engines.clear()
        for engine in engines:
            engine.dispose()


def make_engine(url_text: str, password: str | None, connect_timeout: float) -> Engine:
    """Create the engine for a probe URL; postgresql:// without a driver uses psycopg 3."""
    url = make_url(url_text)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    if password is not None:
        url = url.set(password=password)

    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, connect_timeout)
    connect_args = {
        # libpq counts connect_timeout in whole seconds.
        "connect_timeout": max(1, math.ceil(connect_timeout)),
        "application_name": "etc-console probe",
        "options": "-c default_transaction_read_only=on",
    }
    return create_engine(url, connect_args=connect_args, hide_parameters=True, pool_size=2, max_overflow=8)


def _sqlite_engine(url: URL, connect_timeout: float) -> Engine:
    path = url.database or ""
    if not path or path == ":memory:":
        raise ProbeError(ErrorClass.CONFIG, "a SQLite URL must name a database file (sqlite:////path/to/file.db)", State.UNKNOWN)
    # NOTE: a relative path is taken from the console's working directory.
    uri = f"file:{urllib.parse.quote(path)}?mode=ro"

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(uri, uri=True, timeout=connect_timeout, check_same_thread=False)

    engine = create_engine("sqlite://", creator=connect, hide_parameters=True)
    event.listen(engine, "connect", _sqlite_query_only)
    return engine


def _sqlite_query_only(dbapi_connection, connection_record) -> None:
    dbapi_connection.execute("PRAGMA query_only=ON")


def query_rows(engine: Engine, query: str, statement_timeout: float, running: RunningQuery) -> list[tuple]:
    """Run the query read-only within `statement_timeout` seconds; roll back afterwards."""
    try:
        connection = engine.connect()
    except DBAPIError as error:
        raise describe_connect_error(error, display_url(engine.url)) from None

    with connection:
        running.attach(connection.connection.driver_connection)
        transaction = connection.begin()
        try:
            _start_read_only(connection, statement_timeout)
            # no_parameters passes the text to the driver untouched, so "%" needs no escaping.
            result = connection.execution_options(no_parameters=True).exec_driver_sql(query)
            return [tuple(row) for row in result.fetchall()]
        except SQLAlchemyError as error:
            raise describe_query_error(error, statement_timeout) from None
        finally:
            _remove_progress_handler(connection)
            transaction.rollback()


def _start_read_only(connection: Connection, statement_timeout: float) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        milliseconds = max(1, int(statement_timeout * 1000))
        connection.exec_driver_sql(f"SET LOCAL statement_timeout = {milliseconds}")
        return
    # SQLite: PRAGMA query_only is set on every new connection; the timeout interrupts.
    deadline = Deadline(statement_timeout)
    sqlite_connection = connection.connection.driver_connection
    sqlite_connection.set_progress_handler(lambda: 1 if deadline.expired() else 0, SQLITE_PROGRESS_STEPS)


def _remove_progress_handler(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.connection.driver_connection.set_progress_handler(None, 0)


def judge_rows(params: SqlProbe, rows: list[tuple]) -> CheckResult:
    """Check that the query returned one value and compare it with the limits."""
    source = display_url(params.url)
    if len(rows) != 1 or len(rows[0]) != 1:
        columns = len(rows[0]) if rows else 0
        detail = (
            f"the query on {source} must return one row with one column; it returned "
            f"{len(rows)} rows of {columns} columns"
        )
        return CheckResult(State.UNKNOWN, detail, ErrorClass.CONFIG)

    value = rows[0][0]
    number = _as_number(value)
    if number is None:
        if params.has_limits():
            return CheckResult(State.UNKNOWN, f"the query on {source} returned {_shorten(value)}, which is not a number", ErrorClass.CONTENT)
        return CheckResult(State.OK, f"the query on {source} returned {_shorten(value)}")

    finding = judge_number(number, params, "value")
    findings: list[Finding] = [finding]
    summary = f"the query on {source} returned {number:g}"
    return result_from_findings(summary, findings, ErrorClass.CONTENT)


def _as_number(value) -> float | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    if isinstance(value, str):
        return parse_number(value)
    return None


def _shorten(value, limit: int = 200) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_sql(params: SqlProbe, engine: Engine, statement_timeout: float, running: RunningQuery) -> CheckResult:
    """Run the probe's query on `engine` and judge the value it returned."""
    rows = query_rows(engine, params.query, statement_timeout, running)
    log.debug("query on %s returned %d rows", display_url(params.url), len(rows))
    return judge_rows(params, rows)

