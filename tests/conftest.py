"""Suite-wide guards: a private data dir, and no thread may outlive its test."""

import os
import threading

import pytest

pytest_plugins = ["tests.servers.sshd", "tests.servers.postgres"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Keep every test away from the real user data dir."""
    monkeypatch.setenv("ETC_CONSOLE_DATA_DIR", str(tmp_path_factory.mktemp("data-default")))


@pytest.fixture(autouse=True)
def _no_leaked_threads(request):
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    for thread in leaked:
        thread.join(timeout=2)  # a thread that is already finishing gets a moment to end
    leaked = [t for t in leaked if t.is_alive()]
    if leaked:
        pytest.fail(f"{request.node.nodeid} left threads running: {[t.name for t in leaked]}")
