"""Probe rounds (concurrency, order, confirmation retries) and the StateTracker."""

import asyncio
import dataclasses
import logging
from datetime import timedelta

import pytest
from aiohttp import web

from etc_console.probes.engine import run_probe, run_round, run_round_blocking
from etc_console.probes.model import ErrorClass, Outcome, State, StateTracker
from etc_console.timeutil import utc_now
from probe_servers import closed_port, silent_listener, stream_server, web_server
from probe_specs import http_spec, tcp_spec

pytestmark = pytest.mark.timeout(30)


# ------------------------------------------------------------------ concurrency and order


async def test_round_respects_concurrency():
    limit = 3
    active = 0
    max_active = 0
    reached = asyncio.Event()
    exceeded = asyncio.Event()
    release = asyncio.Event()

    async def hold_until_released(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal active, max_active
        active += 1
        max_active = max(max_active, active)
        if active >= limit:
            reached.set()
        if active > limit:
            exceeded.set()
        await release.wait()
        active -= 1  # before the banner, so a client's next probe cannot be counted early
        writer.write(b"220 ready\r\n")
        await writer.drain()
        writer.close()

    async with stream_server(hold_until_released) as port:
        specs = [tcp_spec(port, name=f"tcp-{index}", expect_banner="220", timeout=10) for index in range(9)]
        round_task = asyncio.create_task(run_round(specs, concurrency=limit))

        await asyncio.wait_for(reached.wait(), timeout=5)
        with pytest.raises(TimeoutError):
            # With the limit held, no further connection may arrive.
            await asyncio.wait_for(exceeded.wait(), timeout=0.3)
        release.set()
        outcomes = await asyncio.wait_for(round_task, timeout=10)

    assert max_active == limit
    assert [outcome.state for outcome in outcomes] == [State.OK] * 9


async def test_round_keeps_spec_order():
    refused = closed_port()

    async def greet(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.close()

    with silent_listener() as silent:
        async with stream_server(greet) as port:
            specs = [
                tcp_spec(silent, name="slowest", expect_banner="220", timeout=0.3),
                tcp_spec(port, name="ok"),
                tcp_spec(refused, name="refused"),
                tcp_spec(port, name="ok-again"),
            ]
            outcomes = await run_round(specs)

    assert [outcome.error_class for outcome in outcomes] == [ErrorClass.TIMEOUT, None, ErrorClass.REFUSED, None]


async def test_round_rejects_zero_concurrency():
    with pytest.raises(ValueError, match="concurrency must be at least 1"):
        await run_round([], concurrency=0)


def test_round_blocking_returns_outcomes():
    refused = closed_port()
    specs = [tcp_spec(refused), http_spec(f"http://127.0.0.1:{refused}/health")]

    outcomes = run_round_blocking(specs)

    assert [outcome.error_class for outcome in outcomes] == [ErrorClass.REFUSED, ErrorClass.REFUSED]


# ------------------------------------------------------------------ confirmation


def counting_app(statuses: list[int]):
    """Return routes whose GET /health returns `statuses` in turn (the last repeats), and the hit list."""
    hits: list[int] = []

    async def health(request: web.Request) -> web.Response:
        status = statuses[min(len(hits), len(statuses) - 1)]
        hits.append(status)
        return web.Response(status=status, text="health")

    return [web.get("/health", health)], hits


async def test_confirm_retries_down_until_fail_after():
    routes, hits = counting_app([503])
    async with web_server(routes) as port:
        spec = http_spec(f"http://127.0.0.1:{port}/health", fail_after=3, interval=0.5)
        outcomes = await run_round([spec], confirm=True)

    assert hits == [503, 503, 503]
    assert outcomes[0].state == State.DOWN
    assert outcomes[0].error_class == ErrorClass.HTTP_STATUS


async def test_round_without_confirm_tries_once():
    routes, hits = counting_app([503])
    async with web_server(routes) as port:
        spec = http_spec(f"http://127.0.0.1:{port}/health", fail_after=3, interval=0.5)
        outcomes = await run_round([spec])

    assert hits == [503]
    assert outcomes[0].state == State.DOWN


async def test_confirm_recovering_server_is_ok():
    routes, hits = counting_app([503, 200])
    async with web_server(routes) as port:
        spec = http_spec(f"http://127.0.0.1:{port}/health", fail_after=3, interval=0.5)
        outcomes = await run_round([spec], confirm=True)

    assert hits == [503, 200]
    assert outcomes[0].state == State.OK


async def test_confirm_does_not_retry_ok():
    routes, hits = counting_app([200])
    async with web_server(routes) as port:
        spec = http_spec(f"http://127.0.0.1:{port}/health", fail_after=3, interval=0.5)
        await run_round([spec], confirm=True)

    assert hits == [200]


# ------------------------------------------------------------------ unexpected errors


async def test_unexpected_error_is_internal(caplog):
    # A TLS spec with TCP parameters makes the TLS check fail with AttributeError.
    broken = dataclasses.replace(tcp_spec(closed_port()), kind="tls", id="issuance/broken")

    with caplog.at_level(logging.ERROR, logger="etc_console.probes.engine"):
        outcome = await run_probe(broken)

    assert outcome.state == State.UNKNOWN
    assert outcome.error_class == ErrorClass.INTERNAL
    assert outcome.detail.startswith("internal error: AttributeError")
    assert "probe issuance/broken failed with an unexpected error" in caplog.text
    assert caplog.records[0].exc_info is not None


# ------------------------------------------------------------------ StateTracker


def outcome_at(state: State, minute: int) -> Outcome:
    return Outcome(state=state, detail=state.value, checked_at=utc_now() + timedelta(minutes=minute))


def test_tracker_down_after_consecutive_failures():
    tracker = StateTracker(fail_after=3, recover_after=1)
    steps = [State.OK, State.DOWN, State.DOWN, State.DOWN]

    observed = [tracker.observe(outcome_at(state, minute)) for minute, state in enumerate(steps)]

    assert observed == [(State.OK, True), (State.OK, False), (State.OK, False), (State.DOWN, True)]
    assert tracker.failures == 3


def test_tracker_interrupted_failures_reset():
    tracker = StateTracker(fail_after=2, recover_after=1)
    steps = [State.OK, State.DOWN, State.OK, State.DOWN, State.OK]

    states = [tracker.observe(outcome_at(state, minute))[0] for minute, state in enumerate(steps)]

    assert states == [State.OK] * 5
    assert tracker.history[-1][2] == State.OK
    assert len(tracker.history) == 1


def test_tracker_recovers_after_successes():
    tracker = StateTracker(fail_after=1, recover_after=2)
    steps = [State.OK, State.DOWN, State.OK, State.OK]

    states = [tracker.observe(outcome_at(state, minute))[0] for minute, state in enumerate(steps)]

    assert states == [State.OK, State.DOWN, State.DOWN, State.OK]


def test_tracker_records_changes():
    tracker = StateTracker(fail_after=2, recover_after=1)
    outcomes = [outcome_at(state, minute) for minute, state in enumerate([State.OK, State.DOWN, State.DOWN, State.OK])]

    for outcome in outcomes:
        tracker.observe(outcome)

    assert tracker.history == [
        (outcomes[0].checked_at, State.UNKNOWN, State.OK),
        (outcomes[2].checked_at, State.OK, State.DOWN),
        (outcomes[3].checked_at, State.DOWN, State.OK),
    ]


def test_tracker_warning_applies_at_once():
    tracker = StateTracker(fail_after=3, recover_after=3)

    state, changed = tracker.observe(outcome_at(State.WARNING, 0))

    assert (state, changed) == (State.WARNING, True)
