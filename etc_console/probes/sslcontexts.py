"""Client SSL contexts, cached because loading the trust store takes milliseconds each time."""

import functools
import logging
import ssl
from pathlib import Path

from etc_console.probes.attempt import ProbeError
from etc_console.probes.model import ErrorClass, State

log = logging.getLogger(__name__)


def client_context(ca_file: Path | None, verify: bool = True, check_hostname: bool = True) -> ssl.SSLContext:
    """Return a shared client context trusting the system store plus `ca_file`.

    With verify=False the context accepts any certificate. The cache key includes the
    file's modification time, so an edited CA file is read again. Raise ProbeError
    (CONFIG) when the CA file is missing or contains no valid certificate.
    """
    modified_ns = None
    if ca_file is not None:
        try:
            modified_ns = ca_file.stat().st_mtime_ns
        except OSError as error:
            raise _config_error(ca_file, error.strerror or str(error)) from None

    try:
        return _cached_context(str(ca_file) if ca_file else None, modified_ns, verify, check_hostname)
    except (OSError, ValueError) as error:
        raise _config_error(ca_file, str(error)) from None


@functools.lru_cache(maxsize=32)
def _cached_context(ca_file: str | None, modified_ns: int | None, verify: bool, check_hostname: bool) -> ssl.SSLContext:
    log.debug("building an SSL context (ca_file=%s, verify=%s, check_hostname=%s)", ca_file, verify, check_hostname)
    context = ssl.create_default_context()
    if ca_file is not None:
        context.load_verify_locations(cafile=ca_file)

    if not verify:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    elif not check_hostname:
        context.check_hostname = False
    return context


def _config_error(ca_file: Path | None, reason: str) -> ProbeError:
    return ProbeError(
        ErrorClass.CONFIG,
        f"the CA file {ca_file} cannot be loaded ({reason}); check the ca_file setting",
        State.UNKNOWN,
    )
