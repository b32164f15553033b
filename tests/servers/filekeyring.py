"""A keyring backend that reads passwords from a JSON file, for console subprocesses in tests.

Select it in a child process with
PYTHON_KEYRING_BACKEND=tests.servers.filekeyring.FileKeyring and name the file in
ETC_CONSOLE_TEST_KEYRING. The file maps service to username to password, for example
{"etc-console": {"etc_probe": "..."}}. It is for tests only: the passwords lie in the
file as plain text.
"""

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

FILE_ENV = "ETC_CONSOLE_TEST_KEYRING"
BACKEND = "tests.servers.filekeyring.FileKeyring"


def write_keyring_file(path: Path, service: str, username: str, password: str) -> Path:
    """Write a keyring file holding one password; only the owner may read it."""
    path.write_text(json.dumps({service: {username: password}}), encoding="utf-8")
    path.chmod(0o600)
    return path


class FileKeyring(KeyringBackend):
    """Passwords from the JSON file named by ETC_CONSOLE_TEST_KEYRING."""

    priority = 1

    def _path(self) -> Path:
        try:
            return Path(os.environ[FILE_ENV])
        except KeyError:
            raise RuntimeError(f"set {FILE_ENV} to the JSON file of the test keyring") from None

    def _entries(self) -> dict:
        path = self._path()
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._entries().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        entries = self._entries()
        entries.setdefault(service, {})[username] = password
        self._path().write_text(json.dumps(entries), encoding="utf-8")

    def delete_password(self, service: str, username: str) -> None:
        entries = self._entries()
        if username not in entries.get(service, {}):
            raise PasswordDeleteError(f"no test keyring entry for service '{service}', username '{username}'")
        del entries[service][username]
        self._path().write_text(json.dumps(entries), encoding="utf-8")
