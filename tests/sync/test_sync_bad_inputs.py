"""Rounds against a wrong schema, a missing schema, a wrong password, a dead or silent server, and bad site files.

Each case must fail with its Problem and a message that explains what to do, keep the
outbox as it was, and, from the command line, exit with its documented status.
"""

import secrets
import socket
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy.engine import make_url

from etc_console.config import ConfigError, parse_site
from etc_console.sync import local
from etc_console.sync.connection import Problem, SyncError, expected_revision
from etc_console.sync.round import SyncClient
from tests.incidents.incident_helpers import create
from tests.servers.filekeyring import FILE_ENV
from tests.servers.syncdb import PasswordSecrets
from tests.sync.sync_process import keyring_env, run_sync, write_site

NOW = datetime(2026, 12, 1, 7, 30, tzinfo=UTC)
EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


def set_center_revision(center, revision: str) -> None:
    with center.server.admin(center.name) as admin:
        admin.execute("UPDATE alembic_version SET version_num = %s", [revision])


def pending(console) -> int:
    with console.db.sessions() as session:
        return local.pending_count(session)


def moved(settings, port: int):
    url = make_url(settings.url).set(port=port).render_as_string(hide_password=False)
    return settings.model_copy(update={"url": url, "connect_timeout": 1})


def timed_failure(console) -> tuple[SyncError, float]:
    """Run a round that must fail; return its error and the seconds it took."""
    began = time.monotonic()
    with pytest.raises(SyncError) as failure:
        console.sync()
    return failure.value, time.monotonic() - began


@pytest.fixture
def empty_database(postgres_server):
    """A database of the test role with no sync tables; dropped afterwards."""
    name = f"empty_{secrets.token_hex(4)}"
    with postgres_server.admin("postgres") as admin:
        admin.execute(f"CREATE DATABASE {name} OWNER {postgres_server.user}")
    yield name
    with postgres_server.admin("postgres") as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.mark.parametrize("found", ["c9999_newer", "c0000_older"])
def test_schema_mismatch_refused(make_console, catalog, center, found):
    console = make_console("laptop")
    console.write(lambda s: create(s, catalog, NOW))
    waiting = pending(console)
    set_center_revision(center, found)

    with pytest.raises(SyncError) as failure:
        console.sync()

    assert failure.value.problem is Problem.SCHEMA_MISMATCH
    assert found in str(failure.value)
    assert expected_revision() in str(failure.value)
    assert "--upgrade-central" in str(failure.value)
    assert pending(console) == waiting
    assert center.query("SELECT count(*) FROM sync_record") == [(0,)]


def test_uninitialised_center_then_upgrade(make_console, catalog, center, empty_database, tmp_path):
    settings = center.settings.model_copy(update={
        "url": make_url(center.settings.url).set(database=empty_database).render_as_string(hide_password=False)})
    console = make_console("laptop", settings)
    console.write(lambda s: create(s, catalog, NOW))

    with pytest.raises(SyncError) as failure:
        console.sync()
    assert failure.value.problem is Problem.NOT_INITIALISED
    assert "--upgrade-central" in str(failure.value)

    env = keyring_env(tmp_path, settings, center.password)
    site = write_site(tmp_path / "site.toml", settings, "laptop")
    result = run_sync(tmp_path / "cli", site, env, "--upgrade-central")
    assert result.returncode == EXIT_OK, result.stderr
    assert f"center sync schema at {expected_revision()}" in result.stdout
    console.client.close()
    report = console.sync()
    assert report.pushed == 2, report
    assert report.pending == 0, report


def test_wrong_password_is_login_problem(make_console, catalog, center):
    console = make_console("laptop")
    console.write(lambda s: create(s, catalog, NOW))
    client = SyncClient(console.db, console.writer, center.settings, console.data_dir, PasswordSecrets("not-the-password"))
    try:
        with pytest.raises(SyncError) as failure:
            client.run_round()
    finally:
        client.close()
    assert failure.value.problem is Problem.LOGIN
    assert "keyring entry named by [sync] credential" in str(failure.value)
    assert "not-the-password" not in str(failure.value)
    assert pending(console) == 2


