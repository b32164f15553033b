"""A throwaway PKI for TLS tests: a lab root, an intermediate and one leaf per case.

Every leaf is issued for "<case>.lab.test" and 127.0.0.1. EC P-256 keys keep the
generation fast.
"""

import ipaddress
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from etc_console.timeutil import utc_now

LAB_DOMAIN = "lab.test"


@dataclass(frozen=True)
class Issued:
    """A certificate with its private key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    @property
    def key_pem(self) -> bytes:
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "ETC console tests"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _builder(subject: str, issuer: Issued | None, key, not_before: datetime, not_after: datetime):
    issuer_name = issuer.certificate.subject if issuer else _name(subject)
    issuer_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    )
    return builder, issuer_key


def make_ca(common_name: str, issuer: Issued | None = None) -> Issued:
    """Return a root CA (issuer None) or an intermediate CA valid for ten years."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = utc_now()
    builder, issuer_key = _builder(common_name, issuer, key, now - timedelta(days=1), now + timedelta(days=3650))
    builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
    builder = builder.add_extension(
        x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=True, crl_sign=True, encipher_only=False, decipher_only=False,
        ),
        critical=True,
    )
    return Issued(builder.sign(issuer_key, hashes.SHA256()), key)


def make_leaf(
    dns_name: str,
    issuer: Issued | None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    extra_dns_names: tuple[str, ...] = (),
) -> Issued:
    """Return a server certificate for `dns_name` and 127.0.0.1; issuer None makes it self-signed."""
    key = ec.generate_private_key(ec.SECP256R1())
    now = utc_now()
    not_before = not_before or now - timedelta(days=1)
    not_after = not_after or now + timedelta(days=365)
    builder, issuer_key = _builder(dns_name, issuer, key, not_before, not_after)
    names = [x509.DNSName(name) for name in (dns_name, *extra_dns_names)]
    names.append(x509.IPAddress(ipaddress.ip_address("127.0.0.1")))
    builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
    builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
    return Issued(builder.sign(issuer_key, hashes.SHA256()), key)


@dataclass(frozen=True)
class ServedCertificate:
    """What one test server presents: the leaf and the CA certificates it sends after it."""

    leaf: Issued
    extra: tuple[Issued, ...] = ()

    def server_context(self, directory: Path) -> ssl.SSLContext:
        """Return a server SSLContext that sends the leaf followed by `extra`."""
        name = self.leaf.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
        chain_file = directory / f"{name}-chain.pem"
        key_file = directory / f"{name}-key.pem"
        chain_file.write_bytes(self.leaf.pem + b"".join(issued.pem for issued in self.extra))
        key_file.write_bytes(self.leaf.key_pem)

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(chain_file, key_file)
        return context


@dataclass(frozen=True)
class LabPki:
    """Every certificate case of the TLS tests, plus the CA files a probe may trust."""

    root: Issued
    intermediate: Issued
    other_root: Issued
    cases: dict[str, ServedCertificate]
    root_file: Path  # the lab root alone
    bundle_file: Path  # the lab root and the intermediate


def case_name(case: str) -> str:
    """Return the DNS name a case's leaf is issued for, e.g. "expired.lab.test"."""
    return f"{case}.{LAB_DOMAIN}"


def make_lab_pki(directory: Path) -> LabPki:
    """Create every certificate and write the CA files into `directory`."""
    now = utc_now()
    root = make_ca("ETC Lab Root CA")
    intermediate = make_ca("ETC Lab Intermediate CA", root)
    other_root = make_ca("Unknown Root CA")

    cases = {
        "iss": ServedCertificate(make_leaf(case_name("iss"), intermediate), (intermediate,)),
        "expired": ServedCertificate(
            make_leaf(case_name("expired"), intermediate, now - timedelta(days=40), now - timedelta(days=3, hours=1)),
            (intermediate,),
        ),
        "expiring": ServedCertificate(
            make_leaf(case_name("expiring"), intermediate, now - timedelta(days=40), now + timedelta(days=5, hours=1)),
            (intermediate,),
        ),
        "self": ServedCertificate(make_leaf(case_name("self"), None)),
        "leafonly": ServedCertificate(make_leaf(case_name("leafonly"), intermediate)),
        "untrusted": ServedCertificate(make_leaf(case_name("untrusted"), other_root), (other_root,)),
    }

    root_file = directory / "lab-root.pem"
    root_file.write_bytes(root.pem)
    bundle_file = directory / "lab-bundle.pem"
    bundle_file.write_bytes(root.pem + intermediate.pem)
    return LabPki(root, intermediate, other_root, cases, root_file, bundle_file)
