"""Plain TCP side ports of a subsystem, such as the HSM port (加密机) of issuance authentication.

A side port accepts connections, sends its banner if it has one, then reads and discards
input until the client closes or IDLE_TIMEOUT passes. Faults on the owning subsystem
apply as follows: `down` closes the port, `slow` delays the banner, and `http500` and
the failing turns of `flapping` send the failure banner (if any) and close at once.
The certificate faults do not apply to plain TCP.
"""

import asyncio
import logging
from dataclasses import dataclass

from etc_console.lab.faults import FaultTable
from etc_console.lab.listeners import REUSE_ADDRESS, PortReservation

log = logging.getLogger(__name__)

IDLE_TIMEOUT = 30.0


@dataclass(frozen=True)
class SidePort:
    """A TCP port of a subsystem besides its HTTPS health listener.

    `name` is the key of the port in Lab.ports. `label` is the name of its probe in the
    lab's site file. `banner` is sent on connect.
    """

    name: str
    label: str
    banner: str | None = None
    failure_banner: str | None = None


SIDE_PORTS: dict[str, tuple[SidePort, ...]] = {
    "iss-auth": (SidePort("hsm", "加密机端口"),),
    "stl-transfer": (
        SidePort(
            "file-exchange",
            "文件交换端口",
            banner="220 stl-transfer file exchange service ready\r\n",
            failure_banner="421 Service not available, closing control connection.\r\n",
        ),
    ),
}


class TcpListener:
    """One side port of one subsystem, closable and reopenable on the same port."""

    def __init__(self, spec: SidePort, host: str, target: str, table: FaultTable):
        self.spec = spec
        self.host = host
        self.port = 0
        self._target = target
        self._table = table
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task] = set()
        self._reservation = PortReservation()

    async def open(self) -> None:
        if self._server is not None:
            return
        self._reservation.release()
        self._server = await asyncio.start_server(self._serve, self.host, self.port, reuse_address=REUSE_ADDRESS)
        self.port = self._server.sockets[0].getsockname()[1]
        log.debug("%s side port %s listening on %s:%d", self._target, self.spec.name, self.host, self.port)

    async def close(self, hold_port: bool = False) -> None:
        """Close the port and every open connection; with `hold_port`, keep the port bound."""
        if self._server is not None:
            server, self._server = self._server, None
            server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await server.wait_closed()
        if hold_port:
            self._reservation.hold(self.host, self.port)
        else:
            self._reservation.release()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        self._tasks.add(task)
        try:
            await self._converse(reader, writer)
        except (ConnectionError, TimeoutError):
            pass  # the client went away or stayed idle too long, which ends the conversation
        except asyncio.CancelledError:
            # close() cancels open conversations. Python 3.11 logs an error for a cancelled
            # client_connected_cb task, so the task ends normally instead.
            pass
        finally:
            writer.close()
            self._tasks.discard(task)

    async def _converse(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if await self._fails_now():
            if self.spec.failure_banner:
                writer.write(self.spec.failure_banner.encode("ascii"))
                await writer.drain()
            return

        if self.spec.banner:
            writer.write(self.spec.banner.encode("ascii"))
            await writer.drain()

        async with asyncio.timeout(IDLE_TIMEOUT):
            while await reader.read(4096):
                pass

    async def _fails_now(self) -> bool:
        """Apply the subsystem's fault to this connection; return True when it must fail."""
        fault = self._table.get(self._target)
        if fault is None:
            return False
        if fault.kind == "slow":
            await asyncio.sleep(fault.delay_ms / 1000)
            return False
        if fault.kind == "http500":
            return True
        return fault.kind == "flapping" and self._table.flap_fails(self._target, self.spec.name)
