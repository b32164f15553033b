"""A real OpenSSH server on 127.0.0.1 for the deep probe tests (a pytest plugin).

The session's server runs `/usr/sbin/sshd -D -e` with its own config, host key, pid
file and log, on a port chosen at run time, and lets one test account in by key or
password. The account is created for the session (a random name and password) and
removed at the end. Readiness is sshd's own systemd notification (READY=1 on
NOTIFY_SOCKET), so no test waits by polling. `sshd_factory` starts more servers, for
example with another host key, and stops them when the test ends.
"""

import base64
import secrets
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import paramiko
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from tests.servers.common import free_port, require_program, require_root, shared_temp_dir

SSHD = "/usr/sbin/sshd"
READY_TIMEOUT = 10.0
STOP_TIMEOUT = 10.0
PORT_ATTEMPTS = 3


@dataclass
class SshdServer:
    """A running sshd and the account and keys that log in to it."""

    host: str
    port: int
    user: str
    password: str
    key_path: Path  # client key listed in authorized_keys, unencrypted
    encrypted_key_path: Path  # client key listed in authorized_keys, encrypted with key_passphrase
    key_passphrase: str
    host_key_path: Path  # the server's private host key; its public key is host_key_path.pub
    log_path: Path
    files_dir: Path  # a folder the account can read, for SFTP tests
    process: subprocess.Popen = field(repr=False)

    def host_key(self) -> paramiko.PKey:
        key_type, data = public_key_path(self.host_key_path).read_text(encoding="utf-8").split()[:2]
        return paramiko.PKey.from_type_string(key_type, base64.b64decode(data))

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def accepted_logins(self) -> int:
        """Return how many logins of the test account sshd has accepted so far."""
        text = self.log_text()
        return sum(text.count(f"Accepted {method} for {self.user} ") for method in ("publickey", "password"))


def public_key_path(private_key_path: Path) -> Path:
    return private_key_path.with_name(private_key_path.name + ".pub")


def write_ed25519_key(path: Path, passphrase: str | None = None) -> str:
    """Write an OpenSSH private key to `path` and its public key to path.pub; return the public line."""
    key = ed25519.Ed25519PrivateKey.generate()
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode()) if passphrase else serialization.NoEncryption()
    )
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, encryption))
    path.chmod(0o600)
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    public_key_path(path).write_text(public + "\n", encoding="utf-8")
    return public


def _config(workdir: Path, name: str, port: int, host_key: Path, authorized_keys: Path, extra: str) -> Path:
    config = workdir / f"{name}.conf"
    config.write_text(
        f"Port {port}\n"
        "ListenAddress 127.0.0.1\n"
        f"HostKey {host_key}\n"
        f"PidFile {workdir / (name + '.pid')}\n"
        "UsePAM no\n"
        "StrictModes no\n"
        f"AuthorizedKeysFile {authorized_keys}\n"
        "PasswordAuthentication yes\n"
        "KbdInteractiveAuthentication no\n"
        "Subsystem sftp internal-sftp\n"
        "LogLevel INFO\n"
        f"{extra}\n",
        encoding="utf-8",
    )
    return config


def start_sshd(workdir: Path, name: str, host_key: Path, authorized_keys: Path, extra_config: str = "") -> tuple[subprocess.Popen, int, Path]:
    """Start sshd and wait for its READY=1; return the process, its port and its log file."""
    require_program(SSHD, "openssh-server")
    Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege separation folder
    for _ in range(PORT_ATTEMPTS):
        port = free_port()
        config = _config(workdir, name, port, host_key, authorized_keys, extra_config)
        log_path = workdir / f"{name}.log"
        process = _start_and_wait(config, workdir / f"{name}.notify", log_path)
        if process is not None:
            return process, port, log_path
        if "Address already in use" not in log_path.read_text(errors="replace"):
            break
    pytest.fail(f"sshd did not start; its log {log_path}:\n{log_path.read_text(errors='replace')}")


