"""Issue the lab's certificates with `cryptography`: a root CA, an intermediate CA and leaves.

Every key is ECDSA P-256, which is quick to generate and accepted by OpenSSL's default
security level.
"""

import ipaddress
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ORGANIZATION = "etc-console 培训实验室"
ROOT_COMMON_NAME = "etc-console 培训实验室 根CA"
INTERMEDIATE_COMMON_NAME = "etc-console 培训实验室 中间CA"

ROOT_LIFETIME = timedelta(days=3650)
INTERMEDIATE_LIFETIME = timedelta(days=1825)
LEAF_LIFETIME = timedelta(days=397)
# The extra hour keeps "5 days left" on screen for an hour after the lab starts, for a
# checker that rounds the time left down to whole days.
EXPIRING_LEFT = timedelta(days=5, hours=1)
EXPIRED_SINCE = timedelta(days=3)

# Clock skew allowance: every certificate becomes valid this long before it is issued.
BACKDATE = timedelta(hours=1)


@dataclass(frozen=True)
class Issued:
    """A certificate with its private key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANIZATION),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _builder(subject: x509.Name, issuer: Issued | None, key, not_before: datetime, not_after: datetime) -> x509.CertificateBuilder:
    issuer_name = issuer.certificate.subject if issuer else subject
    issuer_public_key = issuer.key.public_key() if issuer else key.public_key()
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_public_key), critical=False)
    )


def issue_ca(common_name: str, issuer: Issued | None, now: datetime, lifetime: timedelta) -> Issued:
    """Issue a CA certificate; self-signed when `issuer` is None.

    The root may sign one level of intermediates and an intermediate may sign only leaves.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    path_length = 1 if issuer is None else 0
    certificate = (
        _builder(_name(common_name), issuer, key, now - BACKDATE, now + lifetime)
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(_key_usage(ca=True), critical=True)
        .sign(issuer.key if issuer else key, hashes.SHA256())
    )
    return Issued(certificate, key)


def issue_leaf(host_names: list[str], ip_addresses: list[str], issuer: Issued, not_before: datetime, not_after: datetime) -> Issued:
    """Issue a TLS server certificate for the host names and IP addresses given."""
    key = ec.generate_private_key(ec.SECP256R1())
    alternative_names = [x509.DNSName(name) for name in host_names]
    alternative_names += [x509.IPAddress(ipaddress.ip_address(address)) for address in ip_addresses]
    certificate = (
        _builder(_name(host_names[0]), issuer, key, not_before, not_after)
        .add_extension(x509.SubjectAlternativeName(alternative_names), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_key_usage(ca=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(issuer.key, hashes.SHA256())
    )
    return Issued(certificate, key)


def _key_usage(ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def alternative_names(certificate: x509.Certificate) -> tuple[set[str], set[str]]:
    """Return the DNS names and the IP addresses (as text) of a certificate's SAN."""
    try:
        extension = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except x509.ExtensionNotFound:
        return set(), set()
    names = set(extension.get_values_for_type(x509.DNSName))
    addresses = {str(address) for address in extension.get_values_for_type(x509.IPAddress)}
    return names, addresses


def is_issued_by(certificate: x509.Certificate, issuer: x509.Certificate) -> bool:
    """Return True when `issuer`'s key signed `certificate`."""
    if certificate.issuer != issuer.subject:
        return False
    try:
        certificate.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True
