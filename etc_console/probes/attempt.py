"""State of one probe attempt while it runs, and the result a check returns."""

import asyncio
import logging
from dataclasses import dataclass

from etc_console.probes.model import ErrorClass, Finding, State, worst

log = logging.getLogger(__name__)

# Time allowed for a clean close (TLS close_notify) before the transport is aborted.
CLOSE_TIMEOUT = 1.0


@dataclass
class Attempt:
    """Progress of one attempt, read when the probe's total timeout expires.

    `connected` distinguishes a connect timeout from a timeout after connecting, and
    `stalled` completes the sentence "connected to X, but ..." in the timeout message.
    """

    target: str
    connect_timeout: float
    timeout: float
    connected: bool = False
    stalled: str = "no response arrived"


@dataclass(frozen=True)
class CheckResult:
    """Result of a check module, before the engine adds latency and the slow_ms rule."""

    state: State
    detail: str
    error_class: ErrorClass | None = None
    findings: tuple[Finding, ...] = ()


class ProbeError(Exception):
    """A failure whose error class and plain-English detail are already known."""

    def __init__(self, error_class: ErrorClass, detail: str, state: State = State.DOWN):
        super().__init__(detail)
        self.result = CheckResult(state, detail, error_class)


def result_from_findings(summary: str, findings: list[Finding], error_class: ErrorClass) -> CheckResult:
    """Return a result with the worst state of the findings that are not OK.

    Only those findings are kept, and their messages follow `summary` in the detail.
    Without any, the result is OK and `error_class` is not used.
    """
    problems = tuple(finding for finding in findings if finding.state != State.OK)
    if not problems:
        return CheckResult(State.OK, summary)

    state = worst(finding.state for finding in problems)
    detail = "; ".join([summary, *(finding.message for finding in problems)])
    return CheckResult(state, detail, error_class, problems)


def format_seconds(seconds: float) -> str:
    """Format a duration for messages: 2 -> "2 s", 0.25 -> "0.25 s"."""
    return f"{seconds:g} s"


async def close_writer(writer: asyncio.StreamWriter) -> None:
    """Close a stream and wait briefly for it; abort it if the peer does not finish.

    A TLS close waits for the peer's close_notify, which a hung server never sends.
    A stream whose transport is already closing (aborted) is left to the event loop.
    When the wait is cancelled, the transport is aborted too: an owner that closes
    the event loop right after cancelling its tasks would otherwise leak the socket
    of an unfinished TLS close.
    """
    if writer.transport.is_closing():
        return
    writer.close()
    waiter = asyncio.timeout(CLOSE_TIMEOUT)
    try:
        async with waiter:
            await writer.wait_closed()
    except OSError as error:
        log.debug("closing a probe connection failed (%r); the transport is closed anyway", error)
    except TimeoutError:
        if not waiter.expired():
            raise
        writer.transport.abort()
    except asyncio.CancelledError:
        writer.transport.abort()
        raise
