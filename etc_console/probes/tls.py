"""TLS probe: inspect the certificate a server presents (dates, trust, chain, host name).

Trust is decided by a second handshake that verifies with OpenSSL, against the system
trust store plus ca_file. Every OpenSSL-based client of the server gets the same
verdict, including this console's HTTPS probes. OpenSSL also honours constraints that
the offline path builder in certchain skips, and finds roots in hashed CA directories
that Python cannot list. cryptography's PolicyBuilder was not used because it applies
the strict Web PKI profile, which rejects many private-CA certificates that OpenSSL
accepts. The offline path only explains a rejection and finds the intermediates the
server did not send.
"""

import asyncio
import functools
import logging
import ssl
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509

from etc_console.config.model import TlsProbe
from etc_console.config.resolve import ProbeSpec
from etc_console.probes.attempt import Attempt, CheckResult, ProbeError, close_writer, result_from_findings
from etc_console.probes.certchain import TrustStore, build_path, load_der_certificate, trust_findings
from etc_console.probes.certchecks import common_name, date_findings, hostname_finding, iso_utc, validity_phrase
from etc_console.probes.model import ErrorClass, Finding, State, worst
from etc_console.probes.sslcontexts import client_context
from etc_console.probes.tcp import open_tcp
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PresentedChain:
    """The certificates a server sent in one handshake, leaf first."""

    leaf: x509.Certificate
    sent: tuple[x509.Certificate, ...] | None  # None when this Python cannot read the chain


@dataclass(frozen=True)
class CertificateReport:
    """Result of one certificate inspection; `findings` contains only problems."""

    leaf: x509.Certificate
    sent: tuple[x509.Certificate, ...] | None
    server_name: str
    checked_at: datetime
    findings: tuple[Finding, ...]

    @property
    def state(self) -> State:
        return worst(finding.state for finding in self.findings) if self.findings else State.OK

    @property
    def summary(self) -> str:
        """The leaf's CN, notAfter and days left, e.g. "CN=iss.lab.test, notAfter 2026-05-01T00:00:00Z, 41 days left"."""
        not_after = iso_utc(self.leaf.not_valid_after_utc)
        return f"{common_name(self.leaf)}, notAfter {not_after}, {validity_phrase(self.leaf, self.checked_at)}"


async def check_tls(spec: ProbeSpec, attempt: Attempt) -> CheckResult:
    """Inspect the certificate of spec.params.host:port and turn the report into a result."""
    params: TlsProbe = spec.params
    report = await inspect_certificate(
        params.host,
        params.port,
        server_name=params.server_name,
        ca_file=spec.ca_file,
        warn_days=params.warn_days,
        attempt=attempt,
    )
    return result_from_findings(report.summary, list(report.findings), ErrorClass.CERTIFICATE)


async def inspect_certificate(
    host: str,
    port: int,
    *,
    server_name: str | None = None,
    ca_file: Path | None = None,
    warn_days: int = 30,
    connect_timeout: float = 3.0,
    attempt: Attempt | None = None,
    now: datetime | None = None,
) -> CertificateReport:
    """Connect twice to host:port and report every certificate problem found.

    The first handshake accepts any certificate and reads the chain the server sends;
    the second verifies it with OpenSSL. SNI is `server_name` or else `host`.
    `attempt` carries the connect timeout and progress; without one, a new Attempt
    uses `connect_timeout`. Raise OSError or ssl.SSLError when a connection or a
    handshake fails for a reason other than certificate verification.
    """
    sni = server_name or host
    if attempt is None:
        attempt = Attempt(f"{host}:{port}", connect_timeout, connect_timeout)

    presented = await fetch_presented_chain(host, port, sni, attempt)
    openssl_error = await verify_with_openssl(host, port, sni, ca_file, attempt)
    checked_at = now or utc_now()

    sent = list(presented.sent) if presented.sent is not None else []
    path = build_path(presented.leaf, sent, trust_store(client_context(ca_file, check_hostname=False)))

    findings = date_findings(path.certificates, checked_at, warn_days)
    findings.extend(trust_findings(path, openssl_error, presented.sent is not None))
    mismatch = hostname_finding(presented.leaf, sni)
    if mismatch is not None:
        findings.append(mismatch)

    return CertificateReport(presented.leaf, presented.sent, sni, checked_at, tuple(findings))