def test_dead_server_fails_fast(make_console, catalog, center):
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    console = make_console("laptop", moved(center.settings, port))
    console.write(lambda s: create(s, catalog, NOW))

    error, elapsed = timed_failure(console)

    assert error.problem is Problem.UNREACHABLE
    assert f"127.0.0.1:{port}/" in str(error)
    assert elapsed < 2.0, f"a refused connection took {elapsed:.1f} s to report"
    assert pending(console) == 2


def test_silent_peer_times_out(make_console, catalog, center):
    """A peer that completes the TCP handshake (the listen backlog does) but never sends a byte."""
    with socket.create_server(("127.0.0.1", 0)) as silent:
        settings = moved(center.settings, silent.getsockname()[1])
        console = make_console("laptop", settings)
        console.write(lambda s: create(s, catalog, NOW))

        error, elapsed = timed_failure(console)

    assert error.problem is Problem.UNREACHABLE
    assert "timeout" in str(error)
    # psycopg applies connect_timeout to each address it tries, and 127.0.0.1 is the only one.
    assert elapsed < settings.connect_timeout + 2, f"the silent peer held the round {elapsed:.1f} s"
    assert pending(console) == 2


def test_password_in_url_rejected():
    text = '[sync]\nurl = "postgresql://etc_sync:secret@10.10.1.20:5432/etc_center"\n'
    with pytest.raises(ConfigError) as failure:
        parse_site(text, "site.toml")
    assert "password" in str(failure.value)
    assert "secret" not in str(failure.value)


def test_cli_exit_codes_and_counts(make_console, catalog, center, tmp_path):
    env = keyring_env(tmp_path, center.settings, center.password)
    data_dir = tmp_path / "cli"
    console = make_console("cli")
    console.write(lambda s: create(s, catalog, NOW))

    site = write_site(tmp_path / "site.toml", center.settings, "cli")
    result = run_sync(data_dir, site, env)
    assert result.returncode == EXIT_OK, result.stderr
    assert "已推送 2 条，已拉取 0 条，新冲突 0 条" in result.stdout
    assert "pushed 2 (0 already on the center), pulled 0, conflicts 0 (open conflicts 0, still pending 0)" in result.stdout

    result = run_sync(data_dir, site, env, "--reset-center-id")
    assert result.returncode == EXIT_OK, result.stderr
    assert "已换用新标识" in result.stdout
    result = run_sync(data_dir, site, env)
    assert result.returncode == EXIT_OK, result.stderr
    assert "已推送 2 条（其中 2 条中心已有）" in result.stdout
    assert "all 2 records sent again" in result.stdout

    with socket.create_server(("127.0.0.1", 0)) as probe:
        dead_port = probe.getsockname()[1]
    dead = write_site(tmp_path / "dead.toml", center.settings, "cli",
                      url=make_url(center.settings.url).set(port=dead_port).render_as_string(hide_password=False))
    result = run_sync(data_dir, dead, env)
    assert result.returncode == EXIT_FAILED
    assert "同步失败：无法连接省中心，记录留在本机，下次同步时重试 (sync failed, unreachable)" in result.stderr

    no_sync = tmp_path / "no-sync.toml"
    no_sync.write_text('[site]\nname = "测试站"\n', encoding="utf-8")
    result = run_sync(data_dir, no_sync, env)
    assert result.returncode == EXIT_CONFIG
    assert "no [sync] table" in result.stderr

    with_password = tmp_path / "password.toml"
    with_password.write_text('[sync]\nurl = "postgresql://etc_sync:secret@127.0.0.1:5432/etc_center"\n', encoding="utf-8")
    result = run_sync(data_dir, with_password, env)
    assert result.returncode == EXIT_CONFIG
    assert "password" in result.stderr

    no_entry = {**env, FILE_ENV: str(tmp_path / "missing-keyring.json")}
    result = run_sync(data_dir, site, no_entry)
    assert result.returncode == EXIT_FAILED
    assert "no_password" in result.stderr


def test_cli_missing_site_file(center, tmp_path):
    env = keyring_env(tmp_path, center.settings, center.password)
    result = run_sync(tmp_path / "empty", tmp_path / "absent.toml", env)
    assert result.returncode == EXIT_CONFIG
    assert "the file does not exist" in result.stderr
