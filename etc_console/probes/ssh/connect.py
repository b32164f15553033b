"""Open an authenticated SSH connection; every failure names the stage it happened in.

Stages, in order: TCP connect, SSH banner, key exchange, host key check,
authentication. Each blocking step gets the smaller of its own timeout and what
remains of the probe's deadline. paramiko checks some of these waits every 0.1 s, so
a stage may end that much after the deadline.
"""

import dataclasses
import logging
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

import paramiko
from paramiko.pkey import UnknownKeyType
from paramiko.ssh_exception import IncompatiblePeer

from etc_console.config.model import KeyringRef, SftpProbe, SshProbe
from etc_console.probes.attempt import Attempt, ProbeError, format_seconds
from etc_console.probes.blocking import Deadline
from etc_console.probes.credentials import SecretProvider
from etc_console.probes.failures import exception_chain
from etc_console.probes.model import ErrorClass, Finding, State
from etc_console.probes.ssh.hostkeys import (
    FINDING_CHANGED_KEY,
    FINDING_UNKNOWN_KEY,
    ChangedHostKey,
    KnownHosts,
    UnknownHostKey,
    VerifyingHostKeyPolicy,
    load_known_hosts,
)
from etc_console.probes.ssh.negotiation import RecordingTransport, describe_incompatibility
from etc_console.probes.keyring_refs import probe_secret

log = logging.getLogger(__name__)

STAGE_TCP = "TCP connect"
STAGE_BANNER = "SSH banner"
STAGE_KEX = "key exchange"
STAGE_HOST_KEY = "host key check"
STAGE_AUTH = "authentication"

# How long closing waits for paramiko's transport thread to end.
CLOSE_JOIN_TIMEOUT = 2.0


class StageError(ProbeError):
    """A failure at a named stage; the detail starts with the stage."""

    def __init__(
        self, stage: str, error_class: ErrorClass, detail: str, state: State = State.DOWN,
        findings: tuple[Finding, ...] = (),
    ):
        super().__init__(error_class, f"{stage}: {detail}", state)
        self.result = dataclasses.replace(self.result, findings=findings)
        self.stage = stage


@dataclass(frozen=True)
class SshLogin:
    """Everything that decides which connection a probe may share with others."""

    host: str
    port: int
    username: str
    private_key: Path | None
    credential: KeyringRef | None
    known_hosts: Path | None
    user_known_hosts: bool

    @classmethod
    def of(cls, params: SshProbe | SftpProbe) -> "SshLogin":
        return cls(
            params.host, params.port, params.username, params.private_key,
            params.credential, params.known_hosts, params.user_known_hosts,
        )

    @property
    def target(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.username}@{host}:{self.port}"


@dataclass(frozen=True)
class StageTimeouts:
    """Seconds for each stage; None takes what remains of the probe's deadline."""

    connect: float
    banner: float | None = None
    auth: float | None = None


def open_client(
    login: SshLogin, timeouts: StageTimeouts, secrets: SecretProvider | None,
    known_hosts: KnownHosts, deadline: Deadline, attempt: Attempt,
) -> paramiko.SSHClient:
    """Connect, verify the host key and log in; raise StageError naming the stage that failed."""
    key, password = _credentials(login, secrets)
    sock = _tcp_connect(login, deadline.limit(timeouts.connect))
    attempt.connected = True
    attempt.stalled = "the SSH handshake and login did not finish"

    client = paramiko.SSHClient()
    client.set_missing_host_key_policy(VerifyingHostKeyPolicy(known_hosts, login.host, login.port))
    transports: list[RecordingTransport] = []

    def make_transport(sock, **options) -> RecordingTransport:
        transport = RecordingTransport(sock, **options)
        transport.handshake_timeout = max(deadline.remaining(), 0.1)
        _prefer_known_key_types(transport, known_hosts.preferred_algorithms(login.host, login.port))
        transports.append(transport)
        return transport

    try:
        client.connect(
            login.host, port=login.port, username=login.username, password=password, pkey=key,
            sock=sock, timeout=deadline.remaining(), banner_timeout=deadline.limit(timeouts.banner),
            auth_timeout=deadline.limit(timeouts.auth), channel_timeout=deadline.remaining(),
            allow_agent=False, look_for_keys=False, transport_factory=make_transport,
        )
    except Exception as error:
        transport = transports[0] if transports else None
        close_client(client, transport, sock)
        raise _stage_error(error, transport, login, timeouts, deadline) from None
    return client


def load_login_known_hosts(login: SshLogin, data_dir: Path) -> KnownHosts:
    """Return the known_hosts files a login trusts: the console's, its own, the user's."""
    return load_known_hosts(data_dir, login.known_hosts, login.user_known_hosts)


