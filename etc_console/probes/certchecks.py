"""Certificate checks that need no trust store: validity dates and the host name."""

import ipaddress
import math
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.x509.oid import NameOID

from etc_console.probes.model import Finding, State


def whole_days(duration: timedelta) -> int:
    """Return the number of complete days in `duration` (rounded down)."""
    return math.floor(duration / timedelta(days=1))


def format_days(days: int) -> str:
    """Format a day count for messages: "less than a day", "1 day", "12 days"."""
    if days == 0:
        return "less than a day"
    return "1 day" if days == 1 else f"{days} days"


def validity_phrase(certificate: x509.Certificate, now: datetime) -> str:
    """Return "41 days left" before notAfter and "expired 3 days ago" after it."""
    remaining = certificate.not_valid_after_utc - now
    if remaining > timedelta(0):
        return f"{format_days(whole_days(remaining))} left"
    return f"expired {format_days(whole_days(-remaining))} ago"


def date_findings(path: tuple[x509.Certificate, ...], now: datetime, warn_days: int) -> list[Finding]:
    """Return expired, not_yet_valid and expiring findings for every certificate on the path.

    A certificate is expiring when fewer than `warn_days` whole days are left.
    """
    findings = []
    for position, certificate in enumerate(path):
        subject = "the certificate" if position == 0 else f"the CA certificate {describe_name(certificate.subject)}"
        not_after = iso_utc(certificate.not_valid_after_utc)
        left = whole_days(certificate.not_valid_after_utc - now)

        if certificate.not_valid_after_utc <= now:
            ago = format_days(whole_days(now - certificate.not_valid_after_utc))
            message = f"{subject} expired on {not_after} ({ago} ago)"
            findings.append(Finding("expired", State.DOWN, message))
        elif certificate.not_valid_before_utc > now:
            not_before = iso_utc(certificate.not_valid_before_utc)
            findings.append(Finding("not_yet_valid", State.DOWN, f"{subject} is not valid before {not_before}"))
        elif left < warn_days:
            message = f"{subject} expires in {format_days(left)}, on {not_after} (warning threshold {warn_days} days)"
            findings.append(Finding("expiring", State.WARNING, message))
    return findings


def iso_utc(moment: datetime) -> str:
    """Format an aware datetime as ISO 8601 in UTC with a Z suffix."""
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def common_name(certificate: x509.Certificate) -> str:
    """Return the subject CN, or the whole subject when it has no CN."""
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    if names:
        return f"CN={names[0].value}"
    return certificate.subject.rfc4514_string() or "(empty subject)"


def describe_name(name: x509.Name) -> str:
    """Return a quoted name for messages: its CN when it has one, else the whole name."""
    names = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    text = f"CN={names[0].value}" if names else name.rfc4514_string()
    return f"'{text}'"


def subject_alt_names(certificate: x509.Certificate) -> tuple[list[str], list[ipaddress.IPv4Address | ipaddress.IPv6Address]]:
    """Return the DNS names and IP addresses of the subjectAltName extension."""
    try:
        extension = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return [], []
    return extension.value.get_values_for_type(x509.DNSName), extension.value.get_values_for_type(x509.IPAddress)


def hostname_finding(certificate: x509.Certificate, name: str) -> Finding | None:
    """Return a hostname_mismatch finding unless the subjectAltName covers `name`.

    Like OpenSSL as Python configures it, only the subjectAltName counts (never the
    CN), and a wildcard stands for exactly one whole leftmost label.
    """
    dns_names, addresses = subject_alt_names(certificate)
    if _matches(name, dns_names, addresses):
        return None

    listed = [*dns_names, *(str(address) for address in addresses)]
    if listed:
        names = ", ".join(listed)
        message = f"the certificate is not valid for {name!r} (its subjectAltName lists {names})"
    else:
        message = f"the certificate is not valid for {name!r} (it has no subjectAltName, and clients ignore the CN)"
    return Finding("hostname_mismatch", State.DOWN, message)


def _matches(name: str, dns_names: list[str], addresses: list) -> bool:
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        address = None
    if address is not None:
        return address in addresses

    host_name = name.rstrip(".").lower()
    return any(_dns_matches(host_name, pattern.lower()) for pattern in dns_names)


def _dns_matches(name: str, pattern: str) -> bool:
    if not pattern.startswith("*."):
        return name == pattern

    suffix = pattern[1:]  # ".lab.test"
    first_label, dot, rest = name.partition(".")
    return bool(first_label) and bool(dot) and "." in suffix[1:] and "." + rest == suffix
