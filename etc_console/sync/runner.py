"""A background thread that runs sync rounds on a schedule and on request, one at a time.

The runner calls its listeners on its own thread with a SyncStatus after every change:
a round starts or ends, or a periodic read finds a new pending count. The GUI hands
each status to its own thread through a bridge, as it does the monitor's reports.
"""

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from etc_console.store.db import Database
from etc_console.sync import local
from etc_console.sync.connection import Problem, SyncError
from etc_console.sync.round import RoundReport, SyncClient
from etc_console.sync.schedule import RetrySchedule
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

START_DELAY = 5.0  # seconds from start to the first round, so the window opens first
STATUS_EVERY = 10.0  # seconds between reads of the pending count while no round runs


@dataclass(frozen=True)
class SyncStatus:
    """The pending records, the open conflicts and the outcome of the last round, as the status bar shows them."""

    pending: int = 0
    open_conflicts: int = 0
    last_success_at: datetime | None = None
    last_error: str | None = None  # the stored message of the last failed round, in English
    last_error_at: datetime | None = None
    problem: Problem | None = None  # the last failure's kind; None when not known
    running: bool = False
    next_round_at: datetime | None = None
    failures: int = 0  # failed rounds in a row
    rounds: int = 0  # rounds finished (failed or not) since the runner started
    last_report: RoundReport | None = None