def close_client(client: paramiko.SSHClient, transport: paramiko.Transport | None = None, sock: socket.socket | None = None) -> None:
    """Close a client, its transport and socket, and wait for paramiko's thread to end."""
    transport = transport or client.get_transport()
    client.close()
    close_transport(transport, sock)


def close_transport(transport: paramiko.Transport | None, sock: socket.socket | None = None) -> None:
    """Close a transport and its socket, and wait for paramiko's thread to end."""
    if sock is not None:
        sock.close()
    if transport is None:
        return
    _start_closing(transport)
    _join(transport)


def close_clients(clients: list[paramiko.SSHClient]) -> None:
    """Close many clients, then wait for their threads.

    A transport thread notices the close only at its next read timeout (about 0.1 s
    in paramiko), so closing every client before joining any makes the wait once,
    not once per connection.
    """
    transports = []
    for client in clients:
        transport = client.get_transport()
        client.close()
        if transport is not None:
            _start_closing(transport)
            transports.append(transport)
    for transport in transports:
        _join(transport)


def _start_closing(transport: paramiko.Transport) -> None:
    transport.close()
    transport.sock.close()  # close() skips this when the transport already failed
    transport.packetizer.complete_handshake()  # cancels the handshake timer thread, if one runs


def _join(transport: paramiko.Transport) -> None:
    if transport.is_alive() and transport is not threading.current_thread():
        transport.join(CLOSE_JOIN_TIMEOUT)
        if transport.is_alive():
            log.error("the SSH transport thread %s did not end within %.1f s", transport.name, CLOSE_JOIN_TIMEOUT)


def fetch_host_key(host: str, port: int = 22, timeout: float = 10.0, key_types: list[str] | None = None) -> paramiko.PKey:
    """Return the host key a server presents, without logging in.

    This is for accepting a key: show its fingerprint, let the engineer compare it with
    the server's own, then pass it to accept_host_key. A server may have several host
    keys, so pass the probe's KnownHosts.preferred_algorithms as `key_types` to
    receive the key that the probe receives. It blocks, so call it off the GUI
    thread. Raise StageError naming the stage that failed.
    """
    deadline = Deadline(timeout)
    login = SshLogin(host, port, "", None, None, None, False)
    sock = _tcp_connect(login, deadline.remaining())
    transport = RecordingTransport(sock)
    transport.banner_timeout = transport.handshake_timeout = max(deadline.remaining(), 0.1)
    _prefer_known_key_types(transport, key_types or [])
    try:
        transport.start_client(timeout=deadline.remaining())
        return transport.get_remote_server_key()
    except Exception as error:
        raise _stage_error(error, transport, login, StageTimeouts(timeout), deadline) from None
    finally:
        close_transport(transport, sock)


def _credentials(login: SshLogin, secrets: SecretProvider | None) -> tuple[paramiko.PKey | None, str | None]:
    """Return (private key, password); the keyring secret is the key's passphrase when there is a key."""
    if login.private_key is None:
        return None, probe_secret(login.credential, secrets)
    passphrase = probe_secret(login.credential, secrets) if login.credential is not None else None
    return _load_private_key(login.private_key, passphrase), None


def _load_private_key(path: Path, passphrase: str | None) -> paramiko.PKey:
    path = path.expanduser()
    if not path.is_absolute():
        # TODO: resolve private_key against the site file's folder in config.resolve,
        # as it does for ca_file; until then only absolute paths work.
        raise ProbeError(ErrorClass.CONFIG, f"private_key {str(path)!r} is a relative path; give an absolute path", State.UNKNOWN)
    try:
        return paramiko.PKey.from_path(path, passphrase.encode("utf-8") if passphrase is not None else None)
    except FileNotFoundError:
        detail = f"the private key file {path} does not exist"
    except PermissionError:
        detail = f"the private key file {path} cannot be read (permission denied)"
    except UnknownKeyType:
        detail = f"the private key {path} is of a type paramiko does not support (use ed25519, ECDSA or RSA)"
    except TypeError as error:
        # cryptography (used by paramiko 5.1) reports a missing or needless passphrase this way.
        if passphrase is None:
            detail = f"the private key {path} is encrypted; set credential to the keyring entry that holds its passphrase"
        else:
            detail = f"the private key {path} could not be loaded: {error}"
    except (ValueError, paramiko.SSHException) as error:
        # Messages of paramiko and cryptography describe the file, never the passphrase.
        reason = "wrong passphrase, or " if passphrase is not None else ""
        detail = f"the private key {path} could not be loaded ({reason}not an OpenSSH or PEM private key): {error}"
    raise ProbeError(ErrorClass.CONFIG, detail, State.UNKNOWN)


