"""The lab's SSH and SFTP server: paramiko in server mode on one loopback port.

The port represents every application server at once, and the login name picks which
one (shell.APP_HOSTS). Logins need the lab's client key. A command runs in the fake
shell and an "sftp" subsystem serves the drop folder read-only.

Threads: the listening socket is served by the lab's event loop, and every accepted
connection gets a paramiko Transport (one thread), an SFTPServer thread per SFTP
session and a thread per command (below). The server keeps them all and joins them
in close(), which blocks the event loop while paramiko's threads end.
NOTE: accepting on the event loop and handing the socket to paramiko is tested on
Linux only; Windows runs the loop as a ProactorEventLoop.

The fake shell's output, exit status and end of file are sent while paramiko handles
the exec request. The channel must not be closed before paramiko has sent that
request's success reply. So a thread per command closes it once the client has sent
its own end of file or closed the channel, messages that paramiko handles only after
the reply.
NOTE: an OpenSSH client whose standard input stays open (a terminal) sends no end of
file, so it waits after the output; use `ssh -n` to try a command by hand.
"""

import asyncio
import logging
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import paramiko

from etc_console.lab.listeners import REUSE_ADDRESS, PortReservation
from etc_console.lab.sftpfs import FolderSftp
from etc_console.lab.shell import APP_HOSTS, run_shell

log = logging.getLogger(__name__)

# Seconds that close() waits for each paramiko thread to end.
JOIN_TIMEOUT = 2.0

# paramiko's log channel of the server's connections.
PARAMIKO_LOG = "etc_console.lab.paramiko"


