"""SSH keys of the lab: its pinned host key, its client key and the known_hosts file that pins it.

Both keys are Ed25519 in OpenSSH format, written once under `<data_dir>/lab/ssh/` with
mode 0600 and reused at every start, so the pinned fingerprint stays the same. Every
start adds the new SSH port to the known_hosts file and keeps the latest
KEPT_PORTS ports, so a second lab on the same data dir (`etc-console check --lab`
while the console runs its own) leaves the first one's port pinned.
NOTE: on Windows the mode only sets the read-only flag (see certstore).
"""

import io
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import paramiko
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from paramiko.hostkeys import HostKeyEntry, InvalidHostKey

from etc_console.lab.certstore import write_private

log = logging.getLogger(__name__)

HOST_KEY_FILE = "ssh_host_ed25519_key"
CLIENT_KEY_FILE = "lab_client_ed25519"
KNOWN_HOSTS_FILE = "known_hosts"
KEPT_PORTS = 16
KNOWN_HOSTS_HEADER = "# Host key of the etc-console training lab, one line per recent lab SSH port.\n"


@dataclass(frozen=True)
class LabSshKeys:
    """The key files of the lab SSH server and the keys loaded from them."""

    folder: Path
    host_key: paramiko.PKey
    client_key: paramiko.PKey

    @property
    def client_key_file(self) -> Path:
        return self.folder / CLIENT_KEY_FILE

    @property
    def known_hosts_file(self) -> Path:
        return self.folder / KNOWN_HOSTS_FILE


def new_ed25519_key() -> paramiko.PKey:
    """Generate an Ed25519 key in memory."""
    return _to_paramiko(_openssh_pem(ed25519.Ed25519PrivateKey.generate()))


def ensure_ssh_keys(folder: Path) -> LabSshKeys:
    """Load the lab's host and client keys from `folder`, generating the ones missing or unreadable."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    host_key = _ensure_key(folder / HOST_KEY_FILE, "host")
    client_key = _ensure_key(folder / CLIENT_KEY_FILE, "client")
    return LabSshKeys(folder, host_key, client_key)


def write_known_hosts(keys: LabSshKeys, hosts: list[str], port: int) -> Path:
    """Pin the host key as `[HOST]:PORT` for every host in the lab's known_hosts file.

    Lines of earlier ports stay, up to KEPT_PORTS, unless they list another key.
    """
    line = HostKeyEntry([f"[{host}]:{port}" for host in hosts], keys.host_key).to_line()
    earlier = [entry for entry in _read_entries(keys.known_hosts_file, keys.host_key) if entry != line]
    lines = [*earlier[-(KEPT_PORTS - 1):], line]

    path = keys.known_hosts_file
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temporary.write_text(KNOWN_HOSTS_HEADER + "".join(lines), encoding="utf-8")
    os.replace(temporary, path)
    return path


def _read_entries(path: Path, host_key: paramiko.PKey) -> list[str]:
    """Return the lines of `path` that pin `host_key`, in file order."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as error:
        log.warning("rewriting the lab known_hosts file %s: it cannot be read (%s)", path, error)
        return []

    entries = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        try:
            entry = HostKeyEntry.from_line(line)
        except (InvalidHostKey, ValueError, paramiko.SSHException):
            continue
        if entry is not None and entry.key == host_key:
            entries.append(entry.to_line())
    return entries


def _ensure_key(path: Path, role: str) -> paramiko.PKey:
    if path.is_file():
        try:
            key = paramiko.PKey.from_path(path)
            if key.get_name() == "ssh-ed25519":
                return key
            log.warning("replacing lab SSH %s key %s: it is %s, not ssh-ed25519", role, path, key.get_name())
        except (OSError, ValueError, paramiko.SSHException) as error:
            log.warning("replacing lab SSH %s key %s: it cannot be read (%s)", role, path, error)

    pem = _openssh_pem(ed25519.Ed25519PrivateKey.generate())
    write_private(path, pem)
    key = _to_paramiko(pem)
    path.with_name(path.name + ".pub").write_text(f"{key.get_name()} {key.get_base64()} etc-console-lab-{role}\n", encoding="utf-8")
    log.info("generated lab SSH %s key %s (%s)", role, path, key.fingerprint)
    return key


def _openssh_pem(key: ed25519.Ed25519PrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption())


def _to_paramiko(pem: bytes) -> paramiko.PKey:
    return paramiko.Ed25519Key(file_obj=io.StringIO(pem.decode("ascii")))
