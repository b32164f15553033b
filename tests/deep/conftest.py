"""Fixtures of the deep probe tests: `async def` tests, an in-memory keyring, a data dir."""

import asyncio
import inspect

import keyring
import keyring.backend
import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests of this folder on a fresh event loop with asyncio.run."""
    test = pyfuncitem.obj
    if not inspect.iscoroutinefunction(test):
        return None
    arguments = {name: pyfuncitem.funcargs[name] for name in inspect.signature(test).parameters}
    asyncio.run(test(**arguments))
    return True


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A test double of the OS keyring that keeps entries in a dict."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username), None)


@pytest.fixture
def memory_keyring():
    """Make an empty in-memory keyring the process's keyring for one test."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def data_dir(tmp_path):
    """The console's data dir for one test: its known_hosts and audit file go here."""
    path = tmp_path / "data"
    path.mkdir()
    return path
