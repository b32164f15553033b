"""Blocking probe work (paramiko, database drivers) on worker threads, within a deadline."""

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class Deadline:
    """The moment (monotonic clock) by which a probe's blocking steps must be done."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self._at = time.monotonic() + seconds

    def remaining(self) -> float:
        """Return the seconds left, 0 once the deadline has passed."""
        return max(0.0, self._at - time.monotonic())

    def expired(self) -> bool:
        return self.remaining() <= 0

    def limit(self, seconds: float | None) -> float:
        """Return `seconds` cut to the time remaining; all the remaining time for None."""
        remaining = self.remaining()
        return remaining if seconds is None else min(seconds, remaining)


class WorkerThreads:
    """Run blocking calls on threads of their own, and join those threads on close.

    One thread per call: the probe engine already bounds how many probes run at once,
    and a call that hangs keeps only its own thread, never a shared pool's.
    """

    def __init__(self) -> None:
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    async def run(self, function: Callable[[], T], name: str, on_cancel: Callable[[], None]) -> T:
        """Run `function` on a new thread and return its result or raise its exception.

        When the awaiting task is cancelled (the probe's total timeout), `on_cancel` is
        called on the event loop. It must make the blocked call return, for example by
        closing the connection it waits on, because a Python thread cannot be killed.
        """
        loop = asyncio.get_running_loop()
        future: asyncio.Future = loop.create_future()

        def target() -> None:
            try:
                result = function()
            except BaseException as error:  # handed to the awaiting task, which re-raises it
                _deliver(loop, future, None, error)
            else:
                _deliver(loop, future, result, None)

        thread = threading.Thread(target=target, name=name, daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()]
            self._threads.append(thread)
        thread.start()

        try:
            return await future
        except asyncio.CancelledError:
            on_cancel()
            raise

    def join(self, timeout: float) -> list[str]:
        """Wait up to `timeout` seconds in total for every thread; return the names still running."""
        deadline = Deadline(timeout)
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(deadline.remaining())
        running = [thread.name for thread in threads if thread.is_alive()]
        if running:
            log.error("probe worker threads still running after %.1f s: %s", timeout, running)
        return running


def _deliver(loop: asyncio.AbstractEventLoop, future: asyncio.Future, result, error) -> None:
    def settle() -> None:
        if future.done():  # cancelled while the thread ran
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    try:
        loop.call_soon_threadsafe(settle)
    except RuntimeError:
        log.debug("the event loop closed before a probe worker thread finished")
