"""Worker threads of the deep probes: results, errors, and cancellation that ends the thread."""

import asyncio
import threading

import pytest

from etc_console.probes.blocking import Deadline, WorkerThreads
from etc_console.probes.deep import attempt_deadline

pytestmark = pytest.mark.timeout(30)


async def test_worker_returns_result():
    workers = WorkerThreads()

    result = await workers.run(lambda: 6 * 7, "answer", on_cancel=lambda: None)

    assert result == 42
    assert workers.join(1) == []


async def test_worker_raises_error():
    workers = WorkerThreads()

    def fail():
        raise ValueError("broken")

    with pytest.raises(ValueError, match="broken"):
        await workers.run(fail, "failing", on_cancel=lambda: None)
    assert workers.join(1) == []


async def test_cancel_unblocks_thread():
    workers = WorkerThreads()
    release = threading.Event()
    started = threading.Event()

    def blocked() -> str:
        started.set()
        release.wait()  # like a paramiko call that waits without a timeout
        return "released"

    with pytest.raises(TimeoutError):
        async with asyncio.timeout(0.2):
            await workers.run(blocked, "blocked", on_cancel=release.set)

    assert started.is_set()
    assert release.is_set()
    assert workers.join(2) == []


def test_attempt_deadline_keeps_margin():
    assert 9.4 < attempt_deadline(10).remaining() <= 9.5
    assert 0.8 < attempt_deadline(1).remaining() <= 0.9


def test_deadline_limit():
    deadline = Deadline(5)

    assert deadline.limit(1) == 1
    assert 4 < deadline.limit(None) <= 5
    assert deadline.limit(60) <= 5
