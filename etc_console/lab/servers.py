"""The listeners of one subsystem, or of all service points, and how a fault change reaches them."""

import asyncio
import logging
import time

from etc_console.catalog.model import Catalog, Subsystem
from etc_console.lab.apps import service_point_app, subsystem_app
from etc_console.lab.faults import Fault, FaultTable, aggregate_id
from etc_console.lab.listeners import HttpListener
from etc_console.lab.tcp import SIDE_PORTS, TcpListener
from etc_console.lab.tls import TlsContexts

log = logging.getLogger(__name__)


def _is_down(fault: Fault | None) -> bool:
    return fault is not None and fault.kind == "down"


def _is_cert(fault: Fault | None) -> bool:
    return fault is not None and fault.is_cert


class SubsystemServer:
    """The HTTPS health listener of one subsystem and its side TCP ports."""

    def __init__(self, subsystem: Subsystem, host: str, table: FaultTable, tls: TlsContexts):
        self.subsystem = subsystem
        self._table = table
        self._tls = tls
        self.https = HttpListener(f"{subsystem.id} https", host, self._make_app, self._ssl_context)
        self.side_ports = [TcpListener(spec, host, subsystem.id, table) for spec in SIDE_PORTS.get(subsystem.id, ())]

    def _make_app(self):
        # Every open builds a new app, so a service restarted by `down` reports its uptime from zero.
        return subsystem_app(self.subsystem, self._table, time.monotonic())

    def _ssl_context(self):
        return self._tls.for_subsystem(self.subsystem.id, self._table.get(self.subsystem.id))

    def ports(self) -> dict[str, int]:
        ports = {"https": self.https.port}
        ports.update({listener.spec.name: listener.port for listener in self.side_ports})
        return ports

    async def open(self) -> None:
        await self.https.open()
        for listener in self.side_ports:
            await listener.open()

    async def close(self, hold_ports: bool = False) -> None:
        listeners = [self.https, *self.side_ports]
        await asyncio.gather(*(listener.close(hold_ports) for listener in listeners))

    async def apply(self, target: str, previous: Fault | None, current: Fault | None) -> None:
        """Bring the listeners in line with a fault change.

        `down` closes every port and clearing it reopens them. A change to or from a
        certificate fault restarts the HTTPS listener with the matching leaf, which
        also closes kept-alive connections that still use the old certificate.
        """
        if _is_down(current):
            await self.close(hold_ports=True)
        elif _is_down(previous):
            await self.open()
        elif _is_cert(previous) or _is_cert(current):
            await self.https.restart()


class ServicePointServer:
    """The shared plain-HTTP listener of every service point's heartbeat."""

    def __init__(self, catalog: Catalog, host: str, table: FaultTable):
        self.aggregate = aggregate_id(catalog)
        self._aggregate_name = next((s.name for s in catalog.subsystems if s.id == self.aggregate), self.aggregate)
        self._points = list(catalog.service_points)
        self._table = table
        self.http = HttpListener("service points http", host, self._make_app)

    def _make_app(self):
        return service_point_app(self._points, self.aggregate, self._aggregate_name, self._table, time.monotonic())

    def ports(self) -> dict[str, int]:
        return {"http": self.http.port}

    async def open(self) -> None:
        await self.http.open()

    async def close(self, hold_ports: bool = False) -> None:
        await self.http.close(hold_ports)

    async def apply(self, target: str, previous: Fault | None, current: Fault | None) -> None:
        """Close or reopen the shared port for `down` on the aggregate id.

        Faults on one point code, and every other fault on the aggregate, are applied per
        request by the application's middleware.
        """
        if target != self.aggregate:
            return
        if _is_down(current):
            await self.close(hold_ports=True)
        elif _is_down(previous):
            await self.open()
