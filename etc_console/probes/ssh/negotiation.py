"""The algorithms an SSH server offers, kept so that a failed negotiation can name them.

paramiko's IncompatiblePeer names only the category that failed ("no acceptable kex
algorithm"). RecordingTransport keeps the lists from the server's KEXINIT message, and
describe_incompatibility puts the server's list and ours for that category into the
message.
"""

import logging

import paramiko

log = logging.getLogger(__name__)

# Order of the name-lists in a KEXINIT message, as paramiko 5.1 reads them in _really_parse_kex_init.
KEXINIT_LISTS = (
    "kex",
    "host_key",
    "cipher_client_to_server",
    "cipher_server_to_client",
    "mac_client_to_server",
    "mac_server_to_client",
    "compression_client_to_server",
    "compression_server_to_client",
    "language_client_to_server",
    "language_server_to_client",
)

# Entries of the kex list that announce extensions rather than name an algorithm.
_PSEUDO_ALGORITHM_PREFIXES = ("ext-info-", "kex-strict-")


def read_kexinit(payload: bytes) -> dict[str, list[str]]:
    """Return the name-lists of a KEXINIT payload (without its message type byte)."""
    message = paramiko.Message(payload)
    message.get_bytes(16)  # the random cookie
    lists = {name: message.get_list() for name in KEXINIT_LISTS}
    lists["kex"] = [name for name in lists["kex"] if not name.startswith(_PSEUDO_ALGORITHM_PREFIXES)]
    return lists


class RecordingTransport(paramiko.Transport):
    """A paramiko Transport that keeps the algorithm lists the server offered."""

    server_offer: dict[str, list[str]] | None = None

    def _parse_kex_init(self, m):
        # NOTE: _parse_kex_init is a private paramiko hook (present in paramiko 5.1). If
        # a later version renames it, messages lose the server's lists, nothing more.
        if self.server_offer is None:
            try:
                self.server_offer = read_kexinit(m.asbytes())
            except Exception as error:  # a malformed KEXINIT fails in paramiko's own parser too
                log.debug("could not read the server's KEXINIT lists: %r", error)
        return super()._parse_kex_init(m)


def describe_incompatibility(error: paramiko.ssh_exception.IncompatiblePeer, transport: paramiko.Transport | None) -> str:
    """Return paramiko's message followed by the server's and our algorithms of the failed category."""
    message = str(error)
    offer = getattr(transport, "server_offer", None)
    if transport is None or offer is None:
        return message

    options = transport.get_security_options()
    text = message.lower()
    if "kex" in text:
        label, theirs, ours = "key exchange", offer["kex"], options.kex
    elif "host key" in text:
        label, theirs, ours = "host key", offer["host_key"], options.key_types
    elif "cipher" in text:
        label, theirs, ours = "cipher", offer["cipher_server_to_client"], options.ciphers
    elif "mac" in text:
        label, theirs, ours = "MAC", offer["mac_server_to_client"], options.digests
    elif "compression" in text:
        label, theirs, ours = "compression", offer["compression_server_to_client"], options.compression
    else:
        return message
    return f"{message}; the server offers these {label} algorithms: {', '.join(theirs)}; the console supports: {', '.join(ours)}"
