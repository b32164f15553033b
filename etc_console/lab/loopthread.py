"""An asyncio event loop running in its own non-daemon thread."""

import asyncio
import logging
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

START_TIMEOUT = 10.0


class LoopThread:
    """Run an event loop in a thread and coroutines on it from other threads.

    The thread is not a daemon: the interpreter waits for it at exit, so every owner
    must call stop().
    """

    def __init__(self, name: str):
        self.name = name
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None

    @property
    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def in_loop_thread(self) -> bool:
        return self._thread is not None and threading.current_thread() is self._thread

    def start(self) -> None:
        if self.is_alive:
            raise RuntimeError(f"the thread {self.name} is already running")
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), name=self.name, daemon=False)
        self._thread.start()
        if not ready.wait(START_TIMEOUT):
            raise TimeoutError(f"the event loop of thread {self.name} did not start within {START_TIMEOUT} s")

    def _run(self, ready: threading.Event) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._loop = loop
        ready.set()
        try:
            loop.run_forever()
        finally:
            _close_loop(loop)
            log.debug("event loop of thread %s closed", self.name)

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float) -> T:
        """Run a coroutine on the loop and return its result; cancel it after `timeout` s.

        Raise RuntimeError when called from the loop's own thread, where waiting would
        block the loop forever.
        """
        if self.in_loop_thread():
            coroutine.close()
            raise RuntimeError(f"LoopThread.run() called from the loop thread {self.name}; await the coroutine instead")
        if self._loop is None or not self.is_alive:
            coroutine.close()
            raise RuntimeError(f"the thread {self.name} is not running")

        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def stop(self, timeout: float) -> None:
        """Stop the loop, cancel its remaining tasks and join the thread.

        Raise TimeoutError when the thread is still running after `timeout` s.
        """
        if self._thread is None:
            return
        if self._loop is not None and self.is_alive:
            self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout)
        if self._thread.is_alive():
            raise TimeoutError(f"the thread {self.name} did not end within {timeout} s")
        self._thread = None
        self._loop = None


def _close_loop(loop: asyncio.AbstractEventLoop) -> None:
    tasks = asyncio.all_tasks(loop)
    for task in tasks:
        task.cancel()
    if tasks:
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.run_until_complete(loop.shutdown_default_executor())
    loop.close()
