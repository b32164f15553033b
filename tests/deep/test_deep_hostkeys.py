"""Host key verification: unknown, accepted, changed and replaced keys, against real sshd."""

import json
import subprocess

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from deep_specs import run, ssh_spec
from etc_console.probes.deep import DeepRound
from etc_console.probes.model import ErrorClass, State
from etc_console.probes.ssh.connect import fetch_host_key
from etc_console.probes.ssh.hostkeys import (
    FINDING_CHANGED_KEY,
    FINDING_UNKNOWN_KEY,
    ChangedHostKey,
    accept_host_key,
    audit_path,
    fingerprint,
    host_key_name,
    known_hosts_path,
    load_known_hosts,
    replace_host_key,
)
from tests.servers.sshd import public_key_path

pytestmark = pytest.mark.timeout(60)


def ssh_keygen_fingerprint(public_key_file) -> str:
    output = subprocess.run(["ssh-keygen", "-lf", str(public_key_file)], capture_output=True, text=True, check=True).stdout
    return output.split()[1]


async def probe(server, data_dir, **options):
    async with DeepRound(data_dir) as deep:
        return await run(ssh_spec(server, "echo connected", **options), deep)


def test_host_key_name_follows_openssh():
    assert host_key_name("10.61.1.21", 22) == "10.61.1.21"
    assert host_key_name("127.0.0.1", 2222) == "[127.0.0.1]:2222"


async def test_unknown_key_is_unknown_with_fingerprint(sshd_server, data_dir):
    expected = ssh_keygen_fingerprint(public_key_path(sshd_server.host_key_path))

    outcome = await probe(sshd_server, data_dir)

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.CONFIG
    assert outcome.detail.startswith("host key check:")
    assert f"[127.0.0.1]:{sshd_server.port}" in outcome.detail
    assert f"ssh-ed25519 {expected}" in outcome.detail
    assert [finding.code for finding in outcome.findings] == [FINDING_UNKNOWN_KEY]
    assert not known_hosts_path(data_dir).exists()  # never added by a probe


async def test_accepted_key_is_ok_and_audited(sshd_server, data_dir):
    key = sshd_server.host_key()

    added = accept_host_key(data_dir, sshd_server.host, sshd_server.port, key, "engineer Li")
    outcome = await probe(sshd_server, data_dir)

    assert added is True
    assert outcome.state == State.OK
    known_hosts = known_hosts_path(data_dir).read_text()
    assert known_hosts.startswith(f"[127.0.0.1]:{sshd_server.port} ssh-ed25519 ")
    records = [json.loads(line) for line in audit_path(data_dir).read_text().splitlines()]
    assert len(records) == 1
    assert records[0]["action"] == "accept"
    assert records[0]["accepted_by"] == "engineer Li"
    assert records[0]["fingerprint"] == fingerprint(key)
    assert records[0]["name"] == f"[127.0.0.1]:{sshd_server.port}"
    assert records[0]["time"].endswith("+00:00")


def test_accepting_same_key_twice_writes_nothing(sshd_server, data_dir):
    key = sshd_server.host_key()
    accept_host_key(data_dir, sshd_server.host, sshd_server.port, key, "engineer Li")

    again = accept_host_key(data_dir, sshd_server.host, sshd_server.port, key, "engineer Wang")

    assert again is False
    assert len(known_hosts_path(data_dir).read_text().splitlines()) == 1
    assert len(audit_path(data_dir).read_text().splitlines()) == 1


def test_accept_needs_a_name(sshd_server, data_dir):
    with pytest.raises(ValueError, match="accepted_by"):
        accept_host_key(data_dir, sshd_server.host, sshd_server.port, sshd_server.host_key(), " ")


async def test_changed_key_is_down_and_file_unchanged(sshd_server, sshd_factory, data_dir):
    # The second server listens on a new port with a host key of its own; the console
    # already trusts the first server's key for that address.
    impostor = sshd_factory(new_host_key=True)
    old_key, new_key = sshd_server.host_key(), impostor.host_key()
    accept_host_key(data_dir, impostor.host, impostor.port, old_key, "engineer Li")
    before = known_hosts_path(data_dir).read_bytes()

    outcome = await probe(impostor, data_dir)

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.CERTIFICATE
    assert outcome.detail.startswith("host key check: WARNING")
    assert "man-in-the-middle" in outcome.detail
    assert fingerprint(old_key) in outcome.detail
    assert fingerprint(new_key) in outcome.detail
    assert [finding.code for finding in outcome.findings] == [FINDING_CHANGED_KEY]
    assert known_hosts_path(data_dir).read_bytes() == before


