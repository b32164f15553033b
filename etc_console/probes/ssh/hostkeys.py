"""Verified SSH host keys: the console's known_hosts file, its audit file and the policy.

The console keeps its own OpenSSH-format known_hosts in the data dir. It may also read
the user's ~/.ssh/known_hosts and one extra file per probe, but writes only its own.
A key that no known_hosts file lists is never trusted automatically: the probe ends
UNKNOWN with the key's fingerprint, and an engineer accepts it with accept_host_key. A key that
differs from a known one ends DOWN with a man-in-the-middle warning; only
replace_host_key, with a reason, changes a known key. Both functions append a JSON line
(who, when, which fingerprint) to the audit file next to known_hosts.
"""

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import paramiko
from paramiko.hostkeys import HostKeyEntry, InvalidHostKey

from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

KNOWN_HOSTS_FILE = "known_hosts"
AUDIT_FILE = "known_hosts.audit.jsonl"
SSH_DEFAULT_PORT = 22

# The signature algorithms a server may use for a known key type. paramiko names an RSA
# key "ssh-rsa" but negotiates the SHA-2 signature algorithms first.
_KEY_ALGORITHMS = {"ssh-rsa": ("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa")}

_REPORTED_LINES: set[tuple[str, int]] = set()  # (file, line number) of invalid lines already logged

# Finding codes of a failed host key check, so the GUI can offer to accept or replace
# the key without parsing the detail text.
FINDING_UNKNOWN_KEY = "host_key_unknown"
FINDING_CHANGED_KEY = "host_key_changed"


def host_key_name(host: str, port: int) -> str:
    """Return the known_hosts name of a server as OpenSSH writes it: host, or [host]:port."""
    return host if port == SSH_DEFAULT_PORT else f"[{host}]:{port}"


def fingerprint(key: paramiko.PKey) -> str:
    """Return the key's SHA256 fingerprint as `ssh-keygen -lf` prints it (base64, no padding)."""
    return key.fingerprint


def known_hosts_path(data_dir: Path) -> Path:
    return Path(data_dir) / KNOWN_HOSTS_FILE


def audit_path(data_dir: Path) -> Path:
    return Path(data_dir) / AUDIT_FILE


class HostKeyError(paramiko.SSHException):
    """The server's host key is not trusted; carries the presented key and where it came from."""

    def __init__(self, message: str, host: str, port: int, key: paramiko.PKey):
        super().__init__(message)
        self.host = host
        self.port = port
        self.key = key
        self.key_type = key.get_name()
        self.fingerprint = fingerprint(key)

    @property
    def name(self) -> str:
        return host_key_name(self.host, self.port)


class UnknownHostKey(HostKeyError):
    """No known_hosts file has a key for the server."""

    def __init__(self, host: str, port: int, key: paramiko.PKey):
        name = host_key_name(host, port)
        message = (
            f"the host key of {name} is not known: {key.get_name()} {fingerprint(key)}. "
            "Compare this fingerprint with the server's own (ssh-keygen -lf on its host key), "
            "then accept the key in the console; a probe never adds a key by itself"
        )
        super().__init__(message, host, port, key)


class ChangedHostKey(HostKeyError):
    """The server presented a key other than the known one: a possible man-in-the-middle attack."""

    def __init__(self, host: str, port: int, key: paramiko.PKey, known: list["KnownKey"]):
        name = host_key_name(host, port)
        listed = ", ".join(f"{entry.key.get_name()} {fingerprint(entry.key)} (in {entry.source})" for entry in known)
        message = (
            f"WARNING: the host key of {name} has changed: known {listed}; the server now "
            f"presents {key.get_name()} {fingerprint(key)}. Someone may be intercepting the "
            "connection (man-in-the-middle attack), or the server was reinstalled. The known "
            "key was not replaced; once the change is confirmed with the server's "
            "administrator, replace the key in the console and give the reason"
        )
        super().__init__(message, host, port, key)
        self.known_fingerprints = [fingerprint(entry.key) for entry in known]


