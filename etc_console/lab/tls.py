"""Server-side TLS contexts of the lab: each subsystem's own leaf and the two fault leaves."""

import ssl

from etc_console.lab.certstore import CertFiles, LabCertificates
from etc_console.lab.faults import Fault


def server_context(files: CertFiles) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(files.chain_file, files.key_file)
    return context


class TlsContexts:
    """Pick the context a subsystem's listener serves, by the subsystem's fault."""

    def __init__(self, certificates: LabCertificates):
        self._files = {
            None: certificates.leaves,
            "cert-expiring": certificates.expiring,
            "cert-expired": certificates.expired,
        }
        self._contexts: dict[tuple[str | None, str], ssl.SSLContext] = {}

    def for_subsystem(self, subsystem_id: str, fault: Fault | None) -> ssl.SSLContext:
        """Return the context with the subsystem's own leaf, or its fault leaf for a certificate fault."""
        kind = fault.kind if fault is not None and fault.is_cert else None
        key = (kind, subsystem_id)
        if key not in self._contexts:
            self._contexts[key] = server_context(self._files[kind][subsystem_id])
        return self._contexts[key]