def _tcp_connect(login: SshLogin, timeout: float) -> socket.socket:
    address = f"{login.host}:{login.port}"
    try:
        return socket.create_connection((login.host, login.port), timeout=max(timeout, 0.001))
    except socket.gaierror as error:
        raise StageError(STAGE_TCP, ErrorClass.DNS, f"the host name {login.host} does not resolve ({error.strerror})") from None
    except ConnectionRefusedError:
        raise StageError(STAGE_TCP, ErrorClass.REFUSED, f"connection to {address} refused") from None
    except TimeoutError:
        raise StageError(STAGE_TCP, ErrorClass.CONNECT_TIMEOUT, f"no answer from {address} within {format_seconds(round(timeout, 2))}") from None
    except OSError as error:
        raise StageError(STAGE_TCP, ErrorClass.CONNECT, f"connection to {address} failed: {error.strerror or error}") from None


def _prefer_known_key_types(transport: paramiko.Transport, preferred: list[str]) -> None:
    if not preferred:
        return
    options = transport.get_security_options()
    available = list(options.key_types)
    first = [name for name in preferred if name in available]
    options.key_types = first + [name for name in available if name not in first]


def _stage_error(error: Exception, transport, login: SshLogin, timeouts: StageTimeouts, deadline: Deadline) -> ProbeError:
    """Return the StageError for an exception of SSHClient.connect."""
    address = f"{login.host}:{login.port}"
    if isinstance(error, UnknownHostKey):
        finding = Finding(FINDING_UNKNOWN_KEY, State.UNKNOWN, str(error))
        return StageError(STAGE_HOST_KEY, ErrorClass.CONFIG, str(error), State.UNKNOWN, (finding,))
    if isinstance(error, ChangedHostKey):
        finding = Finding(FINDING_CHANGED_KEY, State.DOWN, str(error))
        return StageError(STAGE_HOST_KEY, ErrorClass.CERTIFICATE, str(error), findings=(finding,))
    if isinstance(error, paramiko.AuthenticationException):
        return _auth_error(error, login, timeouts)
    if isinstance(error, IncompatiblePeer):
        return StageError(STAGE_KEX, ErrorClass.PROTOCOL, describe_incompatibility(error, transport))

    chain = list(exception_chain(error))
    timed_out = deadline.expired() or any(isinstance(item, TimeoutError) for item in chain)
    if transport is None or not transport.remote_version:
        return _banner_error(error, chain, address, timed_out, deadline)
    if not transport.initial_kex_done:
        if timed_out:
            return StageError(STAGE_KEX, ErrorClass.TIMEOUT, f"the key exchange with {address} did not finish within the probe's time")
        if any(isinstance(item, EOFError) for item in chain):
            return StageError(STAGE_KEX, ErrorClass.CONNECT, f"{address} closed the connection during the key exchange")
        return StageError(STAGE_KEX, ErrorClass.PROTOCOL, f"the key exchange with {address} failed: {error}")
    if timed_out:
        return StageError(STAGE_AUTH, ErrorClass.TIMEOUT, f"the login at {address} did not finish within the probe's time")
    return StageError(STAGE_AUTH, ErrorClass.PROTOCOL, f"the login at {address} failed: {type(error).__name__}: {error}")


def _banner_error(error: Exception, chain: list, address: str, timed_out: bool, deadline: Deadline) -> StageError:
    if timed_out:
        return StageError(STAGE_BANNER, ErrorClass.TIMEOUT, f"{address} accepted the TCP connection but sent no SSH banner in time")
    if any(isinstance(item, EOFError) for item in chain):
        return StageError(STAGE_BANNER, ErrorClass.CONNECT, f"{address} closed the connection before sending an SSH banner")
    if any(isinstance(item, (ConnectionResetError, BrokenPipeError)) for item in chain):
        return StageError(STAGE_BANNER, ErrorClass.CONNECT, f"{address} reset the connection before sending an SSH banner")
    return StageError(STAGE_BANNER, ErrorClass.PROTOCOL, f"{address} did not send a valid SSH banner: {error}")


def _auth_error(error: paramiko.AuthenticationException, login: SshLogin, timeouts: StageTimeouts) -> StageError:
    if "timeout" in str(error).lower():
        return StageError(STAGE_AUTH, ErrorClass.TIMEOUT, f"the login at {login.target} timed out")
    if isinstance(error, paramiko.BadAuthenticationType):
        allowed = ", ".join(error.allowed_types) or "none"
        return StageError(STAGE_AUTH, ErrorClass.CONFIG, f"{login.target} does not allow this login method; it allows: {allowed}", State.UNKNOWN)
    method = "the private key " + str(login.private_key) if login.private_key else "the password from the keyring"
    return StageError(
        STAGE_AUTH, ErrorClass.CONFIG,
        f"{login.target} rejected the login with {method}; check the username, and that the key "
        "is in the account's authorized_keys or the keyring entry holds the current password",
        State.UNKNOWN,
    )