async def fetch_presented_chain(host: str, port: int, sni: str, attempt: Attempt) -> PresentedChain:
    """Complete a handshake that accepts any certificate and return what the server sent."""
    reader, writer = await open_tcp(host, port, attempt)
    try:
        attempt.stalled = "the TLS handshake did not complete"
        await start_tls(writer, client_context(None, verify=False), sni)
        ssl_object = writer.get_extra_info("ssl_object")
        leaf_der = ssl_object.getpeercert(binary_form=True)
        chain_der = sent_chain_der(ssl_object)
    finally:
        await close_writer(writer)

    if leaf_der is None:
        raise ProbeError(ErrorClass.TLS, f"{attempt.target} completed the TLS handshake without a certificate")

    try:
        leaf = load_der_certificate(leaf_der)
        sent = None if chain_der is None else tuple(load_der_certificate(der) for der in chain_der)
    except ValueError as error:
        detail = f"a certificate sent by {attempt.target} cannot be parsed: {error}"
        raise ProbeError(ErrorClass.CERTIFICATE, detail) from None
    return PresentedChain(leaf, sent)


async def start_tls(writer: asyncio.StreamWriter, context: ssl.SSLContext, sni: str) -> None:
    """Upgrade the connection to TLS; abort it when the handshake fails or is cancelled.

    After a failed upgrade the stream's own close would never complete, because the
    transport then reports to the discarded TLS protocol.
    """
    try:
        await writer.start_tls(context, server_hostname=sni)
    except BaseException:
        writer.transport.abort()
        raise


def sent_chain_der(ssl_object: ssl.SSLObject) -> list[bytes] | None:
    """Return the DER certificates the peer sent, leaf first; None when Python gives no access."""
    public = getattr(ssl_object, "get_unverified_chain", None)
    if public is not None:
        return list(public() or [])

    # WORKAROUND: CPython 3.10 to 3.12 have get_unverified_chain() only on the private
    # _ssl._SSLSocket behind SSLObject._sslobj; CPython 3.13 made it public as
    # SSLObject.get_unverified_chain(), which the branch above uses.
    private = getattr(getattr(ssl_object, "_sslobj", None), "get_unverified_chain", None)
    if private is None:
        log.warning("this Python cannot read the certificate chain a server sends; chain checks are skipped")
        return None

    import _ssl

    return [certificate.public_bytes(_ssl.ENCODING_DER) for certificate in private() or []]


async def verify_with_openssl(
    host: str, port: int, sni: str, ca_file: Path | None, attempt: Attempt
) -> ssl.SSLCertVerificationError | None:
    """Handshake with verification (but no host name check); return the verify error, if any."""
    attempt.connected = False
    reader, writer = await open_tcp(host, port, attempt)
    try:
        attempt.stalled = "the verifying TLS handshake did not complete"
        await start_tls(writer, client_context(ca_file, check_hostname=False), sni)
    except ssl.SSLCertVerificationError as error:
        log.debug("OpenSSL rejected the chain of %s: %s", attempt.target, error.verify_message)
        return error
    finally:
        await close_writer(writer)
    return None


@functools.lru_cache(maxsize=8)
def trust_store(context: ssl.SSLContext) -> TrustStore:
    """Return the trusted certificates a verifying context has loaded, parsed once per context.

    NOTE: certificates in a hashed CA directory (capath) that OpenSSL has not loaded yet
    are not listed. Trust is still decided by OpenSSL, but an intermediate found only
    there is not reported as missing from the server's chain.
    """
    return TrustStore.from_der(context.get_ca_certs(binary_form=True))
