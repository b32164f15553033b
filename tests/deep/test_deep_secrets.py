"""Planted secrets stay out of outcomes, exception text, log records and written files."""

import logging
import secrets
from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from pydantic import ValidationError

from deep_specs import sftp_spec, sql_spec, ssh_spec
from etc_console import paths
from etc_console.config.model import KeyringRef, SqlProbe
from etc_console.probes.attempt import Attempt, ProbeError
from etc_console.probes.blocking import Deadline
from etc_console.probes.engine import run_round
from etc_console.probes.model import State
from etc_console.probes.sql import RunningQuery, make_engine, query_rows
from etc_console.probes.ssh.connect import SshLogin, StageTimeouts, open_client
from etc_console.probes.ssh.hostkeys import accept_host_key, load_known_hosts
from etc_console.secrets import KeyringSecrets, keyring_status, redact

pytestmark = pytest.mark.timeout(90)

WRONG_PASSWORD = "Wrong-Password-" + secrets.token_hex(6)
WRONG_PASSPHRASE = "Wrong-Passphrase-" + secrets.token_hex(6)


@pytest.fixture
def planted(memory_keyring, sshd_server, postgres_server):
    """Store the real and some wrong secrets in the keyring double; return every planted value."""
    entries = {
        "etc_probe": postgres_server.password,
        "wrong-db": WRONG_PASSWORD,
        "ops-password": sshd_server.password,
        "ops-wrong-password": WRONG_PASSWORD,
        "ops-key": sshd_server.key_passphrase,
        "ops-wrong-key": WRONG_PASSPHRASE,
    }
    for username, secret in entries.items():
        memory_keyring.set_password("etc-console", username, secret)
    return set(entries.values())


def deep_specs(sshd_server, postgres_server, outbox: Path):
    password = dict(private_key=None, credential=KeyringRef(username="ops-password"))
    encrypted = dict(private_key=sshd_server.encrypted_key_path, credential=KeyringRef(username="ops-key"))
    url = postgres_server.url
    return [
        ssh_spec(sshd_server, "echo ok", name="password-ok", **password),
        ssh_spec(sshd_server, "echo failing; exit 1", name="password-exit", **password),
        ssh_spec(sshd_server, "true", name="wrong-password", private_key=None, credential=KeyringRef(username="ops-wrong-password")),
        ssh_spec(sshd_server, "echo unlocked", name="key-ok", **encrypted),
        ssh_spec(sshd_server, "true", name="wrong-passphrase", private_key=sshd_server.encrypted_key_path, credential=KeyringRef(username="ops-wrong-key")),
        ssh_spec(sshd_server, "cat", name="timeout", timeout=1.0, **password),
        sftp_spec(sshd_server, outbox / "missing", name="sftp-missing", **password),
        sql_spec(url, "SELECT 7", name="sql-ok", down_above=5),
        sql_spec(url, "SELEC broken", name="sql-syntax"),
        sql_spec(url, "CREATE TABLE planted (id int)", name="sql-write"),
        sql_spec(url, "SELECT 1 FROM pg_sleep(3)", name="sql-timeout", statement_timeout=0.3),
        sql_spec(url, "SELECT 1", name="sql-wrong-password", credential="wrong-db"),
    ]


def assert_free_of(text: str, planted: set[str], where: str) -> None:
    for secret in planted:
        assert secret not in text, f"a planted secret appears in {where}"


