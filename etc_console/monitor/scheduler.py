"""Run probes on their intervals on a worker thread and report each round.

The monitor owns one thread with an asyncio loop. Probes that are due together run as
one round through the probe engine, with bounded concurrency. The status board turns
the round's outcomes into confirmed states, subsystem statuses and alarm events. These
are written through the database writer and handed to listeners. Listeners run on the
monitor thread, so a GUI forwards the report to its own thread with a queued signal.
"""

import asyncio
import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from etc_console.catalog.model import Catalog
from etc_console.config.resolve import ProbeSpec
from etc_console.monitor.alarms import Alarm, AlarmBook, AlarmEvents
from etc_console.monitor.board import StatusBoard
from etc_console.monitor.maintenance import AdhocWindow, MaintenanceCalendar
from etc_console.monitor.status import AggregateRule, StateChange, SubsystemStatus
from etc_console.probes import engine
from etc_console.probes.model import ProbeResult, State
from etc_console.store.alarms import save_alarms
from etc_console.store.history import record_results
from etc_console.store.rollup import Retention, prune_history
from etc_console.store.writer import DbWriter
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

PRUNE_EVERY_SECONDS = 3600
PRUNE_BATCH = 20_000  # rows per table per transaction, so other writes wait little
IDLE_TICK_SECONDS = 30
SHUTDOWN_GRACE_SECONDS = 0.25  # maintenance windows start and end between rounds too


@dataclass(frozen=True)
class RoundReport:
    """The outcomes, statuses, state changes and alarm events of one round."""

    started_at: datetime
    finished_at: datetime
    results: tuple[ProbeResult, ...]
    statuses: tuple[SubsystemStatus, ...]
    changes: tuple[StateChange, ...]
    alarms: AlarmEvents = AlarmEvents()


Listener = Callable[[RoundReport], None]


