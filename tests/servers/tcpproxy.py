"""A forwarding TCP proxy on 127.0.0.1 that reads the PostgreSQL wire protocol and can cut the link.

Clients connect to the proxy's port and the proxy forwards each connection to the
real server. It frames the server's messages of protocol 3.0 (a type byte, then an
int32 length that counts itself, then the payload) to drop a connection at one exact
point. When armed with `cut_after_commit()`, it closes both sockets as soon as the
server's CommandComplete for COMMIT arrives, before the client sees it. The
transaction is then committed on the server while the client gets a broken link.

Before the startup message a client may send SSLRequest or GSSENCRequest, and the
server replies to each with one unframed byte. The proxy counts those requests on the client
side so that it reads each reply as that one byte. It cannot read an encrypted
stream, so tests must keep TLS off (the session's server has no certificate).

One thread serves every connection with a selector. It writes with blocking
`sendall`, which is fine for the small messages of the tests on loopback.
"""

import selectors
import socket
import struct
import threading
from dataclasses import dataclass, field

SSL_REQUEST = 80877103
GSSENC_REQUEST = 80877104
COMMAND_COMPLETE = ord("C")
COMMIT_TAG = b"COMMIT\x00"


@dataclass
class _Link:
    """One client connection and its connection to the server."""

    client: socket.socket
    server: socket.socket
    pending_single_bytes: int = 0  # SSL/GSS requests still waiting for the server's one-byte reply
    client_startup_done: bool = False
    client_buffer: bytearray = field(default_factory=bytearray)
    server_buffer: bytearray = field(default_factory=bytearray)


class PgProxy:
    """A proxy from 127.0.0.1:`port` to the server, whose `cut_after_commit()` arms one cut."""

    def __init__(self, server_host: str, server_port: int):
        self._target = (server_host, server_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.setblocking(False)
        self.port = self._listener.getsockname()[1]
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._listener, selectors.EVENT_READ, None)
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._selector.register(self._wake_reader, selectors.EVENT_READ, "wake")
        self._links: list[_Link] = []
        self._lock = threading.Lock()
        self._armed = False
        self._silent = False
        self._stopping = False
        self.cut_done = threading.Event()
        self.cuts = 0
        self._thread = threading.Thread(target=self._serve, name="pg-proxy", daemon=True)
        self._thread.start()

    def cut_after_commit(self, armed: bool = True) -> None:
        """Arm (or disarm) a cut of the next connection whose server reports a COMMIT."""
        with self._lock:
            self._armed = armed
            self.cut_done.clear()

    def go_silent(self, silent: bool = True) -> None:
        """Keep every connection open but pass nothing on, in either direction (a stuck middlebox).

        The client's packets are still acknowledged by this host's TCP stack, so
        keepalives and TCP timeouts see a healthy link.
        """
        with self._lock:
            self._silent = silent

    def close(self) -> None:
        """Stop serving, close every socket and wait for the proxy's thread."""
        self._stopping = True
        self._wake_writer.send(b"x")
        self._thread.join(timeout=10)
        for sock in (self._wake_reader, self._wake_writer):
            sock.close()
        if self._thread.is_alive():
            raise RuntimeError("the PostgreSQL proxy thread did not stop within 10 s")

    def __enter__(self) -> "PgProxy":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # --------------------------------------------------------------- the loop

    def _serve(self) -> None:
        try:
            while not self._stopping:
                for key, _events in self._selector.select():
                    if key.data == "wake":
                        self._wake_reader.recv(64)
                    elif key.data is None:
                        self._accept()
                    else:
                        link, from_client = key.data
                        self._relay(link, from_client)
        finally:
            for link in list(self._links):
                self._drop(link)
            self._selector.close()
            self._listener.close()

    def _accept(self) -> None:
        try:
            client, _address = self._listener.accept()
        except BlockingIOError:
            return
        client.setblocking(True)
        try:
            server = socket.create_connection(self._target, timeout=10)
        except OSError:
            client.close()
            return
        link = _Link(client, server)
        self._links.append(link)
        self._selector.register(client, selectors.EVENT_READ, (link, True))
        self._selector.register(server, selectors.EVENT_READ, (link, False))

    def _relay(self, link: _Link, from_client: bool) -> None:
        source = link.client if from_client else link.server
        try:
            data = source.recv(65536)
        except OSError:
            data = b""
        if not data:
            self._drop(link)
            return
        if self._silent:
            return  # swallowed: the peer never hears of it
        try:
            if from_client:
                self._note_client_startup(link, data)
                link.server.sendall(data)
            else:
                self._forward_server_messages(link, data)
        except OSError:
            self._drop(link)

    def _note_client_startup(self, link: _Link, data: bytes) -> None:
        """Count the SSL/GSS requests among the client's untyped startup packets."""
        if link.client_startup_done:
            return
        link.client_buffer += data
        while len(link.client_buffer) >= 8:
            length, code = struct.unpack("!ii", link.client_buffer[:8])
            if len(link.client_buffer) < length:
                return
            del link.client_buffer[:length]
            if code in (SSL_REQUEST, GSSENC_REQUEST):
                link.pending_single_bytes += 1
            else:
                link.client_startup_done = True  # the startup message; typed messages follow
                link.client_buffer.clear()
                return

    def _forward_server_messages(self, link: _Link, data: bytes) -> None:
        """Send the server's complete messages on, unless the armed cut hits a COMMIT."""
        link.server_buffer += data
        ready = bytearray()
        while link.server_buffer:
            if link.pending_single_bytes:
                ready += link.server_buffer[:1]
                del link.server_buffer[:1]
                link.pending_single_bytes -= 1
                continue
            if len(link.server_buffer) < 5:
                break
            kind, length = struct.unpack("!Bi", link.server_buffer[:5])
            if len(link.server_buffer) < 1 + length:
                break
            message = bytes(link.server_buffer[:1 + length])
            del link.server_buffer[:1 + length]
            if kind == COMMAND_COMPLETE and message[5:] == COMMIT_TAG and self._take_cut():
                if ready:
                    link.client.sendall(ready)
                self._drop(link)
                self.cuts += 1
                self.cut_done.set()
                return
            ready += message
        if ready:
            link.client.sendall(ready)

    def _take_cut(self) -> bool:
        with self._lock:
            armed, self._armed = self._armed, False
            return armed

    def _drop(self, link: _Link) -> None:
        if link not in self._links:
            return
        self._links.remove(link)
        for sock in (link.client, link.server):
            try:
                self._selector.unregister(sock)
            except (KeyError, ValueError):
                pass
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()
