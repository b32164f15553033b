"""Offline analysis of a certificate chain: the path from the leaf to a trust anchor.

The path is built by name and signature only, without key usage, path length or
name constraints. That is enough to explain why OpenSSL rejected a chain: which
issuer is missing, which root is not trusted, or whether the leaf signed itself.
"""

import logging
import ssl
import warnings
from dataclasses import dataclass, field
from enum import StrEnum

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.hazmat.primitives import hashes

from etc_console.probes.certchecks import describe_name
from etc_console.probes.model import Finding, State

log = logging.getLogger(__name__)

# A longer path is treated as broken. Chains in use usually have 2 to 4 certificates.
MAX_PATH_LENGTH = 10


class PathEnd(StrEnum):
    """Reason the path from the leaf towards a root stopped."""

    TRUSTED = "trusted"  # reached a root in the trust store
    SELF_SIGNED_LEAF = "self_signed_leaf"  # the leaf signed itself and is not trusted
    UNTRUSTED_ROOT = "untrusted_root"  # reached a root that is not in the trust store
    MISSING_ISSUER = "missing_issuer"  # an issuer is neither sent nor in the trust store


@dataclass(frozen=True)
class ChainPath:
    """The path from the leaf towards a root, as far as it could be built."""

    certificates: tuple[x509.Certificate, ...]
    end: PathEnd
    not_sent: tuple[x509.Certificate, ...] = ()  # intermediates taken from the trust store
    missing_issuer: x509.Name | None = None


@dataclass
class TrustStore:
    """Trusted certificates indexed by subject name."""

    by_subject: dict[x509.Name, list[x509.Certificate]] = field(default_factory=dict)
    fingerprints: set[bytes] = field(default_factory=set)

    @classmethod
    def from_der(cls, certificates: list[bytes]) -> "TrustStore":
        """Return a store of the DER certificates; ones cryptography cannot parse are skipped."""
        store = cls()
        for der in certificates:
            try:
                certificate = load_der_certificate(der)
            except ValueError as error:
                log.debug("skipping a trusted certificate that cannot be parsed: %s", error)
                continue
            store.by_subject.setdefault(certificate.subject, []).append(certificate)
            store.fingerprints.add(_fingerprint(certificate))
        return store

    def contains(self, certificate: x509.Certificate) -> bool:
        return _fingerprint(certificate) in self.fingerprints


def load_der_certificate(der: bytes) -> x509.Certificate:
    """Parse a DER certificate without the warnings cryptography gives for old deviations.

    System trust stores still contain roots with a non-positive serial number, which
    cryptography 42 and later parse with a CryptographyDeprecationWarning. Raise
    ValueError for data that cannot be parsed at all.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        return x509.load_der_x509_certificate(der)


def build_path(leaf: x509.Certificate, sent: list[x509.Certificate], store: TrustStore) -> ChainPath:
    """Follow issuers from the leaf, preferring certificates the server sent."""
    path = [leaf]
    not_sent = []
    sent_fingerprints = {_fingerprint(certificate) for certificate in sent}
    current = leaf

    while len(path) <= MAX_PATH_LENGTH:
        if is_self_signed(current):
            if store.contains(current):
                return ChainPath(tuple(path), PathEnd.TRUSTED, tuple(not_sent))
            end = PathEnd.SELF_SIGNED_LEAF if current is leaf else PathEnd.UNTRUSTED_ROOT
            return ChainPath(tuple(path), end, tuple(not_sent))

        issuer = _find_issuer(current, sent) or _find_issuer(current, store.by_subject.get(current.issuer, []))
        if issuer is None:
            return ChainPath(tuple(path), PathEnd.MISSING_ISSUER, tuple(not_sent), current.issuer)

        if _fingerprint(issuer) not in sent_fingerprints and not is_self_signed(issuer):
            not_sent.append(issuer)
        path.append(issuer)
        current = issuer

    return ChainPath(tuple(path), PathEnd.MISSING_ISSUER, tuple(not_sent), current.issuer)


def is_self_signed(certificate: x509.Certificate) -> bool:
    """Return whether the certificate names itself as issuer and its own key verifies it."""
    return certificate.issuer == certificate.subject and is_issued_by(certificate, certificate)


def is_issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Return whether `issuer`'s subject and key match `certificate`'s issuer and signature."""
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def _find_issuer(certificate: x509.Certificate, candidates: list[x509.Certificate]) -> x509.Certificate | None:
    for candidate in candidates:
        if candidate is not certificate and is_issued_by(certificate, candidate):
            return candidate
    return None


def _fingerprint(certificate: x509.Certificate) -> bytes:
    return certificate.fingerprint(hashes.SHA256())


# OpenSSL verify codes that concern dates, not trust: X509_V_ERR_CERT_NOT_YET_VALID and
# X509_V_ERR_CERT_HAS_EXPIRED. OpenSSL checks dates only after it has built a chain to a
# trusted root, so these codes mean the chain itself is trusted.
DATE_VERIFY_CODES = {9, 10}


def trust_findings(path: ChainPath, openssl_error: ssl.SSLCertVerificationError | None, chain_known: bool) -> list[Finding]:
    """Return incomplete_chain, self_signed and untrusted findings.

    OpenSSL's verdict (`openssl_error` None means it trusted the chain) decides whether
    the chain is trusted, and `path` explains a rejection. `chain_known` is False when
    the certificates the server sent could not be read. Then no finding reports
    intermediates the server left out.
    """
    findings = []
    if chain_known:
        findings.extend(_not_sent_finding(certificate) for certificate in path.not_sent)

    if openssl_error is None or openssl_error.verify_code in DATE_VERIFY_CODES:
        return findings

    if path.end == PathEnd.SELF_SIGNED_LEAF:
        message = "the certificate is self-signed and not in the trust store; add it to ca_file to trust it"
        findings.append(Finding("self_signed", State.DOWN, message))
    elif path.end == PathEnd.UNTRUSTED_ROOT:
        root = describe_name(path.certificates[-1].subject)
        message = f"the chain ends at the root {root}, which is not in the trust store; add it to ca_file if it is the site's CA"
        findings.append(Finding("untrusted", State.DOWN, message))
    elif path.end == PathEnd.MISSING_ISSUER:
        findings.extend(_missing_issuer_findings(path, chain_known))
    else:
        message = f"OpenSSL rejected the chain: {openssl_error.verify_message}"
        findings.append(Finding("untrusted", State.DOWN, message))
    return findings


def _not_sent_finding(certificate: x509.Certificate) -> Finding:
    name = describe_name(certificate.subject)
    message = (
        f"the server did not send the intermediate CA certificate {name}; the console trusts the chain only "
        "because its trust store contains that certificate, so clients without it fail"
    )
    return Finding("incomplete_chain", State.WARNING, message)


def _missing_issuer_findings(path: ChainPath, chain_known: bool) -> list[Finding]:
    issuer = describe_name(path.missing_issuer)
    last = describe_name(path.certificates[-1].subject)
    findings = []
    if chain_known and len(path.certificates) == 1:
        # The leaf's issuer is usually an intermediate that the server must send. If it is
        # a root instead, the message is still true: clients need it to build the chain.
        message = f"the server sent only its own certificate, without the issuer {issuer}"
        findings.append(Finding("incomplete_chain", State.WARNING, message))

    message = (
        f"no chain to a trusted root: the issuer {issuer} of {last} was neither sent by the server "
        "nor found in the trust store"
    )
    findings.append(Finding("untrusted", State.DOWN, message))
    return findings
