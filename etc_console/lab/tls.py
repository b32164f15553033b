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
        self._leaves = {subsystem_id: server_context(files) for subsystem_id, files in certificates.leaves.items()}
        self._by_fault = {
            "cert-expiring": server_context(certificates.expiring),
            "cert-expired": server_context(certificates.expired),
        }

    def for_subsystem(self, subsystem_id: str, fault: Fault | None) -> ssl.SSLContext:
        if fault is not None and fault.kind in self._by_fault:
            return self._by_fault[fault.kind]
        return self._leaves[subsystem_id]
