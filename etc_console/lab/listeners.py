"""Listeners that can be closed and reopened on the same port.

While a listener is closed for the `down` fault, a bound socket that does not listen
keeps its port, so connections to it are refused and no other program takes the port
before the fault is cleared.
NOTE: that behaviour is tested on Linux only.
"""

import ipaddress
import logging
import os
import socket
import ssl
from collections.abc import Callable

from aiohttp import web

log = logging.getLogger(__name__)

# Time in seconds that in-flight requests get to finish when a listener closes. A
# request held by `slow` is cancelled after that, and aiohttp 3.14 waits the same time
# again for the cancellation, so closing takes up to about 1 s.
SHUTDOWN_TIMEOUT = 0.5

# SO_REUSEADDR lets a listener rebind its port while old connections are in TIME_WAIT.
# On Windows the option would let two sockets share a port, so it stays off there.
REUSE_ADDRESS = True if os.name == "posix" else None


def check_loopback_host(host: str) -> str:
    """Return `host` when it is an IPv4 loopback address; raise ValueError otherwise."""
    try:
        address = ipaddress.IPv4Address(host)
    except ValueError:
        raise ValueError(f"invalid lab host {host!r}; expected an IPv4 loopback address such as 127.0.0.1") from None
    if not address.is_loopback:
        raise ValueError(f"the lab serves only on loopback, and {host!r} is not a loopback address; use 127.0.0.1")
    return host


class PortReservation:
    """A bound, non-listening socket that keeps a port taken while its listener is closed."""

    def __init__(self) -> None:
        self._socket: socket.socket | None = None

    def hold(self, host: str, port: int) -> None:
        holder = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if REUSE_ADDRESS:
            holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            holder.bind((host, port))
        except OSError as error:
            holder.close()
            log.warning("cannot hold port %s:%d while its listener is closed: %s", host, port, error)
            return
        self._socket = holder

    def release(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


class HttpListener:
    """One aiohttp application served on one port, over TLS when a context is given.

    The first open() binds a free port, and every later open() binds the same one.
    `app_factory` builds a fresh application at every open, since aiohttp freezes an
    application once a runner has used it.
    """

    def __init__(self, label: str, host: str, app_factory: Callable[[], web.Application],
                 ssl_context_of: Callable[[], ssl.SSLContext | None] = lambda: None, backlog: int = 128):
        self.label = label
        self.host = host
        self.port = 0
        self._app_factory = app_factory
        self._ssl_context_of = ssl_context_of
        self._backlog = backlog
        self._runner: web.AppRunner | None = None
        self._reservation = PortReservation()

    @property
    def is_open(self) -> bool:
        return self._runner is not None

    async def open(self) -> None:
        if self._runner is not None:
            return
        self._reservation.release()

        runner = web.AppRunner(self._app_factory(), access_log=None, shutdown_timeout=SHUTDOWN_TIMEOUT)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port, ssl_context=self._ssl_context_of(),
                           backlog=self._backlog, reuse_address=REUSE_ADDRESS)
        try:
            await site.start()
        except OSError:
            await runner.cleanup()
            raise

        self._runner = runner
        self.port = site.port
        log.debug("%s listening on %s:%d", self.label, self.host, self.port)

    async def close(self, hold_port: bool = False) -> None:
        """Close the listener and every connection; with `hold_port`, keep the port bound."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()
            log.debug("%s closed on %s:%d", self.label, self.host, self.port)
        if hold_port:
            self._reservation.hold(self.host, self.port)
        else:
            self._reservation.release()

    async def restart(self) -> None:
        await self.close()
        await self.open()