class _RoutineDisconnects(logging.Filter):
    """Log paramiko's "Socket exception" errors of lab connections at DEBUG.

    Probes drop their connection at once after reading, or when they reject the host
    key, and paramiko 5.1 logs the server's side of that as an error.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.ERROR and record.getMessage().startswith("Socket exception"):
            record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return True


logging.getLogger(PARAMIKO_LOG).addFilter(_RoutineDisconnects())

HostKeyOf = Callable[[], paramiko.PKey]
DiskFullOf = Callable[[str], bool]


class LabSshServer:
    """An SSH server on `host` whose host key and disk readings follow the lab's faults.

    `host_key_of` returns the key to present to the next connection, and `disk_full_of`
    whether a login's /data is full. Both are called on paramiko's threads.
    """

    def __init__(self, host: str, client_key: paramiko.PKey, host_key_of: HostKeyOf, disk_full_of: DiskFullOf,
                 sftp_root: Path, logins: list[str]):
        self.host = host
        self.port = 0
        self.logins = [login for login in logins if login in APP_HOSTS]
        self._client_key = client_key
        self._host_key_of = host_key_of
        self._disk_full_of = disk_full_of
        self._sftp_root = Path(sftp_root)
        self._socket: socket.socket | None = None
        self._accepting: asyncio.Task | None = None
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._connections = 0
        self._reservation = PortReservation()

    @property
    def is_open(self) -> bool:
        return self._socket is not None

    async def open(self) -> None:
        """Listen on the port of the last open(), or on a free port the first time."""
        if self._socket is not None:
            return
        self._reservation.release()
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            if REUSE_ADDRESS:
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((self.host, self.port))
            listener.listen(64)
            listener.setblocking(False)
        except OSError:
            listener.close()
            raise
        self._socket = listener
        self.port = listener.getsockname()[1]
        self._accepting = asyncio.get_running_loop().create_task(self._accept_forever(listener))
        log.info("lab SSH server listening on %s:%d for logins %s", self.host, self.port, ", ".join(self.logins))

    async def close(self, hold_port: bool = False) -> None:
        """Stop accepting, close every connection and join paramiko's threads."""
        if self._socket is not None:
            accepting, self._accepting = self._accepting, None
            accepting.cancel()
            await asyncio.gather(accepting, return_exceptions=True)
            self._socket.close()
            self._socket = None
        self._close_connections()
        if hold_port:
            self._reservation.hold(self.host, self.port)
        else:
            self._reservation.release()

    def thread_count(self) -> int:
        """Return how many paramiko threads of this server are still running."""
        with self._lock:
            return sum(1 for thread in self._threads if thread.is_alive())

    async def _accept_forever(self, listener: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        while True:
            try:
                connection, address = await loop.sock_accept(listener)
            except OSError as error:
                log.error("lab SSH server on port %d failed to accept a connection: %s", self.port, error)
                await asyncio.sleep(0.1)  # a short pause, so a persistent error does not spin the loop
                continue
            try:
                self._start_transport(connection, address)
            except (OSError, paramiko.SSHException) as error:
                log.error("lab SSH connection from %s:%d could not start: %s", *address, error)
                connection.close()

    def _start_transport(self, connection: socket.socket, address: tuple[str, int]) -> None:
        connection.setblocking(True)
        transport = paramiko.Transport(connection)
        self._connections += 1
        transport.name = f"lab-ssh-{self._connections}"
        transport.set_log_channel(PARAMIKO_LOG)
        transport.add_server_key(self._host_key_of())
        self._track(transport)
        # With an event, start_server returns at once and the handshake runs on the transport's thread.
        transport.start_server(event=threading.Event(), server=_Session(self, address))
        log.debug("lab SSH connection %d from %s:%d", self._connections, *address)

    def _track(self, thread: threading.Thread) -> None:
        with self._lock:
            self._threads = [item for item in self._threads if item.is_alive()]
            self._threads.append(thread)

    def _close_connections(self) -> None:
        # A transport may start a command or SFTP thread while closing, so repeat until none is left.
        while True:
            with self._lock:
                threads, self._threads = self._threads, []
            if not threads:
                return
            for thread in threads:
                if isinstance(thread, paramiko.Transport):
                    thread.close()
            for thread in threads:
                thread.join(JOIN_TIMEOUT)
                if thread.is_alive():
                    log.error("lab SSH thread %s did not end within %.1f s", thread.name, JOIN_TIMEOUT)

    # ---------------------------------------------------------------- called on paramiko's threads

    def authorises(self, username: str, key: paramiko.PKey) -> bool:
        return username in self.logins and key == self._client_key

    def run_command(self, username: str, command: str):
        return run_shell(APP_HOSTS[username], command, self._disk_full_of(username), datetime.now(timezone.utc))

    def close_after_client_eof(self, channel: paramiko.Channel) -> None:
        closer = threading.Thread(target=_close_after_client_eof, args=(channel,), name=f"{channel.get_transport().name}-exec")
        self._track(closer)
        closer.start()

    def start_sftp(self, channel: paramiko.Channel, name: str, session: paramiko.ServerInterface) -> None:
        handler = paramiko.SFTPServer(channel, name, session, FolderSftp, self._sftp_root)
        handler.name = f"{channel.get_transport().name}-sftp"
        self._track(handler)
        handler.start()


class _Session(paramiko.ServerInterface):
    """The server side of one SSH connection: key login, exec in the fake shell, and SFTP."""

    def __init__(self, server: LabSshServer, address: tuple[str, int]):
        self._server = server
        self._address = address
        self._username: str | None = None

    def get_allowed_auths(self, username: str) -> str:
        return "publickey"

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        if self._server.authorises(username, key):
            self._username = username
            return paramiko.AUTH_SUCCESSFUL
        log.info("lab SSH login %r from %s:%d rejected: key %s %s is not the lab client key, or the login is unknown",
                 username, *self._address, key.get_name(), key.fingerprint)
        return paramiko.AUTH_FAILED

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return paramiko.OPEN_SUCCEEDED
        return paramiko.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_exec_request(self, channel: paramiko.Channel, command: bytes) -> bool:
        text = command.decode("utf-8", errors="replace")
        result = self._server.run_command(self._username, text)
        log.debug("lab SSH %s ran %r: exit status %d", self._username, text, result.exit_status)
        try:
            if result.stdout:
                channel.sendall(result.stdout.encode("utf-8"))
            if result.stderr:
                channel.sendall_stderr(result.stderr.encode("utf-8"))
            channel.send_exit_status(result.exit_status)
            channel.shutdown_write()
        except (OSError, EOFError, paramiko.SSHException) as error:
            log.info("lab SSH output of %r to %s could not be sent: %s", text, self._username, error)
            return False
        self._server.close_after_client_eof(channel)
        return True

    def check_channel_subsystem_request(self, channel: paramiko.Channel, name: str) -> bool:
        if name != "sftp":
            return False
        self._server.start_sftp(channel, name, self)
        return True


def _close_after_client_eof(channel: paramiko.Channel) -> None:
    """Read and drop the command's input until the client's end of file, then close the channel."""
    try:
        while channel.recv(4096):
            pass
        channel.close()
    except (OSError, EOFError, paramiko.SSHException) as error:
        # The client dropped the connection first, which ends the channel as well.
        log.debug("lab SSH channel %d ended with its connection: %r", channel.get_id(), error)
