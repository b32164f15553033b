"""Keep the lab's certificates in `<data_dir>/lab/certs/`, reusing them while they stay valid.

The root CA is kept as long as it has more than REUSE_MARGIN left, so a root that an
engineer imported into a trust store keeps working across lab starts. A leaf or the
intermediate is issued again when it is missing, unreadable, close to expiry, not
signed by the current CA or issued for other names. Each subsystem's two fault leaves
(expiring and expired) are issued afresh at every start, so the expiring one always
has five days left.

Private keys are written with mode 0600 and the folder with mode 0700.
NOTE: on Windows the mode only sets the read-only flag, so there the keys are
protected only by the ACL of the user's data dir.
"""

import logging
import os
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from etc_console.lab import certs
from etc_console.lab.certs import Issued

log = logging.getLogger(__name__)

LAB_DOMAIN = "lab.etc-console.test"
REUSE_MARGIN = timedelta(days=60)


def lab_host_name(subsystem_id: str) -> str:
    """Return the TLS name of a subsystem's lab listener, such as iss-auth.lab.etc-console.test."""
    return f"{subsystem_id}.{LAB_DOMAIN}"


@dataclass(frozen=True)
class CertFiles:
    """A PEM chain (leaf first, then the intermediate) and its PEM private key."""

    chain_file: Path
    key_file: Path


@dataclass(frozen=True)
class LabCertificates:
    """Certificate files of the lab; the three leaf maps are keyed by subsystem id."""

    root_file: Path
    leaves: dict[str, CertFiles]
    expiring: dict[str, CertFiles]
    expired: dict[str, CertFiles]


def ensure_certificates(cert_dir: Path, subsystem_ids: list[str], ip_addresses: list[str], now: datetime | None = None) -> LabCertificates:
    """Load or issue every certificate the lab serves and return their files."""
    now = now or datetime.now(timezone.utc)
    cert_dir.mkdir(parents=True, exist_ok=True)
    os.chmod(cert_dir, 0o700)

    root, intermediate, root_is_new = _ensure_authorities(cert_dir, now)

    leaves, expiring, expired = {}, {}, {}
    for subsystem_id in subsystem_ids:
        names = [lab_host_name(subsystem_id)]
        leaves[subsystem_id] = _ensure_leaf(cert_dir, f"leaf-{subsystem_id}", names, ip_addresses, intermediate, now)
        expiring[subsystem_id], expired[subsystem_id] = _issue_fault_leaves(cert_dir, subsystem_id, names, ip_addresses, intermediate, now)

    log.info("lab certificates ready in %s (root CA %s, valid until %s)", cert_dir,
             "issued now" if root_is_new else "reused", root.certificate.not_valid_after_utc.date())
    return LabCertificates(cert_dir / "root-ca.pem", leaves, expiring, expired)


def _ensure_authorities(cert_dir: Path, now: datetime) -> tuple[Issued, Issued, bool]:
    """Return the root and intermediate CA, and whether the root was issued now."""
    root = _load(cert_dir, "root-ca", None, now)
    root_is_new = root is None
    if root is None:
        root = certs.issue_ca(certs.ROOT_COMMON_NAME, None, now, certs.ROOT_LIFETIME)
        _write(cert_dir, "root-ca", root, [])

    intermediate = None if root_is_new else _load(cert_dir, "intermediate-ca", root, now)
    if intermediate is None:
        intermediate = certs.issue_ca(certs.INTERMEDIATE_COMMON_NAME, root, now, certs.INTERMEDIATE_LIFETIME)
        _write(cert_dir, "intermediate-ca", intermediate, [])
    return root, intermediate, root_is_new


def _issue_fault_leaves(cert_dir: Path, subsystem_id: str, names: list[str], addresses: list[str], issuer: Issued, now: datetime) -> tuple[CertFiles, CertFiles]:
    """Issue a subsystem's expiring and expired leaves, both as long-lived as a normal leaf."""
    expires = now + certs.EXPIRING_LEFT
    leaf = certs.issue_leaf(names, addresses, issuer, expires - certs.LEAF_LIFETIME, expires)
    expiring = _write(cert_dir, f"expiring-{subsystem_id}", leaf, [issuer])

    expired_on = now - certs.EXPIRED_SINCE
    leaf = certs.issue_leaf(names, addresses, issuer, expired_on - certs.LEAF_LIFETIME, expired_on)
    expired = _write(cert_dir, f"expired-{subsystem_id}", leaf, [issuer])
    return expiring, expired


def _ensure_leaf(cert_dir: Path, stem: str, names: list[str], addresses: list[str], issuer: Issued, now: datetime) -> CertFiles:
    existing = _load(cert_dir, stem, issuer, now)
    if existing is not None and certs.alternative_names(existing.certificate) == (set(names), set(addresses)):
        return CertFiles(cert_dir / f"{stem}.pem", cert_dir / f"{stem}.key")

    leaf = certs.issue_leaf(names, addresses, issuer, now - certs.BACKDATE, now + certs.LEAF_LIFETIME)
    return _write(cert_dir, stem, leaf, [issuer])


def _load(cert_dir: Path, stem: str, issuer: Issued | None, now: datetime) -> Issued | None:
    """Return the stored certificate and key when they can be reused, else None."""
    cert_file, key_file = cert_dir / f"{stem}.pem", cert_dir / f"{stem}.key"
    if not cert_file.exists() or not key_file.exists():
        return None

    try:
        certificate = x509.load_pem_x509_certificates(cert_file.read_bytes())[0]
        key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
    except (OSError, ValueError, TypeError) as error:
        log.warning("reissuing lab certificate %s: the stored files cannot be read (%s)", stem, error)
        return None

    problem = _reuse_problem(certificate, key, issuer, now)
    if problem:
        log.info("reissuing lab certificate %s: %s", stem, problem)
        return None

    _restrict_key_mode(key_file)
    return Issued(certificate, key)


def _reuse_problem(certificate: x509.Certificate, key, issuer: Issued | None, now: datetime) -> str | None:
    if certificate.public_key() != key.public_key():
        return "the key does not match the certificate"
    if certificate.not_valid_before_utc > now:
        return "it is not valid yet"
    if certificate.not_valid_after_utc - now <= REUSE_MARGIN:
        return f"it expires on {certificate.not_valid_after_utc:%Y-%m-%d}, within {REUSE_MARGIN.days} days"
    signer = issuer.certificate if issuer else certificate
    if not certs.is_issued_by(certificate, signer):
        return "it is not signed by the current lab CA"
    return None


def _restrict_key_mode(key_file: Path) -> None:
    if os.name == "posix" and key_file.stat().st_mode & 0o077:
        log.warning("setting mode 0600 on lab key %s, which other users could read", key_file)
        os.chmod(key_file, 0o600)


def _write(cert_dir: Path, stem: str, issued: Issued, chain: list[Issued]) -> CertFiles:
    """Write the certificate followed by `chain` and the key (mode 0600) under `stem`."""
    files = CertFiles(cert_dir / f"{stem}.pem", cert_dir / f"{stem}.key")
    key_pem = issued.key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    write_private(files.key_file, key_pem)

    pem = b"".join(item.certificate.public_bytes(serialization.Encoding.PEM) for item in [issued, *chain])
    files.chain_file.write_bytes(pem)
    log.debug("issued lab certificate %s, valid until %s", stem, issued.certificate.not_valid_after_utc.isoformat())
    return files


def write_private(path: Path, data: bytes) -> None:
    """Write `data` to a file of mode 0600, also when the file existed with another mode."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        os.chmod(path, 0o600)  # before the write, since os.open keeps the mode of an existing file
        file.write(data)