def test_accept_rejects_changed_key(sshd_server, sshd_factory, data_dir):
    impostor = sshd_factory(new_host_key=True)
    accept_host_key(data_dir, impostor.host, impostor.port, sshd_server.host_key(), "engineer Li")

    with pytest.raises(ChangedHostKey):
        accept_host_key(data_dir, impostor.host, impostor.port, impostor.host_key(), "engineer Li")


async def test_replaced_key_is_ok_and_audited(sshd_server, sshd_factory, data_dir):
    reinstalled = sshd_factory(new_host_key=True)
    old_key, new_key = sshd_server.host_key(), reinstalled.host_key()
    accept_host_key(data_dir, reinstalled.host, reinstalled.port, old_key, "engineer Li")
    accept_host_key(data_dir, "10.61.1.21", 22, old_key, "engineer Li")  # another host stays

    removed = replace_host_key(data_dir, reinstalled.host, reinstalled.port, new_key, "engineer Wang", "server reinstalled")
    outcome = await probe(reinstalled, data_dir)

    assert removed == [fingerprint(old_key)]
    assert outcome.state == State.OK
    known = load_known_hosts(data_dir, user_file=False)
    assert [entry.key for entry in known.keys_for(reinstalled.host, reinstalled.port)] == [new_key]
    assert [entry.key for entry in known.keys_for("10.61.1.21", 22)] == [old_key]
    record = json.loads(audit_path(data_dir).read_text().splitlines()[-1])
    assert record["action"] == "replace"
    assert record["accepted_by"] == "engineer Wang"
    assert record["reason"] == "server reinstalled"
    assert record["replaced"] == [fingerprint(old_key)]


def test_replace_needs_a_reason(sshd_server, data_dir):
    with pytest.raises(ValueError, match="reason"):
        replace_host_key(data_dir, sshd_server.host, sshd_server.port, sshd_server.host_key(), "engineer Wang", "")


def test_replace_matches_hashed_entries(sshd_server, data_dir):
    # OpenSSH's HashKnownHosts writes names as |1|salt|hash; replacing must find those too.
    from paramiko import HostKeys
    from paramiko.hostkeys import HostKeyEntry

    name = host_key_name(sshd_server.host, sshd_server.port)
    hashed = HostKeys.hash_host(name)
    known_hosts_path(data_dir).write_text("# site comment\n" + HostKeyEntry([hashed], sshd_server.host_key()).to_line())

    removed = replace_host_key(data_dir, sshd_server.host, sshd_server.port, sshd_server.host_key(), "engineer Wang", "rehash")

    assert removed == [fingerprint(sshd_server.host_key())]
    text = known_hosts_path(data_dir).read_text()
    assert hashed not in text
    assert text.startswith("# site comment\n")


async def test_extra_known_hosts_file_is_trusted(sshd_server, data_dir, tmp_path):
    from paramiko.hostkeys import HostKeyEntry

    extra = tmp_path / "site_known_hosts"
    name = host_key_name(sshd_server.host, sshd_server.port)
    extra.write_text(HostKeyEntry([name], sshd_server.host_key()).to_line())

    outcome = await probe(sshd_server, data_dir, known_hosts=extra)

    assert outcome.state == State.OK
    assert not known_hosts_path(data_dir).exists()


def test_fetch_host_key_returns_server_key(sshd_server):
    key = fetch_host_key(sshd_server.host, sshd_server.port, timeout=5)

    assert key == sshd_server.host_key()
    assert fingerprint(key) == ssh_keygen_fingerprint(public_key_path(sshd_server.host_key_path))


def test_fetch_host_key_prefers_given_types(sshd_factory, sshd_workdir):
    ecdsa_path = sshd_workdir / "second_host_key_ecdsa"
    private = ec.generate_private_key(ec.SECP256R1())
    ecdsa_path.write_bytes(private.private_bytes(Encoding.PEM, PrivateFormat.OpenSSH, NoEncryption()))
    ecdsa_path.chmod(0o600)
    server = sshd_factory(extra_config=f"HostKey {ecdsa_path}")

    default = fetch_host_key(server.host, server.port, timeout=5)
    preferred = fetch_host_key(server.host, server.port, timeout=5, key_types=["ecdsa-sha2-nistp256"])

    assert default.get_name() == "ssh-ed25519"
    assert preferred.get_name() == "ecdsa-sha2-nistp256"


async def test_unparsable_lines_are_skipped(sshd_server, data_dir):
    from paramiko.hostkeys import HostKeyEntry

    name = host_key_name(sshd_server.host, sshd_server.port)
    known_hosts_path(data_dir).write_text(
        "@revoked example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJdD7y3aLq454yWBdwLWbieU1ebz9/cu7/QEXn9OIeZJ\n"
        "broken-host ssh-ed25519 not-base64!\n"
        + HostKeyEntry([name], sshd_server.host_key()).to_line()
    )

    outcome = await probe(sshd_server, data_dir)

    assert outcome.state == State.OK
