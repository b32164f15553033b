"""SSH command probe against a real sshd on 127.0.0.1."""

import socket
import time

import keyring
import keyring.backends.fail
import pytest

from deep_specs import run, sftp_spec, ssh_spec
from etc_console import paths
from etc_console.config.model import KeyringRef
from etc_console.probes.deep import DeepRound
from etc_console.probes.engine import run_round
from etc_console.probes.model import ErrorClass, State
from etc_console.probes.ssh.hostkeys import accept_host_key
from tests.servers.sshd import write_ed25519_key

pytestmark = pytest.mark.timeout(60)


def trust(data_dir, server) -> None:
    accept_host_key(data_dir, server.host, server.port, server.host_key(), "test")


async def probe(server, data_dir, command: str, **options):
    trust(data_dir, server)
    async with DeepRound(data_dir) as deep:
        return await run(ssh_spec(server, command, **options), deep)


# ------------------------------------------------------------------ command rules


async def test_command_ok_quotes_output(sshd_server, data_dir):
    outcome = await probe(sshd_server, data_dir, "echo settlement-ready")

    assert outcome.state == State.OK
    assert "exit status 0" in outcome.detail
    assert "settlement-ready" in outcome.detail
    assert outcome.latency_ms is not None


async def test_exit_status_not_expected_is_down(sshd_server, data_dir):
    outcome = await probe(sshd_server, data_dir, "echo failing; exit 3")

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.CONTENT
    assert "exit status 3, expected 0" in outcome.detail
    assert "failing" in outcome.detail


async def test_expect_exit_accepts_listed_status(sshd_server, data_dir):
    outcome = await probe(sshd_server, data_dir, "exit 3", expect_exit=[0, 3])

    assert outcome.state == State.OK


async def test_output_regex_must_match(sshd_server, data_dir):
    outcome = await probe(sshd_server, data_dir, "echo status=stopped", output_regex=r"status=running")

    assert outcome.state == State.DOWN
    assert "does not match output_regex" in outcome.detail


async def test_output_absent_regex_must_not_match(sshd_server, data_dir):
    outcome = await probe(sshd_server, data_dir, "echo 'ERROR: queue stuck'", output_absent_regex=r"ERROR.*")

    assert outcome.state == State.DOWN
    assert "'ERROR: queue stuck'" in outcome.detail
    assert "output_absent_regex" in outcome.detail


@pytest.mark.parametrize(
    ("use", "expected"),
    [("50%", State.OK), ("85%", State.WARNING), ("91%", State.DOWN)],
)
async def test_disk_use_thresholds(sshd_server, data_dir, use, expected):
    outcome = await probe(
        sshd_server, data_dir, f"echo '/dev/sda1 {use} /data'",
        value_regex=r"(\d+)%", warn_above=80, down_above=90,
    )

    assert outcome.state == expected
    assert use.rstrip("%") in outcome.detail


async def test_value_regex_without_match_is_unknown(sshd_server, data_dir):
    outcome = await probe(sshd_server, data_dir, "echo no numbers here", value_regex=r"(\d+)%", down_above=90)

    assert outcome.state == State.UNKNOWN
    assert "found no value" in outcome.detail


async def test_stderr_quoted_as_evidence(sshd_server, data_dir):
    outcome = await probe(sshd_server, data_dir, "echo broken pipe >&2; exit 1")

    assert outcome.state == State.DOWN
    assert "Standard error:" in outcome.detail
    assert "broken pipe" in outcome.detail


async def test_long_output_is_cut(sshd_server, data_dir):
    outcome = await probe(sshd_server, data_dir, "head -c 100000 /dev/zero | tr '\\0' x")

    assert outcome.state == State.OK
    assert "more bytes]" in outcome.detail
    assert len(outcome.detail) < 5000


# ------------------------------------------------------------------ timeouts


async def test_command_that_never_exits_times_out(sshd_server, data_dir):
    trust(data_dir, sshd_server)
    spec = ssh_spec(sshd_server, "echo started; cat", timeout=2.0)

    started = time.monotonic()
    async with DeepRound(data_dir) as deep:
        outcome = await run(spec, deep)
    elapsed = time.monotonic() - started

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.TIMEOUT
    assert outcome.detail.startswith("command: the command did not finish")
    assert "started" in outcome.detail
    assert elapsed < 2.5  # the budget plus closing the round


async def test_command_timeout_shorter_than_budget(sshd_server, data_dir):
    outcome = await probe(sshd_server, data_dir, "cat", command_timeout=0.5, timeout=5.0)

    assert outcome.error_class == ErrorClass.TIMEOUT
    assert "within 0.5 s" in outcome.detail


async def test_silent_server_times_out_at_banner(data_dir):
    # The kernel completes the TCP handshake of a listening socket without accept(),
    # so the server is connected but never sends an SSH banner.
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        port = listener.getsockname()[1]
        spec = ssh_spec(
            _Address("127.0.0.1", port), "true", private_key=write_key(data_dir), banner_timeout=0.5, timeout=3.0,
        )

        started = time.monotonic()
        async with DeepRound(data_dir) as deep:
            outcome = await run(spec, deep)
        elapsed = time.monotonic() - started

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.TIMEOUT
    assert outcome.detail.startswith("SSH banner:")
    assert f"127.0.0.1:{port}" in outcome.detail
    assert elapsed < 2.0


async def test_refused_port_names_tcp_connect(data_dir):
    with socket.socket() as placeholder:
        placeholder.bind(("127.0.0.1", 0))
        port = placeholder.getsockname()[1]
    spec = ssh_spec(_Address("127.0.0.1", port), "true", private_key=write_key(data_dir))

    async with DeepRound(data_dir) as deep:
        outcome = await run(spec, deep)

    assert outcome.error_class == ErrorClass.REFUSED
    assert outcome.detail.startswith("TCP connect:")


