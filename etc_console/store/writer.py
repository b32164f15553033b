"""One thread that performs every write to the local cache, in order.

SQLite allows one writer at a time; funnelling writes through a single worker keeps
the GUI thread free of disk waits and removes "database is locked" retries. Each
operation is a callable that receives a Session; it runs in its own transaction and
its result or exception arrives through a Future.
"""

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from sqlalchemy.orm import Session, sessionmaker

log = logging.getLogger(__name__)

T = TypeVar("T")
_STOP = object()


class WriterClosedError(RuntimeError):
    """An operation was submitted after the writer stopped."""


class DbWriter:
    """Serialise write operations on one worker thread."""

    def __init__(self, sessions: sessionmaker[Session], name: str = "db-writer"):
        self._sessions = sessions
        self._queue: queue.Queue = queue.Queue()
        self._closed = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name=name)
        self._thread.start()
        log.info("database writer started")

    def submit(self, operation: Callable[[Session], T]) -> "Future[T]":
        """Queue `operation`; it runs in a transaction that commits when it returns."""
        future: Future = Future()
        with self._lock:
            if self._closed:
                raise WriterClosedError("the database writer is stopped; the write was not queued")
            self._queue.put((operation, future))
        return future

    def close(self, timeout: float = 10) -> None:
        """Finish the queued operations, then stop the worker."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(_STOP)
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.error("database writer did not stop within %.1f s", timeout)
        else:
            log.info("database writer stopped")

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            operation, future = item
            if future.set_running_or_notify_cancel():
                self._perform(operation, future)

    def _perform(self, operation: Callable[[Session], Any], future: Future) -> None:
        try:
            with self._sessions.begin() as session:
                result = operation(session)
        except Exception as error:  # handed to the caller through the future
            log.exception("database write %s failed", getattr(operation, "__qualname__", operation))
            future.set_exception(error)
        else:
            future.set_result(result)