class Monitor:
    """Schedule the site's probes and keep every subsystem's current status."""

    def __init__(
        self,
        catalog: Catalog,
        specs: Sequence[ProbeSpec],
        writer: DbWriter | None = None,
        concurrency: int = 50,
        aggregate_rule: AggregateRule = AggregateRule(),
        secrets=None,
        maintenance: MaintenanceCalendar | None = None,
        alarms: AlarmBook | None = None,
        retention: Retention = Retention(),
        data_dir: Path | None = None,
    ):
        self.catalog = catalog
        self.specs = list(specs)
        self.concurrency = concurrency
        self._writer = writer
        self._secrets = secrets
        self._retention = retention
        self._data_dir = data_dir
        self._board = StatusBoard(catalog, self.specs, aggregate_rule, maintenance, alarms)
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self._next_due = {spec.id: 0.0 for spec in self.specs}
        self._last_prune = 0.0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._started = threading.Event()

    # ------------------------------------------------------------------ control

    def add_listener(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def start(self) -> None:
        """Start the monitor thread; the first round begins at once."""
        self._thread = threading.Thread(target=self._run_loop, name="probe-monitor")
        self._thread.start()
        self._started.wait(10)
        log.info("monitor started with %d probes", len(self.specs))

    def stop(self, timeout: float = 10) -> None:
        """Cancel the running round, record every subsystem as unobserved, stop the thread."""
        loop, thread = self._loop, self._thread
        if thread is None:
            return
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._cancel_all)
        thread.join(timeout)
        if thread.is_alive():
            log.error("monitor thread did not stop within %.1f s", timeout)
        else:
            log.info("monitor stopped")
        self._thread = None
        with self._lock:
            changes = self._board.stop_all()
        self._save((), changes, ())

    def run_now(self) -> None:
        """Make every probe due now (the "check now" action)."""
        with self._lock:
            for probe_id in self._next_due:
                self._next_due[probe_id] = 0.0
        self._poke()

    def snapshot(self) -> dict[str, SubsystemStatus]:
        """Return the current status of every monitored subsystem."""
        with self._lock:
            return dict(self._board.statuses)

    # ------------------------------------------------------------------ alarms and maintenance

    def active_alarms(self) -> list[Alarm]:
        with self._lock:
            return self._board.alarms.active()

    def acknowledge(self, alarm_id: str, by: str, reason: str) -> Alarm:
        """Acknowledge an alarm so it stops repeating; it clears itself on recovery."""
        with self._lock:
            alarm = self._board.alarms.acknowledge(alarm_id, by, reason)
        self._save((), (), (alarm,))
        return alarm

    def due_repeats(self) -> list[Alarm]:
        """Return the unacknowledged alarms whose reminder is due now."""
        with self._lock:
            return self._board.alarms.due_repeats()

    def set_adhoc_maintenance(self, windows: list[AdhocWindow]) -> None:
        """Replace the maintenance windows entered in the console and re-evaluate the states."""
        with self._lock:
            self._board.maintenance.set_adhoc(windows)
        self._poke()

    # ------------------------------------------------------------------ thread

    def _poke(self) -> None:
        if self._loop is not None and self._wake is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._wake.set)

    def _cancel_all(self) -> None:
        for task in asyncio.all_tasks(self._loop):
            task.cancel()

    def _run_loop(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        except asyncio.CancelledError:
            pass
        finally:
            self._finish_loop(loop)

    @staticmethod
    def _finish_loop(loop: asyncio.AbstractEventLoop) -> None:
        """Let cancelled probes close their connections before the loop closes.

        An HTTPS request cancelled mid-flight closes its TLS session with a message
        that needs a few more loop turns; closing the loop at once would leave those
        sockets open.
        """
        pending = [task for task in asyncio.all_tasks(loop) if not task.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(asyncio.sleep(SHUTDOWN_GRACE_SECONDS))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.run_until_complete(loop.shutdown_default_executor())
        loop.close()

    async def _main(self) -> None:
        self._wake = asyncio.Event()
        self._started.set()
        while True:
            due = self._due_specs()
            if due:
                await self._run_round(due)
            else:
                await self._idle()
            self._prune_if_due()

    async def _idle(self) -> None:
        self._wake.clear()
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=self._seconds_to_next())
        except TimeoutError:
            pass
        started = utc_now()
        with self._lock:
            statuses, changes, events = self._board.refresh()
        if statuses:
            self._publish(RoundReport(started, utc_now(), (), statuses, changes, events))

    def _due_specs(self) -> list[ProbeSpec]:
        now = time.monotonic()
        with self._lock:
            return [spec for spec in self.specs if self._next_due[spec.id] <= now]

    def _seconds_to_next(self) -> float:
        with self._lock:
            following = min(self._next_due.values(), default=time.monotonic() + IDLE_TICK_SECONDS)
        return min(IDLE_TICK_SECONDS, max(0.05, following - time.monotonic()))

    async def _run_round(self, due: list[ProbeSpec]) -> None:
        started = utc_now()
        outcomes = await engine.run_round(due, concurrency=self.concurrency, secrets=self._secrets, data_dir=self._data_dir)
        with self._lock:
            update = self._board.apply(list(zip(due, outcomes, strict=True)))
            for spec, outcome in zip(due, outcomes, strict=True):
                self._schedule_next(spec, outcome.state)
        self._publish(RoundReport(started, utc_now(), update.results, update.statuses, update.changes, update.alarms))

    def _publish(self, report: RoundReport) -> None:
        self._save(report.results, report.changes, report.alarms.changed)
        for listener in self._listeners:
            try:
                listener(report)
            except Exception:  # a broken listener must not stop monitoring
                log.exception("round listener %r failed", listener)

    def _schedule_next(self, spec: ProbeSpec, outcome_state: State) -> None:
        # An unconfirmed failure is checked again sooner, so a real outage turns DOWN
        # well within two intervals while a single lost packet still raises nothing.
        unconfirmed = outcome_state == State.DOWN and self._board.probe_state(spec.id) != State.DOWN
        delay = max(1.0, spec.interval / 3) if unconfirmed else spec.interval
        self._next_due[spec.id] = time.monotonic() + delay

    # ------------------------------------------------------------------ storage

    def _save(self, results, changes, alarms) -> None:
        if self._writer is None or not (results or changes or alarms):
            return

        def write(session):
            record_results(session, results, changes)
            save_alarms(session, alarms)

        self._writer.submit(write).add_done_callback(_log_write_failure)

    def _prune_if_due(self) -> None:
        if self._writer is None or time.monotonic() - self._last_prune < PRUNE_EVERY_SECONDS:
            return
        self._last_prune = time.monotonic()
        retention = self._retention

        writer = self._writer

        def prune(session):
            return prune_history(session, utc_now(), retention, batch=PRUNE_BATCH)

        def again_if_more(future):
            _log_write_failure(future)
            if future.exception() is None and future.result() >= PRUNE_BATCH:
                writer.submit(prune).add_done_callback(again_if_more)

        writer.submit(prune).add_done_callback(again_if_more)


def _log_write_failure(future) -> None:
    error = future.exception()
    if error is not None:
        log.error("saving monitoring data failed: %s", error)