@dataclass(frozen=True)
class KnownKey:
    key: paramiko.PKey
    source: Path


class KnownHosts:
    """The host keys of several known_hosts files, looked up together.

    A server's key is trusted when any file lists it under the server's name. Files
    are read once, when the object is made; a missing file counts as empty.
    """

    def __init__(self, files: list[Path]):
        self.files = [Path(path) for path in files]
        self._tables = [(path, _load(path)) for path in self.files]

    def keys_for(self, host: str, port: int) -> list[KnownKey]:
        """Return every key listed for the server, in file order."""
        name = host_key_name(host, port)
        found = []
        for path, table in self._tables:
            entries = table.lookup(name)
            if entries is None:
                continue
            for key_type in entries.keys():
                found.append(KnownKey(entries[key_type], path))
        return found

    def verify(self, host: str, port: int, key: paramiko.PKey) -> None:
        """Return when the key is known for the server; raise UnknownHostKey or ChangedHostKey."""
        known = self.keys_for(host, port)
        if any(entry.key == key for entry in known):
            return
        if not known:
            raise UnknownHostKey(host, port, key)
        raise ChangedHostKey(host, port, key, known)

    def preferred_algorithms(self, host: str, port: int) -> list[str]:
        """Return the host key algorithms to offer first, so the server shows a key we know.

        Without this, a server with an RSA and an Ed25519 key could present the one not
        in known_hosts, which would look like a changed key.
        """
        algorithms: list[str] = []
        for entry in self.keys_for(host, port):
            for algorithm in _KEY_ALGORITHMS.get(entry.key.get_name(), (entry.key.get_name(),)):
                if algorithm not in algorithms:
                    algorithms.append(algorithm)
        return algorithms


def _load(path: Path) -> paramiko.HostKeys:
    """Return the entries of a known_hosts file, skipping lines paramiko cannot parse.

    paramiko's HostKeys.load raises on the first such line, and one bad line in
    ~/.ssh/known_hosts must not stop every SSH probe.
    """
    table = paramiko.HostKeys()
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if path.is_file() else []
    except OSError as error:
        log.warning("known_hosts file %s cannot be read, so its keys are not trusted: %s", path, error)
        return table

    for number, line in enumerate(lines, start=1):
        entry = _parse_line(path, number, line.strip())
        if entry is None:
            continue
        for name in entry.hostnames:
            table.add(name, entry.key.get_name(), entry.key)
    return table


def _parse_line(path: Path, number: int, line: str) -> HostKeyEntry | None:
    if not line or line.startswith("#"):
        return None
    if line.startswith("@"):
        # NOTE: @cert-authority and @revoked lines are skipped, so a key revoked there is not rejected.
        log.debug("%s line %d skipped: markers are not supported", path, number)
        return None
    try:
        return HostKeyEntry.from_line(line, number)
    except (InvalidHostKey, ValueError, paramiko.SSHException) as error:
        # Files are read on every connection, so each bad line is reported once per process.
        level = logging.DEBUG if (str(path), number) in _REPORTED_LINES else logging.WARNING
        _REPORTED_LINES.add((str(path), number))
        log.log(level, "%s line %d skipped: not a valid known_hosts entry (%s)", path, number, type(error).__name__)
        return None


def load_known_hosts(data_dir: Path, extra: Path | None = None, user_file: bool = True) -> KnownHosts:
    """Return the console's known_hosts, then `extra`, then ~/.ssh/known_hosts when `user_file`."""
    files = [known_hosts_path(data_dir)]
    if extra is not None:
        files.append(Path(extra).expanduser())
    if user_file:
        files.append(Path("~/.ssh/known_hosts").expanduser())
    return KnownHosts(files)


