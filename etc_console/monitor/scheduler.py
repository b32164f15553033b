"""Run probes on their intervals on a worker thread and report each round.

The monitor owns one thread with an asyncio loop. Probes that are due together run as
one round through the probe engine (bounded concurrency); the round's results pass
through each probe's StateTracker, are aggregated per subsystem, written through the
database writer and handed to listeners. Listeners run on the monitor thread: a GUI
forwards the report to its own thread with a queued signal.
"""

import asyncio
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from etc_console.catalog.model import Catalog
from etc_console.config.resolve import ProbeSpec
from etc_console.monitor.status import AggregateRule, StateChange, SubsystemStatus, aggregate_status, plain_status
from etc_console.probes import engine
from etc_console.probes.model import Outcome, ProbeResult, State, StateTracker
from etc_console.store.history import record_results
from etc_console.store.writer import DbWriter
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)

SPARKLINE_POINTS = 60


@dataclass(frozen=True)
class RoundReport:
    """What one round observed and changed."""

    started_at: datetime
    finished_at: datetime
    results: tuple[ProbeResult, ...]
    statuses: tuple[SubsystemStatus, ...]
    changes: tuple[StateChange, ...]


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
    ):
        self.catalog = catalog
        self.specs = list(specs)
        self.concurrency = concurrency
        self._writer = writer
        self._rule = aggregate_rule
        self._secrets = secrets
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()
        self._trackers = {spec.id: StateTracker(spec.fail_after, spec.recover_after) for spec in self.specs}
        self._latest: dict[str, ProbeResult] = {}
        self._statuses = {s.id: SubsystemStatus(s.id, State.UNKNOWN, "not checked yet") for s in catalog.monitored()}
        self._sparklines: dict[str, deque] = {s.id: deque(maxlen=SPARKLINE_POINTS) for s in catalog.monitored()}
        self._member_counts = {s.id: len(catalog.service_points) for s in catalog.subsystems if s.aggregate}
        self._next_due = {spec.id: 0.0 for spec in self.specs}
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
        """Cancel the running round and stop the thread; safe to call twice."""
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

    def run_now(self) -> None:
        """Make every probe due now (the "check now" action)."""
        with self._lock:
            for probe_id in self._next_due:
                self._next_due[probe_id] = 0.0
        self._poke()

    def snapshot(self) -> dict[str, SubsystemStatus]:
        """Return the current status of every monitored subsystem."""
        with self._lock:
            return dict(self._statuses)

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
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    async def _main(self) -> None:
        self._wake = asyncio.Event()
        self._started.set()
        while True:
            due = self._due_specs()
            if due:
                await self._run_round(due)
                continue
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self._seconds_to_next())
            except TimeoutError:
                pass

    def _due_specs(self) -> list[ProbeSpec]:
        now = time.monotonic()
        with self._lock:
            return [spec for spec in self.specs if self._next_due[spec.id] <= now]

    def _seconds_to_next(self) -> float:
        with self._lock:
            if not self._next_due:
                return 3600.0
            return max(0.05, min(self._next_due.values()) - time.monotonic())

    async def _run_round(self, due: list[ProbeSpec]) -> None:
        started = utc_now()
        outcomes = await engine.run_round(due, concurrency=self.concurrency, secrets=self._secrets)
        report = self._apply(due, outcomes, started)
        self._save(report)
        for listener in self._listeners:
            try:
                listener(report)
            except Exception:  # a broken listener must not stop monitoring
                log.exception("round listener %r failed", listener)

    # ------------------------------------------------------------------ state

    def _apply(self, due: list[ProbeSpec], outcomes: list[Outcome], started: datetime) -> RoundReport:
        results, changes = [], []
        with self._lock:
            for spec, outcome in zip(due, outcomes, strict=True):
                result = self._track(spec, outcome)
                results.append(result)
                if result.changed:
                    changes.append(_change_row(result))
                self._schedule_next(spec, outcome)

            statuses = []
            for subsystem_id in sorted({r.subsystem_id for r in results}):
                status, change = self._refresh_subsystem(subsystem_id)
                statuses.append(status)
                if change is not None:
                    changes.append(change)

        return RoundReport(started, utc_now(), tuple(results), tuple(statuses), tuple(changes))

    def _track(self, spec: ProbeSpec, outcome: Outcome) -> ProbeResult:
        tracker = self._trackers[spec.id]
        previous = tracker.state
        state, changed = tracker.observe(outcome)
        result = ProbeResult(
            probe_id=spec.id, subsystem_id=spec.subsystem, kind=spec.kind, name=spec.name,
            outcome=outcome, state=state, member=spec.member, changed=changed,
            previous_state=previous, pending_failures=tracker.failures if state != State.DOWN else 0,
        )
        self._latest[spec.id] = result
        return result

    def _schedule_next(self, spec: ProbeSpec, outcome: Outcome) -> None:
        # An unconfirmed failure is checked again sooner, so a real outage turns DOWN
        # well within two intervals while a single lost packet still raises nothing.
        tracker = self._trackers[spec.id]
        unconfirmed = outcome.state == State.DOWN and tracker.state != State.DOWN
        delay = max(1.0, spec.interval / 3) if unconfirmed else spec.interval
        self._next_due[spec.id] = time.monotonic() + delay

    def _refresh_subsystem(self, subsystem_id: str) -> tuple[SubsystemStatus, StateChange | None]:
        subsystem = self.catalog.subsystem(subsystem_id)
        results = [r for r in self._latest.values() if r.subsystem_id == subsystem_id]
        if subsystem.aggregate:
            status = aggregate_status(subsystem, results, self._member_counts[subsystem_id], self._rule)
        else:
            status = plain_status(subsystem, results)

        sparkline = self._sparklines.setdefault(subsystem_id, deque(maxlen=SPARKLINE_POINTS))
        if status.latency_ms is not None:
            sparkline.append(status.latency_ms)
        status = _with_sparkline(status, tuple(sparkline))

        previous = self._statuses.get(subsystem_id)
        self._statuses[subsystem_id] = status
        if previous is None or previous.state == status.state:
            return status, None
        change = StateChange(
            subsystem_id=subsystem_id, probe_id=None, old_state=previous.state.value,
            new_state=status.state.value, detail=status.detail, changed_at=status.checked_at or utc_now(),
        )
        log.info("subsystem %s changed %s -> %s: %s", subsystem_id, previous.state, status.state, status.detail)
        return status, change

    def _save(self, report: RoundReport) -> None:
        if self._writer is None:
            return
        results, changes = report.results, report.changes
        future = self._writer.submit(lambda session: record_results(session, results, changes))
        future.add_done_callback(_log_write_failure)


def _with_sparkline(status: SubsystemStatus, sparkline: tuple[float, ...]) -> SubsystemStatus:
    return replace(status, sparkline=sparkline)


def _change_row(result: ProbeResult) -> StateChange:
    return StateChange(
        subsystem_id=result.subsystem_id,
        probe_id=result.probe_id,
        old_state=result.previous_state.value if result.previous_state else None,
        new_state=result.state.value,
        detail=result.detail,
        changed_at=result.checked_at,
    )


def _log_write_failure(future) -> None:
    error = future.exception()
    if error is not None:
        log.error("saving a probe round failed: %s", error)