async def test_round_outcomes_and_logs_free_of_secrets(sshd_server, postgres_server, planted, caplog):
    caplog.set_level(logging.DEBUG)
    data_dir = paths.data_dir()
    accept_host_key(data_dir, sshd_server.host, sshd_server.port, sshd_server.host_key(), "test")
    specs = deep_specs(sshd_server, postgres_server, sshd_server.files_dir)

    outcomes = await run_round(specs, concurrency=len(specs))

    states = {spec.name: outcome.state for spec, outcome in zip(specs, outcomes)}
    assert states["password-ok"] == State.OK
    assert states["key-ok"] == State.OK
    assert states["sql-ok"] == State.DOWN  # 7 is above down_above 5
    assert all(state != State.OK for name, state in states.items() if name not in ("password-ok", "key-ok"))

    for spec, outcome in zip(specs, outcomes):
        assert_free_of(outcome.detail, planted, f"the detail of {spec.name}")
        for finding in outcome.findings:
            assert_free_of(finding.message, planted, f"a finding of {spec.name}")

    formatter = logging.Formatter("%(name)s %(message)s")
    assert caplog.records  # paramiko, SQLAlchemy and the probes did log
    for record in caplog.records:
        assert_free_of(formatter.format(record), planted, f"a log record of {record.name}")

    for path in Path(data_dir).rglob("*"):
        if path.is_file():
            assert_free_of(path.read_text(errors="replace"), planted, f"the file {path}")


def test_ssh_exception_text_free_of_secret(sshd_server, data_dir, planted):
    accept_host_key(data_dir, sshd_server.host, sshd_server.port, sshd_server.host_key(), "test")
    login = SshLogin(sshd_server.host, sshd_server.port, sshd_server.user, None, KeyringRef(username="ops-wrong-password"), None, False)
    known_hosts = load_known_hosts(data_dir, user_file=False)

    with pytest.raises(ProbeError) as caught:
        open_client(login, StageTimeouts(2.0), KeyringSecrets(), known_hosts, Deadline(5), Attempt("ssh", 2.0, 5.0))

    assert caught.value.result.detail.startswith("authentication:")
    assert_free_of(str(caught.value), planted, "the exception text")
    assert_free_of(repr(caught.value), planted, "the exception repr")


def test_wrong_passphrase_exception_free_of_secret(sshd_server, data_dir, planted):
    login = SshLogin(sshd_server.host, sshd_server.port, sshd_server.user, sshd_server.encrypted_key_path, KeyringRef(username="ops-wrong-key"), None, False)

    with pytest.raises(ProbeError) as caught:
        open_client(login, StageTimeouts(2.0), KeyringSecrets(), load_known_hosts(data_dir), Deadline(5), Attempt("ssh", 2.0, 5.0))

    assert "wrong passphrase" in str(caught.value)
    assert_free_of(str(caught.value), planted, "the exception text")


def test_sql_exception_text_free_of_secret(postgres_server, planted):
    engine = make_engine(postgres_server.url, WRONG_PASSWORD, 2.0)
    try:
        with pytest.raises(ProbeError) as caught:
            query_rows(engine, "SELECT 1", 2.0, RunningQuery())
    finally:
        engine.dispose()

    assert "rejected the login" in str(caught.value)
    assert_free_of(str(caught.value), planted, "the exception text")
    assert_free_of(repr(engine.url), planted, "the engine URL's repr")


def test_url_password_not_in_validation_error():
    secret = "Url-Secret-" + secrets.token_hex(6)
    with pytest.raises(ValidationError) as caught:
        SqlProbe(kind="sql", subsystem="s", name="n", url=f"postgresql://probe:{secret}@127.0.0.1/etc", query="select 1")

    assert secret not in str(caught.value)
    assert secret not in repr(caught.value)


def test_redact_replaces_every_secret():
    assert redact("login as ops with Hunter2-x failed: Hunter2-x", {"Hunter2-x"}) == "login as ops with *** failed: ***"
    assert redact("value 1 of 91", {"1"}) == "value 1 of 91"  # too short to redact safely


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring, keyring.backends.null.Keyring])
def test_keyring_status_unusable_backend(memory_keyring, backend):
    keyring.set_keyring(backend())  # memory_keyring restores the previous backend

    available, message = keyring_status()

    assert available is False
    assert "gnome-keyring" in message
    assert "keyrings.alt" in message
    assert "run only probes that need no secret" in message


def test_keyring_status_usable_backend(memory_keyring):
    available, message = keyring_status()

    assert available is True
    assert "MemoryKeyring" in message


def test_keyring_secrets_missing_entry_is_none(memory_keyring):
    assert KeyringSecrets().get_secret(KeyringRef(username="absent")) is None