class VerifyingHostKeyPolicy(paramiko.MissingHostKeyPolicy):
    """Check every server key against KnownHosts; raise UnknownHostKey or ChangedHostKey.

    The SSHClient using it must have empty host key tables of its own, so paramiko
    hands every key to this policy.
    """

    def __init__(self, known_hosts: KnownHosts, host: str, port: int):
        self.known_hosts = known_hosts
        self.host = host
        self.port = port

    def missing_host_key(self, client, hostname, key) -> None:
        self.known_hosts.verify(self.host, self.port, key)


def accept_host_key(data_dir: Path, host: str, port: int, key: paramiko.PKey, accepted_by: str) -> bool:
    """Add the key of a server to the console's known_hosts and record who accepted it.

    Return False when the key is already listed (nothing is written). Raise
    ChangedHostKey when the file lists a different key of the same type for the
    server, since that needs replace_host_key and a reason.
    """
    _require_text(accepted_by, "accepted_by")
    path = known_hosts_path(data_dir)
    known = KnownHosts([path])
    same_type = [entry for entry in known.keys_for(host, port) if entry.key.get_name() == key.get_name()]
    if any(entry.key == key for entry in same_type):
        return False
    if same_type:
        raise ChangedHostKey(host, port, key, same_type)

    _append_line(path, HostKeyEntry([host_key_name(host, port)], key).to_line())
    _audit(data_dir, "accept", host, port, key, accepted_by)
    log.info("host key %s %s of %s accepted by %s", key.get_name(), fingerprint(key), host_key_name(host, port), accepted_by)
    return True


def replace_host_key(data_dir: Path, host: str, port: int, key: paramiko.PKey, accepted_by: str, reason: str) -> list[str]:
    """Replace every key the console's known_hosts lists for a server with `key`.

    Return the fingerprints removed. Only the console's own file changes; a key in
    ~/.ssh/known_hosts or a probe's extra file stays as it is.
    """
    _require_text(accepted_by, "accepted_by")
    _require_text(reason, "reason")
    path = known_hosts_path(data_dir)
    name = host_key_name(host, port)
    removed = [fingerprint(entry.key) for entry in KnownHosts([path]).keys_for(host, port)]

    kept = [line for line in _read_lines(path) if not _line_names(line, name)]
    kept.append(HostKeyEntry([name], key).to_line())
    _write_atomically(path, "".join(kept))
    _audit(data_dir, "replace", host, port, key, accepted_by, reason=reason, replaced=removed)
    log.warning(
        "host key of %s replaced by %s: now %s %s, removed %s; reason: %s",
        name, accepted_by, key.get_name(), fingerprint(key), removed, reason,
    )
    return removed


def _require_text(value: str, what: str) -> None:
    if not value or not value.strip():
        raise ValueError(f"{what} must name a person or give a reason; it is empty")


def _read_lines(path: Path) -> list[str]:
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return [line if line.endswith("\n") else line + "\n" for line in lines]


def _line_names(line: str, name: str) -> bool:
    """Return whether a known_hosts line lists `name`, plainly or hashed."""
    fields = line.split()
    if len(fields) < 3 or line.lstrip().startswith(("#", "@")):
        return False
    for listed in fields[0].split(","):
        if listed == name:
            return True
        if listed.startswith("|1|") and paramiko.HostKeys.hash_host(name, listed) == listed:
            return True
    return False


def _append_line(path: Path, line: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    needs_newline = path.is_file() and path.stat().st_size > 0 and not path.read_bytes().endswith(b"\n")
    with open(path, "a", encoding="utf-8") as stream:
        if needs_newline:
            stream.write("\n")
        stream.write(line)


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _audit(data_dir: Path, action: str, host: str, port: int, key: paramiko.PKey, accepted_by: str, **extra) -> None:
    record = {
        "time": utc_now().isoformat(),
        "action": action,
        "host": host,
        "port": port,
        "name": host_key_name(host, port),
        "key_type": key.get_name(),
        "fingerprint": fingerprint(key),
        "accepted_by": accepted_by,
        **extra,
    }
    with open(audit_path(data_dir), "a", encoding="utf-8") as stream:
        stream.write(json.dumps(record, ensure_ascii=False) + "\n")
