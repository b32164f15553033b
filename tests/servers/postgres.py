"""A real PostgreSQL server on 127.0.0.1 for the deep probe tests (a pytest plugin).

initdb and pg_ctl refuse to run as root, so they run as the `postgres` account on a
data folder it owns. The server listens on 127.0.0.1 at a port chosen at run time and
on a private Unix socket folder. TCP logins need a password (scram-sha-256); the
socket trusts the superuser, which the fixture uses to create the test role and
database. `pg_ctl start -w` returns once the server accepts connections, and
`pg_ctl stop` stops it by the pid in its own postmaster.pid. The benchmarks start
their server with the same `running_postgres` context manager; outside pytest a
failed step raises pytest's Failed exception with the same message.
"""

import contextlib
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from tests.servers.common import free_port, require_program, require_root, shared_temp_dir

POSTGRES_ROOT = Path("/usr/lib/postgresql")
SERVICE_USER = "postgres"
START_TIMEOUT = 60


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    password: str
    database: str
    socket_dir: Path

    @property
    def url(self) -> str:
        """A SQLAlchemy URL of the test role, without its password."""
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{self.database}"

    def admin(self, database: str | None = None) -> psycopg.Connection:
        """Return an autocommit superuser connection over the Unix socket."""
        return psycopg.connect(
            host=str(self.socket_dir), port=self.port, user=SERVICE_USER,
            dbname=database or self.database, autocommit=True,
        )


def _bin_dir() -> Path:
    versions = sorted(POSTGRES_ROOT.glob("*/bin/pg_ctl"), key=lambda path: int(path.parts[-3]))
    if not versions:
        pytest.fail(f"no PostgreSQL server under {POSTGRES_ROOT}: install the Debian package postgresql (make test installs it)")
    return versions[-1].parent


def _as_service_user(command: list[str], workdir: Path) -> subprocess.CompletedProcess:
    require_program("runuser", "util-linux")
    result = subprocess.run(
        ["runuser", "-u", SERVICE_USER, "--", *command], cwd=workdir, capture_output=True, text=True,
    )
    if result.returncode != 0:
        pytest.fail(f"{' '.join(command)} failed with exit status {result.returncode}:\n{result.stdout}\n{result.stderr}")
    return result


def _owned_dir(path: Path) -> Path:
    path.mkdir(mode=0o700)
    shutil.chown(path, SERVICE_USER)
    return path


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server with a password-protected role and its database."""
    with running_postgres() as server:
        yield server


@contextlib.contextmanager
def running_postgres() -> Iterator[PostgresServer]:
    """Start a PostgreSQL server with a password-protected role and its database; stop and remove it afterwards."""
    require_root("postgres")
    bin_dir = _bin_dir()
    workdir = shared_temp_dir("etc-console-postgres-")
    data_dir, socket_dir, log_dir = (_owned_dir(workdir / name) for name in ("data", "socket", "log"))
    port = free_port()

    _as_service_user(
        [str(bin_dir / "initdb"), "-D", str(data_dir), "-U", SERVICE_USER, "--auth-local=trust",
         "--auth-host=scram-sha-256", "--no-locale", "-E", "UTF8", "--no-sync"],
        workdir,
    )
    options = f"-p {port} -k {socket_dir} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = str(bin_dir / "pg_ctl")
    _as_service_user([pg_ctl, "-D", str(data_dir), "-l", str(log_dir / "server.log"), "-w", "-t", str(START_TIMEOUT), "-o", options, "start"], workdir)
    try:
        yield _create_role(port, socket_dir)
    finally:
        _as_service_user([pg_ctl, "-D", str(data_dir), "-m", "fast", "-w", "stop"], workdir)
        shutil.rmtree(workdir, ignore_errors=True)


def _create_role(port: int, socket_dir: Path) -> PostgresServer:
    server = PostgresServer("127.0.0.1", port, "etc_probe", secrets.token_urlsafe(16), "etc", socket_dir)
    with server.admin("postgres") as admin:
        admin.execute(f"CREATE ROLE {server.user} LOGIN PASSWORD '{server.password}'")
        admin.execute(f"CREATE DATABASE {server.database} OWNER {server.user}")
    return server
