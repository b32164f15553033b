"""SSH connections shared by the probes of one round."""

import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import paramiko

from etc_console.probes.attempt import Attempt, ProbeError
from etc_console.probes.blocking import Deadline
from etc_console.probes.credentials import SecretProvider
from etc_console.probes.model import ErrorClass, State
from etc_console.probes.ssh.connect import (
    STAGE_TCP, SshLogin, StageError, StageTimeouts, close_client, close_clients, load_login_known_hosts, open_client,
)

log = logging.getLogger(__name__)


@dataclass
class _Entry:
    lock: threading.Lock = field(default_factory=threading.Lock)
    client: paramiko.SSHClient | None = None
    failure: ProbeError | None = None
    failed_at: float = 0.0


class SshPool:
    """One authenticated connection per SshLogin (host, port, username, key, credential).

    The probe engine makes one pool per round and closes it when the round ends.
    Probes of the same login run their commands on channels of one connection. When
    a connection attempt fails, the probes that were already waiting for it get the
    same failure; a later probe (a retry) tries again. Thread-safe.
    """

    def __init__(self, data_dir: Path):
        self.data_dir = Path(data_dir)
        self.opened = 0  # connections opened so far
        self._lock = threading.Lock()
        self._entries: dict[SshLogin, _Entry] = {}
        self._closed = False

    def client(
        self, login: SshLogin, timeouts: StageTimeouts, secrets: SecretProvider | None,
        deadline: Deadline, attempt: Attempt,
    ) -> paramiko.SSHClient:
        """Return the login's open connection, connecting first when there is none."""
        entry = self._entry(login)
        requested_at = time.monotonic()
        if not entry.lock.acquire(timeout=deadline.remaining()):
            raise StageError(STAGE_TCP, ErrorClass.TIMEOUT, f"another probe's connection to {login.target} did not finish in time")
        try:
            return self._client_locked(entry, login, timeouts, secrets, deadline, attempt, requested_at)
        finally:
            entry.lock.release()

    def _client_locked(self, entry, login, timeouts, secrets, deadline, attempt, requested_at) -> paramiko.SSHClient:
        if self._closed:
            raise ProbeError(ErrorClass.INTERNAL, "the probe round already ended", State.UNKNOWN)
        if entry.client is not None and _is_active(entry.client):
            attempt.connected = True
            return entry.client
        if entry.failure is not None and entry.failed_at >= requested_at:
            result = entry.failure.result
            raise ProbeError(result.error_class, result.detail, result.state)

        if entry.client is not None:
            close_client(entry.client)
            entry.client = None
        known_hosts = load_login_known_hosts(login, self.data_dir)
        try:
            client = open_client(login, timeouts, secrets, known_hosts, deadline, attempt)
        except ProbeError as error:
            entry.failure, entry.failed_at = error, time.monotonic()
            raise
        entry.client, entry.failure = client, None
        self.opened += 1
        log.debug("SSH connection %d of this round opened to %s", self.opened, login.target)
        return client

    def abort(self, login: SshLogin) -> None:
        """Close the login's connection at once, so that calls blocked on it return.

        Called when a probe runs past its total timeout; other probes of the login in
        the same round then reconnect.
        """
        with self._lock:
            entry = self._entries.get(login)
        client = entry.client if entry is not None else None
        if client is not None:
            log.info("closing the SSH connection to %s because a probe ran out of time", login.target)
            close_client(client)

    def close(self) -> None:
        """Close every connection and wait for paramiko's threads to end."""
        with self._lock:
            self._closed = True
            entries = list(self._entries.items())
        clients = []
        for _login, entry in entries:
            with entry.lock:
                if entry.client is not None:
                    clients.append(entry.client)
                    entry.client = None
        close_clients(clients)
        log.debug("SSH pool closed after opening %d connections", self.opened)

    def _entry(self, login: SshLogin) -> _Entry:
        with self._lock:
            return self._entries.setdefault(login, _Entry())


def _is_active(client: paramiko.SSHClient) -> bool:
    transport = client.get_transport()
    return transport is not None and transport.is_active()