# ------------------------------------------------------------------ negotiation and login


async def test_kex_mismatch_lists_both_sides(sshd_factory, data_dir):
    server = sshd_factory(extra_config="KexAlgorithms sntrup761x25519-sha512@openssh.com")
    trust(data_dir, server)

    async with DeepRound(data_dir) as deep:
        outcome = await run(ssh_spec(server, "true"), deep)

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.PROTOCOL
    assert outcome.detail.startswith("key exchange:")
    assert "the server offers these key exchange algorithms: sntrup761x25519-sha512@openssh.com" in outcome.detail
    assert "curve25519-sha256" in outcome.detail.split("the console supports:")[1]


async def test_unauthorized_key_names_authentication(sshd_server, data_dir):
    other_key = write_key(data_dir)

    outcome = await probe(sshd_server, data_dir, "true", private_key=other_key)

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG
    assert outcome.detail.startswith("authentication:")
    assert f"{sshd_server.user}@127.0.0.1:{sshd_server.port} rejected the login" in outcome.detail


async def test_password_from_keyring_logs_in(sshd_server, data_dir, memory_keyring):
    memory_keyring.set_password("etc-console", "ops-password", sshd_server.password)

    outcome = await probe(sshd_server, data_dir, "id -un", private_key=None, credential=KeyringRef(username="ops-password"))

    assert outcome.state == State.OK
    assert sshd_server.user in outcome.detail


async def test_wrong_password_names_authentication(sshd_server, data_dir, memory_keyring):
    memory_keyring.set_password("etc-console", "ops-password", "not-the-password")

    outcome = await probe(sshd_server, data_dir, "true", private_key=None, credential=KeyringRef(username="ops-password"))

    assert outcome.state == State.UNKNOWN
    assert outcome.detail.startswith("authentication:")
    assert "the password from the keyring" in outcome.detail


async def test_encrypted_key_uses_keyring_passphrase(sshd_server, data_dir, memory_keyring):
    memory_keyring.set_password("etc-console", "ops-key", sshd_server.key_passphrase)

    outcome = await probe(
        sshd_server, data_dir, "echo unlocked",
        private_key=sshd_server.encrypted_key_path, credential=KeyringRef(username="ops-key"),
    )

    assert outcome.state == State.OK
    assert "unlocked" in outcome.detail


async def test_encrypted_key_without_credential_is_config(sshd_server, data_dir):
    outcome = await probe(sshd_server, data_dir, "true", private_key=sshd_server.encrypted_key_path)

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG
    assert "is encrypted; set credential" in outcome.detail


async def test_missing_keyring_entry_is_config(sshd_server, data_dir, memory_keyring):
    outcome = await probe(
        sshd_server, data_dir, "true",
        private_key=sshd_server.encrypted_key_path, credential=KeyringRef(username="absent"),
    )

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG
    assert "keyring set etc-console absent" in outcome.detail


async def test_no_keyring_backend_explains_options(sshd_server, data_dir, memory_keyring):
    keyring.set_keyring(keyring.backends.fail.Keyring())  # memory_keyring restores the previous one

    outcome = await probe(sshd_server, data_dir, "true", private_key=None, credential=KeyringRef(username="ops-password"))

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG
    assert "no usable keyring" in outcome.detail
    assert "gnome-keyring" in outcome.detail
    assert "PYTHON_KEYRING_BACKEND" in outcome.detail


# ------------------------------------------------------------------ connection reuse


async def test_round_shares_one_connection_per_login(sshd_server):
    data_dir = paths.data_dir()  # run_round's DeepRound uses the data dir of the environment
    trust(data_dir, sshd_server)
    specs = [ssh_spec(sshd_server, f"echo probe-{index}", name=f"ssh-{index}") for index in range(4)]
    specs.append(sftp_spec(sshd_server, sshd_server.files_dir, name="sftp"))
    logins_before = sshd_server.accepted_logins()

    first_round = await run_round(specs, concurrency=len(specs))
    after_first = sshd_server.accepted_logins()
    second_round = await run_round(specs[:1])

    assert [outcome.state for outcome in first_round[:4]] == [State.OK] * 4
    assert first_round[4].detail.startswith(f"no file in {sshd_server.files_dir}")  # listed over the shared connection
    assert second_round[0].state == State.OK
    assert after_first - logins_before == 1
    assert sshd_server.accepted_logins() - after_first == 1


async def test_failed_connection_is_retried_in_round(data_dir):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        port = listener.getsockname()[1]
        spec = ssh_spec(_Address("127.0.0.1", port), "true", private_key=write_key(data_dir), banner_timeout=0.3)

        async with DeepRound(data_dir) as deep:
            first = await run(spec, deep)
            listener.listen(4)
            second = await run(spec, deep)

    # A later attempt (a confirmation retry) connects again instead of reusing the failure.
    assert first.error_class == ErrorClass.REFUSED
    assert second.error_class == ErrorClass.TIMEOUT
    assert second.detail.startswith("SSH banner:")


# ------------------------------------------------------------------ helpers


class _Address:
    """The fields of an SshdServer that ssh_spec reads, for a server that is not sshd."""

    def __init__(self, host: str, port: int):
        self.host = host
        self.port = port
        self.user = "nobody"
        self.key_path = None


def write_key(folder) -> str:
    path = folder / f"unlisted_key_{time.monotonic_ns()}"
    write_ed25519_key(path)
    return str(path)

