"""Suite-wide guards: a private data dir, garbage collected on the main thread only, and no thread may outlive its test."""

import gc
import itertools
import os
import threading

import pytest

pytest_plugins = ["tests.servers.sshd", "tests.servers.postgres", "tests.servers.syncdb"]

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    """Keep every test away from the real user data dir."""
    monkeypatch.setenv("ETC_CONSOLE_DATA_DIR", str(tmp_path_factory.mktemp("data-default")))


FULL_COLLECTION_EVERY = 25  # tests between two full collections
_finished_tests = itertools.count(1)


@pytest.fixture(scope="session", autouse=True)
def _no_automatic_garbage_collection():
    """Switch automatic garbage collection off for the whole run.

    Automatic collection runs in whichever thread allocates when a threshold is
    crossed, such as the database writer, the monitor or the lab. If it frees a Qt
    object caught in a reference cycle there, Qt destroys it outside its thread and the
    process crashes, as the console's own GuiThreadGarbageCollector prevents in the
    GUI. Collections happen only in _collect_garbage_on_main_thread.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    yield
    gc.collect()
    if was_enabled:
        gc.enable()


@pytest.fixture(autouse=True)
def _collect_garbage_on_main_thread():
    """Collect after each test on the main thread: the young generation, and now and then all.

    With automatic collection off, what a test created is still in the youngest
    generation, so collecting that one is cheap; a full collection walks the whole
    heap of the run and takes about a tenth of a second.
    """
    yield
    if next(_finished_tests) % FULL_COLLECTION_EVERY == 0:
        gc.collect()
    else:
        gc.collect(0)


@pytest.fixture(autouse=True)
def _no_leaked_threads(request):
    """Fail a test that leaves a Python thread running.

    A QThreadPool thread that has run Python code is listed by threading.enumerate()
    as a _DummyThread that never reports stopped, although Qt owns it and reuses or
    ends it. Such entries are skipped; the tests that use a pool wait for it instead.
    """
    before = set(threading.enumerate())
    yield
    leaked = [
        t for t in threading.enumerate()
        if t not in before and t.is_alive() and not isinstance(t, threading._DummyThread)
    ]
    for thread in leaked:
        thread.join(timeout=2)  # a thread that is already finishing gets a moment to end
    leaked = [t for t in leaked if t.is_alive()]
    if leaked:
        pytest.fail(f"{request.node.nodeid} left threads running: {[t.name for t in leaked]}")
