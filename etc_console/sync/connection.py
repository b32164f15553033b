"""Reach the center's PostgreSQL: connect, check its schema, upgrade it.

The URL comes from the site file and the password from the keyring. Connections use
short connect timeouts, TCP keepalives and a statement timeout, so a dead link or a
silent peer ends a round with an error instead of hanging it.
"""

import logging
import uuid
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

import psycopg
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine
from sqlalchemy.engine import URL, make_url

from etc_console.config.model import SyncSettings
from etc_console.store.db import alembic_config

log = logging.getLogger(__name__)

CENTRAL_SCRIPTS = "central"


class Problem(StrEnum):
    UNREACHABLE = "unreachable"        # no answer, refused, DNS, or the link broke
    LOGIN = "login"                    # the center refused the user or password
    NO_PASSWORD = "no_password"        # the keyring has no usable entry
    NOT_INITIALISED = "not_initialised"
    SCHEMA_MISMATCH = "schema_mismatch"
    FAILED = "failed"                  # anything else the center reported
    LOCAL = "local"                    # a fault on this console while it handled the round's data


class SyncError(Exception):
    """A failed round: `problem` is the kind of failure, and the message explains what to do."""

    def __init__(self, problem: Problem, message: str):
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True)
class Center:
    """The center's identity, as read when a round starts."""

    instance_id: str
    schema_revision: str
    last_seq: int = 0  # the last change number the center handed out


def target(settings: SyncSettings) -> str:
    """Return user@host:port/database for messages (never a password)."""
    url = make_url(settings.url)
    return f"{url.username or ''}@{url.host or 'localhost'}:{url.port or 5432}/{url.database or ''}"


def connect(settings: SyncSettings, password: str | None) -> psycopg.Connection:
    """Open an autocommit connection to the center; raise SyncError with the reason."""
    url = make_url(settings.url)
    timeout_ms = int(settings.timeout * 1000)
    try:
        connection = psycopg.connect(
            host=url.host or "localhost", port=url.port or 5432, user=url.username, dbname=url.database,
            password=password, connect_timeout=max(1, round(settings.connect_timeout)),
            application_name="etc-console sync", autocommit=True,
            keepalives=1, keepalives_idle=10, keepalives_interval=3, keepalives_count=3,
            tcp_user_timeout=timeout_ms, options=f"-c statement_timeout={timeout_ms}",
        )
    except psycopg.OperationalError as error:
        raise describe(error, settings) from None
    # Plan each statement afresh: a prepared statement's generic plan, made while a new
    # center's tables were nearly empty, would keep scanning whole tables as they grow.
    connection.prepare_threshold = None
    log.info("connected to the center %s", target(settings))
    return connection


def describe(error: Exception, settings: SyncSettings) -> SyncError:
    """Turn a driver error into a SyncError that names the center and what to do."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    where = target(settings)
    if "database" in text and "does not exist" in text:
        return SyncError(Problem.NOT_INITIALISED, f"the center {where} has no such database ({text}); create it "
                                                  "(CREATE DATABASE ... OWNER ...) or correct the database in [sync] url")
    if "password authentication failed" in text or "no password supplied" in text or "role" in text and "does not exist" in text:
        where_password = ("the password in the keyring entry named by [sync] credential" if settings.credential
                          else "[sync] credential: it is missing, so no password was sent")
        return SyncError(Problem.LOGIN, f"the center {where} rejected the login ({text}); check the user in [sync] url "
                                        f"and {where_password}")
    if isinstance(error, psycopg.OperationalError):
        return SyncError(Problem.UNREACHABLE, f"the center {where} cannot be reached ({text}); "
                                              "records wait in the outbox and the next round retries")
    return SyncError(Problem.FAILED, f"the center {where} reported an error ({type(error).__name__}: {text})")


@cache
def expected_revision() -> str:
    """Return the central schema revision this console was built for (the Alembic head)."""
    return ScriptDirectory.from_config(alembic_config(CENTRAL_SCRIPTS)).get_current_head()


def check_center(connection: psycopg.Connection, settings: SyncSettings) -> Center:
    """Return the center's identity; raise SyncError unless its schema is the expected one."""
    revision = _check_schema(connection, settings)
    try:
        instance, last_seq = connection.execute(
            "SELECT (SELECT value FROM sync_meta WHERE key = 'instance_id'), "
            "(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM sync_change_seq)"
        ).fetchone()
    except psycopg.Error as error:
        raise describe(error, settings) from None
    if instance is None:
        raise SyncError(Problem.NOT_INITIALISED, f"the center {target(settings)} has lost its identity (no instance_id "
                                                 "row in sync_meta); give it a new one with `etc-console sync --reset-center-id`")
    return Center(instance, revision, last_seq)


def _check_schema(connection: psycopg.Connection, settings: SyncSettings) -> str:
    """Return the center's schema revision; raise SyncError when it has none or another one."""
    where = target(settings)
    expected = expected_revision()
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except psycopg.errors.UndefinedTable:
        raise SyncError(Problem.NOT_INITIALISED, f"the center {where} has no sync tables yet; create them with "
                                                 "`etc-console sync --upgrade-central` (needs rights to create tables)") from None
    except psycopg.Error as error:
        raise describe(error, settings) from None
    found = row[0] if row else "none"
    if found != expected:
        raise SyncError(Problem.SCHEMA_MISMATCH, _mismatch(where, found, expected))
    return found


def _mismatch(where: str, found: str, expected: str) -> str:
    known = {script.revision for script in ScriptDirectory.from_config(alembic_config(CENTRAL_SCRIPTS)).walk_revisions()}
    if found in known:
        fix = "the center is older: run `etc-console sync --upgrade-central` from this console"
    else:
        fix = ("this console does not know that revision, so the center is most likely newer: install the newer "
               "etc-console on this machine; if the center is older, run `etc-console sync --upgrade-central`")
    return f"the center {where} has sync schema {found}, this console needs {expected}; sync is rejected until both match ({fix})"


def reset_center_identity(settings: SyncSettings, password: str | None) -> str:
    """Give the center a new identity, so every console pulls and pushes everything again; return it.

    Run it after the center was restored from a backup: consoles then send what the
    backup lacks, instead of trusting pull cursors that point past the restored data.
    """
    connection = connect(settings, password)
    try:
        _check_schema(connection, settings)
        identity = str(uuid.uuid4())
        connection.execute(
            "INSERT INTO sync_meta (key, value) VALUES ('instance_id', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [identity],
        )
    except psycopg.Error as error:
        raise describe(error, settings) from None
    finally:
        connection.close()
    log.warning("the center %s has the new identity %s; every console will send and fetch everything again",
                target(settings), identity)
    return identity


def upgrade_center(settings: SyncSettings, password: str | None) -> str:
    """Create or migrate the center's schema to this console's revision; return it."""
    url: URL = make_url(settings.url).set(drivername="postgresql+psycopg", password=password)
    engine = create_engine(url, connect_args={"connect_timeout": max(1, round(settings.connect_timeout))})
    config = alembic_config(CENTRAL_SCRIPTS)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except Exception as error:  # reported with the center's address, never the URL with its password
        raise describe(getattr(error, "orig", None) or error, settings) from None
    finally:
        engine.dispose()
    log.info("the center %s schema is at %s", target(settings), expected_revision())
    return expected_revision()
