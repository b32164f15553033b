"""Open the local SQLite cache and bring its schema up to date."""

import logging
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from etc_console.paths import localdb_dir
from etc_console.store.syncable import claim_device_id, machine_fingerprint

log = logging.getLogger(__name__)

DB_FILE = "console.db"


def _set_sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_sqlite_engine(path: Path) -> Engine:
    """Return an engine on the SQLite file with WAL and foreign keys switched on."""
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


def alembic_config(script_dir: str = "local") -> Config:
    config = Config()
    config.set_main_option("script_location", str(localdb_dir() / script_dir))
    config.set_main_option("path_separator", "os")
    return config


def upgrade_schema(engine: Engine) -> None:
    """Apply every pending migration of the local schema."""
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


@dataclass
class Database:
    """The local cache: an engine, a session factory and the file it lives in."""

    path: Path
    engine: Engine
    sessions: sessionmaker[Session]

    def close(self) -> None:
        self.engine.dispose()


def open_database(data_dir: Path) -> Database:
    """Open (creating if needed) the cache in `data_dir` and migrate it to the latest schema."""
    path = data_dir / DB_FILE
    log.info("opening local store %s", path)
    engine = create_sqlite_engine(path)
    upgrade_schema(engine)
    sessions = sessionmaker(engine, expire_on_commit=False)
    with sessions.begin() as session:
        claim_device_id(session, machine_fingerprint(data_dir))
    return Database(path=path, engine=engine, sessions=sessions)
