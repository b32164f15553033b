"""Turn the exception that ended an attempt into an error class and a plain detail."""

import logging
import socket
import ssl
from collections.abc import Iterator

import aiohttp

from etc_console.probes.attempt import Attempt, CheckResult, ProbeError, format_seconds
from etc_console.probes.model import ErrorClass, State

log = logging.getLogger(__name__)


def describe_failure(error: Exception, attempt: Attempt, budget_expired: bool) -> CheckResult:
    """Return the DOWN (or UNKNOWN) result for the exception that ended an attempt.

    `budget_expired` is True when the probe's total timeout cancelled the attempt.
    Unexpected exceptions become ErrorClass.INTERNAL; the caller logs those.
    """
    if isinstance(error, ProbeError):
        return error.result

    if budget_expired:
        return timeout_result(attempt)

    target = attempt.target
    chain = list(exception_chain(error))

    name_error = _first(chain, socket.gaierror)
    if name_error is not None:
        return _down(ErrorClass.DNS, f"the host name of {target} does not resolve ({name_error.strerror})")

    if _first(chain, ConnectionRefusedError) is not None:
        return _down(ErrorClass.REFUSED, f"connection to {target} refused")

    if isinstance(error, aiohttp.ConnectionTimeoutError):
        # aiohttp's connect timeout covers the TCP connect and, for HTTPS, the TLS handshake.
        limit = format_seconds(attempt.connect_timeout)
        steps = " (TCP connect and TLS handshake)" if target.startswith("https://") else ""
        return _down(ErrorClass.CONNECT_TIMEOUT, f"connecting to {target} timed out after {limit}{steps}")

    # aiohttp's wrappers subclass the ssl exceptions without their attributes, so the
    # message comes from the first exception in the chain that has it.
    if _first(chain, ssl.SSLCertVerificationError) is not None:
        message = _first_attribute(chain, "verify_message") or str(error)
        return _down(ErrorClass.TLS, f"the TLS certificate of {target} failed verification: {message}")

    if _first(chain, ssl.SSLError) is not None:
        message = _first_attribute(chain, "reason") or str(error)
        return _down(ErrorClass.TLS, f"the TLS handshake with {target} failed: {message}")

    return _describe_connection_error(error, chain, target)


def _describe_connection_error(error: Exception, chain: list[BaseException], target: str) -> CheckResult:
    if isinstance(error, aiohttp.ClientPayloadError):
        return _down(ErrorClass.PROTOCOL, f"the response body from {target} is incomplete or malformed: {error}")

    if isinstance(error, aiohttp.ClientResponseError):
        return _down(ErrorClass.PROTOCOL, f"{target} did not send a valid HTTP response: {error.message}")

    if isinstance(error, aiohttp.ServerDisconnectedError):
        return _down(ErrorClass.CONNECT, f"{target} closed the connection without a response")

    if _first(chain, ConnectionResetError) is not None:
        return _down(ErrorClass.CONNECT, f"the connection to {target} was reset")

    os_error = _first(chain, OSError)
    if os_error is not None and not isinstance(os_error, TimeoutError):
        reason = os_error.strerror or str(os_error) or type(os_error).__name__
        return _down(ErrorClass.CONNECT, f"connection to {target} failed: {reason}")

    if isinstance(error, TimeoutError):
        return _down(ErrorClass.TIMEOUT, f"{target} timed out: {type(error).__name__}")

    return CheckResult(State.UNKNOWN, f"internal error: {type(error).__name__}: {error}", ErrorClass.INTERNAL)


def timeout_result(attempt: Attempt) -> CheckResult:
    """Return the result for an attempt that ran past the probe's total timeout."""
    limit = format_seconds(attempt.timeout)
    if not attempt.connected:
        detail = f"connecting to {attempt.target} did not finish within the {limit} probe timeout"
        return _down(ErrorClass.CONNECT_TIMEOUT, detail)
    return _down(ErrorClass.TIMEOUT, f"connected to {attempt.target}, but {attempt.stalled} within the {limit} timeout")


def exception_chain(error: BaseException) -> Iterator[BaseException]:
    """Yield `error` and every exception it wraps (__cause__, __context__, aiohttp's os_error)."""
    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current

        for wrapped in (current.__cause__, current.__context__, getattr(current, "os_error", None)):
            if isinstance(wrapped, BaseException):
                pending.append(wrapped)


def _first(chain: list[BaseException], kind: type) -> BaseException | None:
    return next((error for error in chain if isinstance(error, kind)), None)


def _first_attribute(chain: list[BaseException], name: str) -> str | None:
    return next((getattr(error, name) for error in chain if getattr(error, name, None)), None)


def _down(error_class: ErrorClass, detail: str) -> CheckResult:
    return CheckResult(State.DOWN, detail, error_class)
