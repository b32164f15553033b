"""TCP probes and the error classes of failed connections, against loopback servers."""

import asyncio
import time

import pytest

from etc_console.probes.engine import run_probe
from etc_console.probes.model import ErrorClass, State
from probe_servers import (
    UNRESOLVABLE_HOST,
    closed_port,
    full_backlog_listener,
    silent_listener,
    stream_server,
)
from probe_specs import tcp_spec

pytestmark = pytest.mark.timeout(30)


async def send_banner(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    writer.write(b"220 iss-gateway ready\r\n")
    await writer.drain()
    writer.close()


async def test_tcp_connect_ok():
    async with stream_server(send_banner) as port:
        outcome = await run_probe(tcp_spec(port))

    assert outcome.state == State.OK
    assert outcome.error_class is None
    assert outcome.detail == f"connected to 127.0.0.1:{port}"
    assert outcome.latency_ms is not None and outcome.latency_ms > 0
    assert outcome.checked_at.tzinfo is not None


async def test_tcp_banner_matches():
    async with stream_server(send_banner) as port:
        outcome = await run_probe(tcp_spec(port, expect_banner="iss-gateway"))

    assert outcome.state == State.OK
    assert "220 iss-gateway ready" in outcome.detail


async def test_tcp_banner_mismatch_is_protocol():
    async with stream_server(send_banner) as port:
        outcome = await run_probe(tcp_spec(port, expect_banner="SSH-2.0"))

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.PROTOCOL
    assert "does not contain 'SSH-2.0'" in outcome.detail
    assert "220 iss-gateway ready" in outcome.detail


async def test_tcp_refused():
    port = closed_port()
    outcome = await run_probe(tcp_spec(port))

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.REFUSED
    assert outcome.detail == f"connection to 127.0.0.1:{port} refused"
    assert outcome.latency_ms is None


async def test_tcp_unresolvable_name_is_dns():
    outcome = await run_probe(tcp_spec(80, host=UNRESOLVABLE_HOST))

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.DNS
    assert "does not resolve" in outcome.detail


async def test_tcp_silent_server_times_out():
    with silent_listener() as port:
        started = time.perf_counter()
        outcome = await run_probe(tcp_spec(port, expect_banner="220", timeout=0.5))
        elapsed = time.perf_counter() - started

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.TIMEOUT
    assert outcome.detail.startswith(f"connected to 127.0.0.1:{port}, but the banner")
    assert "0.5 s timeout" in outcome.detail
    assert 0.5 <= elapsed < 1.5


async def test_tcp_full_backlog_is_connect_timeout():
    with full_backlog_listener() as port:
        started = time.perf_counter()
        outcome = await run_probe(tcp_spec(port, connect_timeout=0.3, timeout=2.0))
        elapsed = time.perf_counter() - started

    assert outcome.state == State.DOWN
    assert outcome.error_class == ErrorClass.CONNECT_TIMEOUT
    assert outcome.detail == f"connecting to 127.0.0.1:{port} timed out after 0.3 s"
    assert elapsed < 1.3


async def test_tcp_budget_shorter_than_connect_timeout():
    with full_backlog_listener() as port:
        outcome = await run_probe(tcp_spec(port, connect_timeout=5.0, timeout=0.3))

    assert outcome.error_class == ErrorClass.CONNECT_TIMEOUT
    assert outcome.detail == f"connecting to 127.0.0.1:{port} did not finish within the 0.3 s probe timeout"
