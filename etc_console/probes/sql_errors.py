"""Turn database errors of the SQL probe into an error class and a plain detail.

PostgreSQL errors are distinguished by SQLSTATE (psycopg's `sqlstate`), SQLite errors
and connection failures by their message. Only the driver's message is quoted, because
SQLAlchemy's wrapper text adds the statement and its parameters. DeepRound still
redacts every secret it read from the result.
"""

from sqlalchemy.exc import SQLAlchemyError

from etc_console.probes.attempt import ProbeError, format_seconds
from etc_console.probes.model import ErrorClass, State

READ_ONLY_VIOLATION = "25006"
QUERY_CANCELED = "57014"
INVALID_PASSWORD = "28P01"
INVALID_AUTHORIZATION = "28000"
UNKNOWN_DATABASE = "3D000"


def driver_message(error: SQLAlchemyError) -> str:
    """Return the first line of the driver's own message."""
    original = getattr(error, "orig", None) or error
    text = str(original).strip()
    return text.splitlines()[0] if text else type(original).__name__


def _sqlstate(error: SQLAlchemyError) -> str | None:
    return getattr(getattr(error, "orig", None), "sqlstate", None)


def describe_connect_error(error: SQLAlchemyError, url: str) -> ProbeError:
    """Return the ProbeError for a failed connection to `url` (already without password)."""
    message = driver_message(error)
    sqlstate = _sqlstate(error)
    lowered = message.lower()

    if sqlstate in (INVALID_PASSWORD, INVALID_AUTHORIZATION) or "authentication failed" in lowered:
        detail = f"{url} rejected the login: {message}; check the user in the URL and the password in the keyring"
        return ProbeError(ErrorClass.CONFIG, detail, State.UNKNOWN)
    if sqlstate == UNKNOWN_DATABASE:
        return ProbeError(ErrorClass.CONFIG, f"the database of {url} does not exist: {message}", State.UNKNOWN)
    if "connection refused" in lowered:
        return ProbeError(ErrorClass.REFUSED, f"connection to {url} refused")
    if "timeout expired" in lowered or "timed out" in lowered:
        return ProbeError(ErrorClass.CONNECT_TIMEOUT, f"connection to {url} timed out (connect timeout)")
    if "could not translate host name" in lowered or "name or service not known" in lowered:
        return ProbeError(ErrorClass.DNS, f"the host name of {url} does not resolve: {message}")
    if "unable to open database file" in lowered:
        return ProbeError(ErrorClass.CONNECT, f"the SQLite file of {url} cannot be opened (missing or unreadable)")
    return ProbeError(ErrorClass.CONNECT, f"connection to {url} failed: {message}")


def describe_query_error(error: SQLAlchemyError, statement_timeout: float) -> ProbeError:
    """Return the ProbeError for a query that failed after the connection was made."""
    message = driver_message(error)
    sqlstate = _sqlstate(error)
    lowered = message.lower()

    if sqlstate == READ_ONLY_VIOLATION or "readonly database" in lowered:
        detail = f"the query tries to write, but the probe runs queries read-only; use a SELECT ({message})"
        return ProbeError(ErrorClass.CONFIG, detail, State.UNKNOWN)
    if sqlstate == QUERY_CANCELED or lowered == "interrupted":
        limit = format_seconds(round(statement_timeout, 2))
        return ProbeError(ErrorClass.TIMEOUT, f"the query did not finish within its statement timeout of {limit} ({message})")
    if (sqlstate or "").startswith("42") or "syntax error" in lowered or "no such table" in lowered:
        return ProbeError(ErrorClass.CONFIG, f"the query is invalid: {message}", State.UNKNOWN)
    return ProbeError(ErrorClass.PROTOCOL, f"the query failed: {message}")
