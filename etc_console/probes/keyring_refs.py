"""Keyring entries of the deep probes: a missing secret ends the probe UNKNOWN (CONFIG)."""

from etc_console.config.model import KeyringRef
from etc_console.probes.attempt import ProbeError
from etc_console.probes.credentials import SecretProvider
from etc_console.probes.model import ErrorClass, State
from etc_console.secrets import SecretUnavailable, read_secret


def probe_secret(ref: KeyringRef, secrets: SecretProvider | None) -> str:
    """Return the secret for `ref`; raise ProbeError whose detail explains why there is none.

    With `secrets` None the OS keyring is read. Call this off the event loop and off
    the GUI thread, since the keyring may block.
    """
    try:
        return read_secret(ref, secrets)
    except SecretUnavailable as error:
        raise ProbeError(ErrorClass.CONFIG, str(error), State.UNKNOWN) from None