def _start_and_wait(config: Path, notify_path: Path, log_path: Path) -> subprocess.Popen | None:
    notify_path.unlink(missing_ok=True)
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as notify:
        notify.bind(str(notify_path))
        notify.settimeout(READY_TIMEOUT)
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                [SSHD, "-D", "-e", "-f", str(config)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "NOTIFY_SOCKET": str(notify_path)},
            )
        try:
            while b"READY=1" not in notify.recv(4096):
                pass
        except TimeoutError:
            stop_process(process)
            return None
    return process


def stop_process(process: subprocess.Popen) -> None:
    """Stop a server this module started, by its own pid."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_TIMEOUT)


def _create_account() -> tuple[str, str]:
    require_program("useradd", "passwd")
    name = f"etcprobe_{secrets.token_hex(3)}"
    password = secrets.token_urlsafe(12)
    subprocess.run(
        ["useradd", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/bin/sh", name],
        check=True, capture_output=True,
    )
    # A password also unlocks the account: without PAM, sshd rejects a locked one even for keys.
    subprocess.run(["chpasswd"], input=f"{name}:{password}\n", text=True, check=True, capture_output=True)
    return name, password


def _remove_account(name: str) -> None:
    subprocess.run(["userdel", "--force", name], check=False, capture_output=True)


@pytest.fixture(scope="session")
def sshd_workdir() -> Iterator[Path]:
    """A folder for sshd's files and the SFTP test files, readable by the test account."""
    require_root("sshd")
    workdir = shared_temp_dir("etc-console-sshd-")
    yield workdir
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def sshd_server(sshd_workdir: Path) -> Iterator[SshdServer]:
    """The session's sshd on 127.0.0.1 with a test account that logs in by key or password."""
    user, password = _create_account()
    server = None
    try:
        server = _start_session_server(sshd_workdir, user, password)
        yield server
    finally:
        if server is not None:
            stop_process(server.process)
        _remove_account(user)


def _start_session_server(workdir: Path, user: str, password: str) -> SshdServer:
    key_path = workdir / "client_key"
    encrypted_key_path = workdir / "client_key_encrypted"
    passphrase = secrets.token_urlsafe(12)
    authorized_keys = workdir / "authorized_keys"
    authorized_keys.write_text(
        write_ed25519_key(key_path) + "\n" + write_ed25519_key(encrypted_key_path, passphrase) + "\n",
        encoding="utf-8",
    )
    authorized_keys.chmod(0o644)  # sshd reads it as the test account
    host_key = workdir / "host_key"
    write_ed25519_key(host_key)
    files_dir = workdir / "files"
    files_dir.mkdir(mode=0o755)

    process, port, log_path = start_sshd(workdir, "sshd", host_key, authorized_keys)
    server = SshdServer("127.0.0.1", port, user, password, key_path, encrypted_key_path, passphrase, host_key, log_path, files_dir, process)
    return server


@pytest.fixture
def sshd_factory(sshd_server: SshdServer, sshd_workdir: Path) -> Iterator[Callable[..., SshdServer]]:
    """Start more servers for one test (same account and client keys); stop them after it.

    Call it with `new_host_key=True` for a server with a host key of its own, and with
    `extra_config` for more sshd_config lines.
    """
    started: list[SshdServer] = []

    def start(new_host_key: bool = False, extra_config: str = "") -> SshdServer:
        name = f"sshd-extra-{secrets.token_hex(3)}"
        host_key = sshd_server.host_key_path
        if new_host_key:
            host_key = sshd_workdir / f"{name}_host_key"
            write_ed25519_key(host_key)
        process, port, log_path = start_sshd(sshd_workdir, name, host_key, sshd_workdir / "authorized_keys", extra_config)
        server = SshdServer(
            "127.0.0.1", port, sshd_server.user, sshd_server.password, sshd_server.key_path,
            sshd_server.encrypted_key_path, sshd_server.key_passphrase, host_key, log_path,
            sshd_server.files_dir, process,
        )
        started.append(server)
        return server

    yield start
    for server in started:
        stop_process(server.process)
