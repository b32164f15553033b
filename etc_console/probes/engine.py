"""Run probes: one attempt, or a round of many with bounded concurrency.

Every attempt ends in an Outcome, never in an exception (cancellation excepted), so a
round always returns one Outcome per probe in the order of its specs.
"""

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterable
from pathlib import Path

import aiohttp

from etc_console.config.resolve import ProbeSpec
from etc_console.probes import http as http_check
from etc_console.probes.attempt import Attempt, CheckResult
from etc_console.probes.credentials import SecretProvider
from etc_console.probes.deep import DEEP_KINDS, DeepRound, check_deep
from etc_console.probes.failures import describe_failure
from etc_console.probes.model import ErrorClass, Finding, Outcome, State, worst
from etc_console.secrets import KeyringSecrets
from etc_console.probes.tcp import check_tcp
from etc_console.probes.tls import check_tls
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

__all__ = ["SecretProvider", "run_probe", "run_round", "run_round_blocking"]

# Upper bound of the pause between tries of a failing probe within one round.
MAX_RETRY_PAUSE = 1.0


async def run_probe(
    spec: ProbeSpec,
    secrets: SecretProvider | None = None,
    http: aiohttp.ClientSession | None = None,
    deep: DeepRound | None = None,
) -> Outcome:
    """Run one attempt of a probe within spec.timeout and return what it observed.

    Connecting is limited to spec.connect_timeout and the whole attempt to
    spec.timeout. HTTP probes use `http` when given or open a session of their own.
    A session from http.open_http_session has the trace that distinguishes connect
    timeouts from later ones. Deep probes (ssh, sql, sftp) share the connections of
    `deep` when given, or use a DeepRound of their own. latency_ms is the attempt's
    duration when the server answered, and None when the attempt failed with a
    connection error or a timeout. Unexpected exceptions become ErrorClass.INTERNAL and are logged.
    """
    checked_at = utc_now()
    started = time.perf_counter()
    attempt = Attempt(describe_target(spec), spec.connect_timeout, spec.timeout)
    budget = asyncio.timeout(spec.timeout)
    answered = False

    try:
        async with budget:
            result = await _dispatch(spec, attempt, secrets, http, deep)
        answered = True
    except Exception as error:
        result = describe_failure(error, attempt, budget.expired())
        if result.error_class == ErrorClass.INTERNAL:
            log.error("probe %s failed with an unexpected error", spec.id, exc_info=error)

    latency_ms = (time.perf_counter() - started) * 1000
    if answered:
        result = _with_slow_finding(result, latency_ms, spec.params.slow_ms)

    log.debug("probe %s: %s (%s)", spec.id, result.state, result.detail)
    return Outcome(
        state=result.state,
        detail=result.detail,
        checked_at=checked_at,
        latency_ms=latency_ms if answered else None,
        error_class=result.error_class,
        findings=result.findings,
    )


async def _dispatch(
    spec: ProbeSpec,
    attempt: Attempt,
    secrets: SecretProvider | None,
    http: aiohttp.ClientSession | None,
    deep: DeepRound | None,
) -> CheckResult:
    if spec.kind in DEEP_KINDS:
        return await check_deep(spec, attempt, secrets, deep)
    if spec.kind == "tcp":
        return await check_tcp(spec, attempt)
    if spec.kind == "tls":
        return await check_tls(spec, attempt)
    if spec.kind == "http":
        if http is not None:
            return await http_check.check_http(spec, attempt, http, secrets)
        async with http_check.open_http_session(1) as session:
            return await http_check.check_http(spec, attempt, session, secrets)
    return CheckResult(State.UNKNOWN, f"unknown probe kind {spec.kind!r}", ErrorClass.CONFIG)


def describe_target(spec: ProbeSpec) -> str:
    """Return what a probe connects to, for messages: the URL, host:port, or else the probe id."""
    params = spec.params
    if spec.kind == "http":
        return params.url

    host = getattr(params, "host", None)
    port = getattr(params, "port", None)
    if host is None or port is None:
        return spec.id
    if ":" in host:
        host = f"[{host}]"
    return f"{host}:{port}"


def _with_slow_finding(result: CheckResult, latency_ms: float, slow_ms: float | None) -> CheckResult:
    if slow_ms is None or latency_ms <= slow_ms or result.state not in (State.OK, State.WARNING):
        return result

    finding = Finding("slow", State.WARNING, f"slow: {latency_ms:.0f} ms > {slow_ms:g} ms")
    return CheckResult(
        state=worst([result.state, State.WARNING]),
        detail=f"{result.detail}; {finding.message}",
        error_class=result.error_class,
        findings=(*result.findings, finding),
    )


async def run_round(
    specs: Iterable[ProbeSpec],
    concurrency: int = 50,
    confirm: bool = False,
    secrets: SecretProvider | None = None,
    data_dir: Path | None = None,
) -> list[Outcome]:
    """Run every probe once, at most `concurrency` at a time; return outcomes in spec order.

    With confirm=True a DOWN outcome is retried until it has been seen spec.fail_after
    times in a row or an attempt is not DOWN, and the last outcome is returned. HTTP
    probes share one session, and deep probes one DeepRound (SSH connections, SQL
    engines); both are closed before this returns.

    NOTE: when a round is cancelled, aiohttp closes the HTTPS connections in flight
    with a TLS close that needs the peer's reply. An owner that closes its event loop
    right after cancelling the round leaks those sockets (ResourceWarning), so keep
    the loop running until they finish.
    """
    specs = list(specs)
    if concurrency < 1:
        raise ValueError(f"concurrency must be at least 1, got {concurrency}")

    started = time.perf_counter()
    semaphore = asyncio.Semaphore(concurrency)
    async with contextlib.AsyncExitStack() as stack:
        session = None
        if any(spec.kind == "http" for spec in specs):
            session = await stack.enter_async_context(http_check.open_http_session(concurrency))
        deep = None
        if any(spec.kind in DEEP_KINDS for spec in specs):
            deep = await stack.enter_async_context(DeepRound(data_dir))

        tries = (_run_with_retries(spec, semaphore, confirm, secrets, session, deep) for spec in specs)
        outcomes = list(await asyncio.gather(*tries))

    log.debug("round of %d probes finished in %.0f ms", len(specs), (time.perf_counter() - started) * 1000)
    return outcomes


async def _run_with_retries(
    spec: ProbeSpec,
    semaphore: asyncio.Semaphore,
    confirm: bool,
    secrets: SecretProvider | None,
    session: aiohttp.ClientSession | None,
    deep: DeepRound | None,
) -> Outcome:
    async with semaphore:
        outcome = await run_probe(spec, secrets, session, deep)

    tries = 1
    while confirm and outcome.state == State.DOWN and tries < spec.fail_after:
        log.info("probe %s is down (%s); retry %d of %d", spec.id, outcome.detail, tries, spec.fail_after - 1)
        await asyncio.sleep(min(MAX_RETRY_PAUSE, spec.interval / 10))
        async with semaphore:
            outcome = await run_probe(spec, secrets, session, deep)
        tries += 1
    return outcome


def run_round_blocking(
    specs: Iterable[ProbeSpec],
    concurrency: int = 50,
    confirm: bool = False,
    secrets: SecretProvider | None = None,
    data_dir: Path | None = None,
) -> list[Outcome]:
    """Run one round on a new event loop and return its outcomes; see run_round."""
    return asyncio.run(run_round(specs, concurrency=concurrency, confirm=confirm, secrets=secrets, data_dir=data_dir))
