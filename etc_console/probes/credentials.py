"""Secrets for probes, read from the OS keyring and never from the site file."""

import logging
from typing import Protocol, runtime_checkable

from etc_console.config.model import KeyringRef
from etc_console.probes.attempt import ProbeError
from etc_console.probes.model import ErrorClass, State
from etc_console.secrets import KeyringSecrets, SecretUnavailable

log = logging.getLogger(__name__)


@runtime_checkable
class SecretProvider(Protocol):
    """Source of the secrets that probes reference by keyring entry."""

    def get_secret(self, ref: KeyringRef) -> str | None:
        """Return the secret stored under (ref.service, ref.username), or None if there is none.

        The engine calls this on its event loop, so it should return quickly.
        """
        ...


# The OS keyring provider; the name stays for callers of this module.
KeyringSecretProvider = KeyringSecrets


def require_secret(ref: KeyringRef, secrets: SecretProvider | None) -> str:
    """Return the secret for `ref`; raise ProbeError (CONFIG) naming the entry when it is missing."""
    secret = None
    if secrets is not None:
        try:
            secret = secrets.get_secret(ref)
        except SecretUnavailable as error:  # its message names the entry and explains the fix
            raise ProbeError(ErrorClass.CONFIG, str(error), State.UNKNOWN) from None
        except Exception as error:  # keyring backends raise their own exception types
            log.warning("reading keyring entry %s/%s failed: %s", ref.service, ref.username, type(error).__name__)
            raise ProbeError(
                ErrorClass.CONFIG,
                f"reading the keyring entry service '{ref.service}', username '{ref.username}' failed "
                f"({type(error).__name__}); check that the OS keyring is unlocked",
                State.UNKNOWN,
            ) from None

    if secret is None:
        raise ProbeError(
            ErrorClass.CONFIG,
            f"no secret in the keyring for service '{ref.service}', username '{ref.username}'; "
            f"store it with: keyring set {ref.service} {ref.username}",
            State.UNKNOWN,
        )
    return secret
