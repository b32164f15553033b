"""TCP probe: connect to host:port and optionally check the server's banner."""

import asyncio
import logging

from etc_console.config.model import TcpProbe
from etc_console.config.resolve import ProbeSpec
from etc_console.probes.attempt import Attempt, CheckResult, ProbeError, close_writer, format_seconds
from etc_console.probes.model import ErrorClass, State

log = logging.getLogger(__name__)

# A banner longer than this is cut; the expected text must appear within it.
MAX_BANNER_BYTES = 4096


async def open_tcp(host: str, port: int, attempt: Attempt) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """Connect within attempt.connect_timeout and mark the attempt connected.

    Name resolution counts towards the connect timeout. Raise ProbeError
    (CONNECT_TIMEOUT) when the connect does not complete in time.
    """
    deadline = asyncio.timeout(attempt.connect_timeout)
    try:
        async with deadline:
            reader, writer = await asyncio.open_connection(host, port)
    except TimeoutError:
        if not deadline.expired():
            raise
        limit = format_seconds(attempt.connect_timeout)
        detail = f"connecting to {attempt.target} timed out after {limit}"
        raise ProbeError(ErrorClass.CONNECT_TIMEOUT, detail) from None

    attempt.connected = True
    return reader, writer


async def check_tcp(spec: ProbeSpec, attempt: Attempt) -> CheckResult:
    """Connect, read the banner when one is expected, and close."""
    params: TcpProbe = spec.params
    reader, writer = await open_tcp(params.host, params.port, attempt)
    try:
        if params.expect_banner is None:
            return CheckResult(State.OK, f"connected to {attempt.target}")

        attempt.stalled = f"the banner containing {params.expect_banner!r} did not arrive"
        return await _check_banner(reader, params.expect_banner, attempt.target)
    finally:
        await close_writer(writer)


async def _check_banner(reader: asyncio.StreamReader, expected: str, target: str) -> CheckResult:
    received = b""
    expected_bytes = expected.encode("utf-8")

    while expected_bytes not in received and len(received) < MAX_BANNER_BYTES:
        chunk = await reader.read(MAX_BANNER_BYTES - len(received))
        if not chunk:
            break
        received += chunk

    text = received.decode("utf-8", errors="replace").strip()
    if expected_bytes in received:
        return CheckResult(State.OK, f"connected to {target}, banner {_shorten(text)!r}")

    if not received:
        detail = f"{target} closed the connection without sending the banner {expected!r}"
    else:
        detail = f"the banner from {target} does not contain {expected!r} (received {_shorten(text)!r})"
    return CheckResult(State.DOWN, detail, ErrorClass.PROTOCOL)


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."