class SyncRunner:
    """Run `client`'s rounds on one thread: at start, every interval, backed off after failures.

    `run_now()` requests a round at once. A request that arrives while a round runs
    starts one more round after it, never a second round at the same time.
    """

    def __init__(self, client: SyncClient, database: Database, schedule: RetrySchedule | None = None,
                 *, start_delay: float = START_DELAY, status_every: float = STATUS_EVERY):
        self._client = client
        self._database = database
        self._schedule = schedule or RetrySchedule(client.settings.interval)
        self._start_delay = start_delay
        self._status_every = status_every
        self._listeners: list[Callable[[SyncStatus], None]] = []
        self._condition = threading.Condition()
        self._round_requested = False
        self._status_requested = False
        self._stopping = False
        self._status = SyncStatus()
        self._thread: threading.Thread | None = None

    @property
    def status(self) -> SyncStatus:
        """Return the latest status the runner published."""
        with self._condition:
            return self._status

    def add_listener(self, listener: Callable[[SyncStatus], None]) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._loop, name="sync-runner", daemon=True)
        self._thread.start()
        log.info("sync runner started: first round in %.0f s, then every %.0f s",
                 self._start_delay, self._schedule.interval)

    def run_now(self) -> bool:
        """Request a round now; return False when one runs, so the request starts the next one."""
        with self._condition:
            self._round_requested = True
            self._condition.notify_all()
            return not self._status.running

    def refresh(self) -> None:
        """Request a fresh read of the pending count and the stored outcome."""
        with self._condition:
            self._status_requested = True
            self._condition.notify_all()

    def stop(self) -> None:
        """Stop the thread, ending a running round by breaking its link; close the connection.

        A round that is still connecting ends within the [sync] connect_timeout, so the
        wait is bounded by it. The center keeps what it committed; the rest stays queued.
        """
        if self._thread is None:
            return
        with self._condition:
            self._stopping = True
            self._condition.notify_all()
        self._client.abort()
        self._thread.join(self._client.settings.connect_timeout + 5)
        if self._thread.is_alive():
            log.error("sync runner did not stop: a round is still waiting for the center")
        else:
            log.info("sync runner stopped")
        self._thread = None

    # ------------------------------------------------------------------ the thread

    def _loop(self) -> None:
        try:
            now = time.monotonic()
            next_round, next_status = now + self._start_delay, now
            while True:
                action = self._wait(next_round, next_status)
                if action == "stop":
                    return
                if action == "round":
                    next_round = time.monotonic() + self._run_round()
                else:
                    self._update(**self._stored_or_nothing())
                next_status = time.monotonic() + self._status_every
        finally:
            self._client.close()

    def _wait(self, next_round: float, next_status: float) -> str:
        with self._condition:
            while True:
                if self._stopping:
                    return "stop"
                if self._round_requested:
                    self._round_requested = False
                    return "round"
                if self._status_requested:
                    self._status_requested = False
                    return "status"
                now = time.monotonic()
                if now >= next_round:
                    return "round"
                if now >= next_status:
                    return "status"
                self._condition.wait(min(next_round, next_status) - now)

    def _run_round(self) -> float:
        """Run one round; return the seconds until the next scheduled one."""
        self._update(running=True)
        status = self.status
        try:
            report = self._client.run_round()
        except SyncError as error:
            failures = status.failures + 1
            delay = self._schedule.delay(failures, error.problem)
            log.warning("sync round %d failed (%s, %d in a row); retrying in %.0f s",
                        status.rounds + 1, error.problem.value, failures, delay)
            self._finish(failures=failures, problem=error.problem, rounds=status.rounds + 1,
                         next_round_at=utc_now() + timedelta(seconds=delay))
            return delay
        except Exception as error:  # a bug must not end automatic sync; the next round tries again
            log.exception("sync round %d failed unexpectedly", status.rounds + 1)
            failures = status.failures + 1
            delay = self._schedule.delay(failures, Problem.LOCAL)
            self._finish(failures=failures, problem=Problem.LOCAL, rounds=status.rounds + 1,
                         last_error=f"{type(error).__name__}: {error}", last_error_at=utc_now(),
                         next_round_at=utc_now() + timedelta(seconds=delay))
            return delay
        delay = self._schedule.delay(0)
        self._finish(failures=0, problem=None, rounds=status.rounds + 1, last_report=report,
                     next_round_at=utc_now() + timedelta(seconds=delay))
        return delay

    def _update(self, **changes) -> None:
        with self._condition:
            self._status = replace(self._status, **changes)
            status = self._status
        self._notify(status)

    def _finish(self, **changes) -> None:
        """Publish the end of a round and the stored state it left, as one status."""
        merged = self._stored_or_nothing()
        merged.update(changes, running=False)
        self._update(**merged)

    def _stored_or_nothing(self) -> dict:
        try:
            return self._read_stored()
        except SQLAlchemyError as error:
            log.error("reading the sync state from the local store failed: %s", error)
            return {}

    def _read_stored(self) -> dict:
        with self._database.sessions() as session:
            pending = local.pending_count(session)
            conflicts = len(local.open_conflicts(session))
            success = local.get_setting(session, local.LAST_SUCCESS_KEY)
            error = local.get_setting(session, local.LAST_ERROR_KEY)
        stored = {"pending": pending, "open_conflicts": conflicts,
                  "last_success_at": datetime.fromisoformat(success) if success else None}
        stored.update(_stored_error(error))
        if stored["last_error"] is None:
            stored["problem"] = None
        elif stored.get("problem") is None:
            stored.pop("problem")  # keep the kind this run saw, when the store does not have it
        return stored

    def _notify(self, status: SyncStatus) -> None:
        for listener in self._listeners:
            try:
                listener(status)
            except Exception:  # one broken listener must not stop sync
                log.exception("sync status listener %r failed", listener)


def _stored_error(value: str | None) -> dict:
    """Return the last error's message, time and kind from the stored JSON object."""
    if not value:
        return {"last_error": None, "last_error_at": None}
    try:
        stored = json.loads(value)
        at = datetime.fromisoformat(stored["at"])
        message = str(stored["error"])
    except (ValueError, KeyError, TypeError) as error:
        log.warning("the stored last sync error is not readable (%s); showing it as text", error)
        return {"last_error": value, "last_error_at": None}
    try:
        problem = Problem(stored["problem"]) if stored.get("problem") else None
    except ValueError:
        problem = None
    return {"last_error": message, "last_error_at": at, "problem": problem}
