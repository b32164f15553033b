"""Plain clients for the lab tests: aiohttp over HTTPS with SNI and the lab CA, ssl and socket.

They do not use the probe engine, so the lab tests stand on their own.
"""

import asyncio
import socket
import ssl
import time
from dataclasses import dataclass

import aiohttp
from cryptography import x509

from etc_console.lab import Lab, lab_host_name

TIMEOUT = 5.0


@dataclass(frozen=True)
class Observation:
    """What one request saw: a status and JSON body, or the error class name."""

    status: int | None
    body: dict | None
    error: str | None
    elapsed: float

    @property
    def outcome(self) -> str:
        """Return "ok", "http 500", "refused", "disconnected", "certificate" or an error class name."""
        if self.error is not None:
            return self.error
        if self.status == 200 and self.body and self.body.get("status") == "UP":
            return "ok"
        return f"http {self.status}"


def _error_name(error: BaseException) -> str:
    if isinstance(error, aiohttp.ClientConnectorCertificateError):
        return "certificate"
    if isinstance(error, aiohttp.ClientConnectorError) and isinstance(error.os_error, ConnectionRefusedError):
        return "refused"
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return "disconnected"
    return type(error).__name__


async def _get(session: aiohttp.ClientSession, url: str, **kwargs) -> Observation:
    started = time.monotonic()
    try:
        async with session.get(url, **kwargs) as response:
            body = await response.json(content_type=None)
            return Observation(response.status, body, None, time.monotonic() - started)
    except (aiohttp.ClientError, TimeoutError) as error:
        return Observation(None, None, _error_name(error), time.monotonic() - started)


def _session() -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=200)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=TIMEOUT))


def lab_ssl_context(lab: Lab) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(lab.ca_file))


def _health_request(lab: Lab, subsystem_id: str, context: ssl.SSLContext) -> tuple[str, dict]:
    url = f"https://{lab.host}:{lab.ports[subsystem_id]['https']}/health"
    return url, {"ssl": context, "server_hostname": lab_host_name(subsystem_id)}


def observe_subsystems(lab: Lab, subsystem_ids: list[str], repeat: int = 1) -> dict[str, list[Observation]]:
    """Request each subsystem's /health `repeat` times in a row; subsystems run concurrently."""
    context = lab_ssl_context(lab)

    async def sequence(session, subsystem_id):
        url, kwargs = _health_request(lab, subsystem_id, context)
        return [await _get(session, url, **kwargs) for _ in range(repeat)]

    async def main():
        async with _session() as session:
            results = await asyncio.gather(*(sequence(session, subsystem_id) for subsystem_id in subsystem_ids))
        return dict(zip(subsystem_ids, results, strict=True))

    return asyncio.run(main())


def observe_subsystem(lab: Lab, subsystem_id: str) -> Observation:
    return observe_subsystems(lab, [subsystem_id])[subsystem_id][0]


def observe_points(lab: Lab, codes: list[str], repeat: int = 1) -> dict[str, list[Observation]]:
    """Request each service point's heartbeat `repeat` times in a row; points run concurrently."""
    port = lab.ports["service-points"]["http"]

    async def sequence(session, code):
        url = f"http://{lab.host}:{port}/sp/{code}/heartbeat"
        return [await _get(session, url) for _ in range(repeat)]

    async def main():
        async with _session() as session:
            results = await asyncio.gather(*(sequence(session, code) for code in codes))
        return dict(zip(codes, results, strict=True))

    return asyncio.run(main())


def outcomes(observations: dict[str, list[Observation]]) -> dict[str, str]:
    """Return the outcome of the first observation of each target."""
    return {target: items[0].outcome for target, items in observations.items()}


def peer_certificate(lab: Lab, subsystem_id: str) -> x509.Certificate:
    """Return the leaf certificate the subsystem serves, read without verifying it."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    address = (lab.host, lab.ports[subsystem_id]["https"])
    with socket.create_connection(address, timeout=TIMEOUT) as raw:
        with context.wrap_socket(raw, server_hostname=lab_host_name(subsystem_id)) as connection:
            return x509.load_der_x509_certificate(connection.getpeercert(binary_form=True))


def verification_error(lab: Lab, subsystem_id: str) -> ssl.SSLCertVerificationError | None:
    """Return the error of a verified handshake with the lab CA and SNI, or None when it succeeds."""
    address = (lab.host, lab.ports[subsystem_id]["https"])
    with socket.create_connection(address, timeout=TIMEOUT) as raw:
        try:
            with lab_ssl_context(lab).wrap_socket(raw, server_hostname=lab_host_name(subsystem_id)):
                return None
        except ssl.SSLCertVerificationError as error:
            return error


def read_banner(host: str, port: int) -> bytes:
    """Connect and return what the server sends before it waits or closes."""
    with socket.create_connection((host, port), timeout=TIMEOUT) as connection:
        return connection.recv(1024)


def connect_refused(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=TIMEOUT):
            return False
    except ConnectionRefusedError:
        return True
