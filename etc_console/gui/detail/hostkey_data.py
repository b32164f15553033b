"""SSH host keys that a subsystem's probes did not trust, and the worker calls to settle them.

A probe marks a failed host key check with a finding (hostkeys.FINDING_UNKNOWN_KEY or
FINDING_CHANGED_KEY). The detail view then fetches the key the server presents, checks
it against the same known_hosts files the probe reads, and lets an engineer accept or
replace it. Every function here that touches the network or a file blocks: run it on
the session's worker pool.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

import paramiko

from etc_console.config.resolve import ProbeSpec
from etc_console.probes.model import ProbeResult
from etc_console.probes.ssh.connect import SshLogin, fetch_host_key, load_login_known_hosts
from etc_console.probes.ssh.hostkeys import (
    FINDING_CHANGED_KEY,
    FINDING_UNKNOWN_KEY,
    ChangedHostKey,
    UnknownHostKey,
    accept_host_key,
    fingerprint,
    host_key_name,
    known_hosts_path,
    replace_host_key,
)

FETCH_TIMEOUT = 10.0  # seconds to connect and read the server's host key

# The public host key file of each key type on an OpenSSH server (the Debian and Red
# Hat default paths), named in the hint on which file the administrator fingerprints.
SERVER_KEY_FILES = {
    "ssh-ed25519": "/etc/ssh/ssh_host_ed25519_key.pub",
    "ecdsa-sha2-nistp256": "/etc/ssh/ssh_host_ecdsa_key.pub",
    "ecdsa-sha2-nistp384": "/etc/ssh/ssh_host_ecdsa_key.pub",
    "ecdsa-sha2-nistp521": "/etc/ssh/ssh_host_ecdsa_key.pub",
    "ssh-rsa": "/etc/ssh/ssh_host_rsa_key.pub",
}


@dataclass(frozen=True)
class HostKeyProblem:
    """A server whose host key a probe of the subsystem did not trust in its latest attempt."""

    probe_id: str
    probe_name: str
    login: SshLogin
    changed: bool  # True: a different key is known, a possible man-in-the-middle attack
    probe_detail: str

    @property
    def name(self) -> str:
        """The server as known_hosts names it: host, or [host]:port."""
        return host_key_name(self.login.host, self.login.port)


def find_host_key_problems(results: Iterable[ProbeResult], specs: Sequence[ProbeSpec]) -> list[HostKeyProblem]:
    """Return one problem per server, changed keys first, from the latest probe results."""
    specs_by_id = {spec.id: spec for spec in specs}
    problems: dict[tuple[str, int], HostKeyProblem] = {}
    for result in results:
        codes = {finding.code for finding in result.outcome.findings}
        if not codes & {FINDING_UNKNOWN_KEY, FINDING_CHANGED_KEY}:
            continue
        spec = specs_by_id.get(result.probe_id)
        if spec is None or spec.kind not in ("ssh", "sftp"):
            continue
        login = SshLogin.of(spec.params)
        problem = HostKeyProblem(result.probe_id, result.name, login, FINDING_CHANGED_KEY in codes, result.detail)
        server = (login.host, login.port)
        if server not in problems or (problem.changed and not problems[server].changed):
            problems[server] = problem
    return sorted(problems.values(), key=lambda problem: (not problem.changed, problem.name))


class KeyVerdict(StrEnum):
    """The result of checking the key the server presents now against the known_hosts files."""

    UNKNOWN = "unknown"
    CHANGED = "changed"
    TRUSTED = "trusted"


@dataclass(frozen=True)
class KnownKeyInfo:
    """A key that a known_hosts file lists for the server."""

    key_type: str
    fingerprint: str
    source: Path


@dataclass(frozen=True)
class HostKeyInspection:
    """The key a server presented to the console, and how it compares with what is known."""

    problem: HostKeyProblem
    key: paramiko.PKey
    verdict: KeyVerdict
    known: tuple[KnownKeyInfo, ...]
    console_file: Path  # the console's own known_hosts, the only file it writes

    @property
    def key_type(self) -> str:
        return self.key.get_name()

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.key)

    @property
    def matches_probe(self) -> bool:
        """True when the probe's failed attempt reported this same fingerprint."""
        return self.fingerprint in self.problem.probe_detail

    @property
    def server_key_file(self) -> str:
        return SERVER_KEY_FILES.get(self.key_type, "/etc/ssh/ssh_host_*_key.pub")


def inspect_host_key(data_dir: Path, problem: HostKeyProblem, timeout: float = FETCH_TIMEOUT) -> HostKeyInspection:
    """Fetch the server's host key and check it against the known_hosts files the probe reads.

    Raise connect.StageError when the key cannot be fetched.
    """
    login = problem.login
    known_hosts = load_login_known_hosts(login, data_dir)
    key = fetch_host_key(login.host, login.port, timeout, known_hosts.preferred_algorithms(login.host, login.port))
    try:
        known_hosts.verify(login.host, login.port, key)
        verdict = KeyVerdict.TRUSTED
    except UnknownHostKey:
        verdict = KeyVerdict.UNKNOWN
    except ChangedHostKey:
        verdict = KeyVerdict.CHANGED
    known = tuple(
        KnownKeyInfo(entry.key.get_name(), fingerprint(entry.key), entry.source)
        for entry in known_hosts.keys_for(login.host, login.port)
    )
    return HostKeyInspection(problem, key, verdict, known, known_hosts_path(data_dir))


def accept_inspected_key(data_dir: Path, inspection: HostKeyInspection, accepted_by: str) -> bool:
    """Add the inspected key to the console's known_hosts; return False when it was listed already."""
    login = inspection.problem.login
    return accept_host_key(data_dir, login.host, login.port, inspection.key, accepted_by.strip())


def replace_inspected_key(data_dir: Path, inspection: HostKeyInspection, accepted_by: str, reason: str) -> list[str]:
    """Replace the server's keys in the console's known_hosts with the inspected key; return the removed fingerprints."""
    login = inspection.problem.login
    return replace_host_key(data_dir, login.host, login.port, inspection.key, accepted_by.strip(), reason.strip())
