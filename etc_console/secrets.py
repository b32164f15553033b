"""Secrets from the operating system's keyring (the `keyring` package).

A keyring call can block for seconds: it is a D-Bus round trip to the Secret Service
and may wait for an unlock prompt. Callers therefore run these functions off the GUI
thread; the deep probes (ssh, sql, sftp) call them from their worker threads.
No function here logs a secret or puts one into an exception message.
"""

import logging
from collections.abc import Iterable

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import keyring.backends.null
from keyring.errors import KeyringError, NoKeyringError

from etc_console.config.model import KeyringRef

log = logging.getLogger(__name__)

NO_KEYRING_HELP = (
    "Probes that need a password or a key passphrase, and sync with the center, cannot "
    "run without a keyring. "
    "Either install and unlock a Secret Service (for example gnome-keyring, started "
    "with the desktop session or with `gnome-keyring-daemon --unlock`), or install "
    "the keyrings.alt package and set PYTHON_KEYRING_BACKEND="
    "keyrings.alt.file.EncryptedKeyring (it asks for its own master password on the "
    "terminal), or run only probes that need no secret and leave sync off."
)


class SecretUnavailable(Exception):
    """The keyring cannot return secrets; the message explains why and what to do."""


def keyring_status() -> tuple[bool, str]:
    """Return whether a usable keyring backend is configured, and a message about it.

    On a headless Linux session without D-Bus, keyring falls back to its `fail`
    backend, which raises on every call. That and the `null` backend count as
    unavailable, and the message then explains the options.
    """
    backend = keyring.get_keyring()
    name = f"{type(backend).__module__}.{type(backend).__qualname__}"
    if _is_unusable(backend):
        return False, f"no usable keyring: the keyring package chose {name}. {NO_KEYRING_HELP}"
    return True, f"keyring backend: {name}"


def _is_unusable(backend: keyring.backend.KeyringBackend) -> bool:
    if isinstance(backend, (keyring.backends.fail.Keyring, keyring.backends.null.Keyring)):
        return True
    if isinstance(backend, keyring.backends.chainer.ChainerBackend):
        return not backend.backends
    return False


class KeyringSecrets:
    """Secret source backed by the OS keyring; a SecretProvider for the probe engine."""

    def get_secret(self, ref: KeyringRef) -> str | None:
        """Return the secret stored under (ref.service, ref.username), or None if there is none.

        Raise SecretUnavailable when no usable backend is configured or the backend
        fails (a locked collection, a D-Bus error).
        """
        available, message = keyring_status()
        if not available:
            raise SecretUnavailable(message)
        try:
            return keyring.get_password(ref.service, ref.username)
        except KeyringError as error:
            # Only the type name is shown: a backend's message is not known to be free of secrets.
            log.warning("reading keyring entry %s/%s failed: %s", ref.service, ref.username, type(error).__name__)
            raise SecretUnavailable(
                f"reading the keyring entry service '{ref.service}', username '{ref.username}' "
                f"failed ({type(error).__name__}); check that the keyring is unlocked"
            ) from None

    def keyring_status(self) -> tuple[bool, str]:
        """Return keyring_status() of the configured backend."""
        return keyring_status()


def redact(text: str, secrets: Iterable[str]) -> str:
    """Replace every occurrence of each secret in `text` with "***".

    A last line of defence for text that quotes a server's or driver's message.
    Secrets shorter than 4 characters are left alone, since replacing them would
    mangle ordinary words and numbers.
    """
    for secret in secrets:
        if len(secret) >= 4 and secret in text:
            text = text.replace(secret, "***")
    return text


def read_secret(ref: KeyringRef, source=None) -> str:
    """Return the secret for `ref` from `source` (a SecretProvider; the OS keyring when None).

    Raise SecretUnavailable when the keyring is unusable, fails, or has no such entry.
    The message names the entry and what to do.
    """
    source = source if source is not None else KeyringSecrets()
    try:
        secret = source.get_secret(ref)
    except SecretUnavailable:
        raise
    except NoKeyringError:
        raise SecretUnavailable(keyring_status()[1]) from None
    except Exception as error:  # backends raise their own types; only the type name is shown, as above
        log.warning("reading keyring entry %s/%s failed: %s", ref.service, ref.username, type(error).__name__)
        raise SecretUnavailable(
            f"reading the keyring entry service '{ref.service}', username '{ref.username}' failed "
            f"({type(error).__name__}); check that the keyring is unlocked"
        ) from None

    if secret is None:
        raise SecretUnavailable(
            f"no secret in the keyring for service '{ref.service}', username '{ref.username}'; "
            f"store it with: keyring set {ref.service} {ref.username}"
        )
    return secret
