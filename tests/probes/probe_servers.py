"""Loopback servers for probe tests; each one is an async context manager that stops it.

Every server binds 127.0.0.1 port 0 and yields the port the kernel chose.
"""

import asyncio
import contextlib
import socket
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable

from aiohttp import web

HOST = "127.0.0.1"

# The over-long name that glibc rejects locally with EAI_NONAME, without a DNS query:
# four 63-character labels make the name longer than the 253 characters DNS allows.
UNRESOLVABLE_HOST = "x." + ".".join(letter * 63 for letter in "yzwv")


def bound_socket(backlog: int = 16) -> socket.socket:
    """Return a TCP socket listening on 127.0.0.1 at a free port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, 0))
    sock.listen(backlog)
    return sock


def port_of(sock: socket.socket) -> int:
    return sock.getsockname()[1]


def closed_port() -> int:
    """Return a port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return port_of(sock)


@contextlib.contextmanager
def silent_listener():
    """Yield the port of a socket that completes TCP connects but never reads or writes.

    The kernel finishes the handshake from the listen backlog, so clients connect,
    while the test never calls accept().
    """
    sock = bound_socket()
    try:
        yield port_of(sock)
    finally:
        sock.close()


@contextlib.contextmanager
def full_backlog_listener():
    """Yield the port of a listener whose accept queue is full, so new connects hang.

    Linux drops a SYN while the accept queue is full, and the client keeps
    retransmitting it: a real connect timeout on loopback. With backlog 0 the queue
    has room for one connection, and a few extra connects make sure it is full.
    """
    sock = bound_socket(backlog=0)
    fillers = []
    try:
        for _ in range(3):
            filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            filler.setblocking(False)
            filler.connect_ex((HOST, port_of(sock)))
            fillers.append(filler)
        yield port_of(sock)
    finally:
        for filler in fillers:
            filler.close()
        sock.close()


@contextlib.asynccontextmanager
async def web_server(
    routes: list[web.RouteDef], ssl_context: ssl.SSLContext | None = None
) -> AsyncIterator[int]:
    """Serve an aiohttp application on 127.0.0.1 and yield its port."""
    app = web.Application()
    app.add_routes(routes)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    sock = bound_socket()
    port = port_of(sock)
    try:
        site = web.SockSite(runner, sock, ssl_context=ssl_context)
        await site.start()
        yield port
    finally:
        await runner.cleanup()
        sock.close()


Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


@contextlib.asynccontextmanager
async def stream_server(handler: Handler) -> AsyncIterator[int]:
    """Serve raw TCP with `handler` on 127.0.0.1 and yield the port.

    On exit the server stops, every connection is closed and unfinished handlers are
    cancelled, so a handler may wait forever on purpose.
    """
    tasks: set[asyncio.Task] = set()
    writers: list[asyncio.StreamWriter] = []

    async def tracked(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        tasks.add(asyncio.current_task())
        writers.append(writer)
        await handler(reader, writer)

    sock = bound_socket()
    server = await asyncio.start_server(tracked, sock=sock)
    try:
        yield port_of(sock)
    finally:
        server.close()
        await server.wait_closed()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for writer in writers:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()


class SniRecorder:
    """Server SSLContext that picks the certificate by SNI and records each name asked for.

    Names missing from `contexts` get the default context's certificate, like a
    server's default virtual host. A client that sends no SNI is recorded as None.
    """

    def __init__(self, default: ssl.SSLContext, contexts: dict[str, ssl.SSLContext]):
        self.context = default
        self.names: list[str | None] = []
        self._contexts = contexts
        default.sni_callback = self._choose

    def _choose(self, ssl_object: ssl.SSLObject, server_name: str | None, context: ssl.SSLContext) -> None:
        self.names.append(server_name)
        if server_name in self._contexts:
            ssl_object.context = self._contexts[server_name]
