"""The status board: every subsystem's current status, built from probe results.

The board is plain data and logic with no thread of its own; the Monitor feeds it each
round's outcomes under its lock, and tests drive it directly with an injected clock.
"""

import logging
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from etc_console.catalog.model import Catalog, Subsystem
from etc_console.config.resolve import ProbeSpec
from etc_console.monitor.alarms import AlarmBook, AlarmEvents
from etc_console.monitor.maintenance import MaintenanceCalendar
from etc_console.monitor.status import AggregateRule, StateChange, SubsystemStatus, aggregate_status, plain_status
from etc_console.probes.model import Outcome, ProbeResult, State, StateTracker
from etc_console.timeutil import format_display, utc_now

log = logging.getLogger(__name__)

SPARKLINE_POINTS = 60


@dataclass(frozen=True)
class BoardUpdate:
    results: tuple[ProbeResult, ...]
    statuses: tuple[SubsystemStatus, ...]
    changes: tuple[StateChange, ...]
    alarms: AlarmEvents


class StatusBoard:
    def __init__(
        self,
        catalog: Catalog,
        specs: Sequence[ProbeSpec],
        aggregate_rule: AggregateRule = AggregateRule(),
        maintenance: MaintenanceCalendar | None = None,
        alarms: AlarmBook | None = None,
        clock: Callable[[], datetime] = utc_now,
    ):
        self.catalog = catalog
        self.clock = clock
        self.alarms = alarms or AlarmBook(clock=clock)
        self.maintenance = maintenance or MaintenanceCalendar()
        self._rule = aggregate_rule
        self._specs = {spec.id: spec for spec in specs}
        self._trackers = {spec.id: StateTracker(spec.fail_after, spec.recover_after) for spec in specs}
        self._first_failure: dict[str, datetime] = {}
        self._latest: dict[str, ProbeResult] = {}
        self._member_counts = {s.id: len(catalog.service_points) for s in catalog.subsystems if s.aggregate}
        self.statuses = {s.id: SubsystemStatus(s.id, State.UNKNOWN, "not checked yet") for s in catalog.monitored()}
        self._sparklines = {s.id: deque(maxlen=SPARKLINE_POINTS) for s in catalog.monitored()}

    def apply(self, outcomes: Sequence[tuple[ProbeSpec, Outcome]]) -> BoardUpdate:
        """Take one round's outcomes; return the results, new statuses, changes and alarm events."""
        results, changes = [], []
        for spec, outcome in outcomes:
            result = self._track(spec, outcome)
            results.append(result)
            if result.changed:
                changes.append(_probe_change(result))

        touched = {result.subsystem_id for result in results}
        statuses, subsystem_changes, events = self.refresh(touched)
        return BoardUpdate(tuple(results), statuses, tuple(changes) + subsystem_changes, events)

    def refresh(self, touched: set[str] = frozenset()) -> tuple[tuple[SubsystemStatus, ...], tuple[StateChange, ...], AlarmEvents]:
        """Recompute every subsystem (maintenance and dependencies change without new results)."""
        now = self.clock()
        fresh = {}
        for subsystem in self.catalog.monitored():
            fresh[subsystem.id] = self._own_status(subsystem, now, subsystem.id in touched)
        for subsystem in self.catalog.monitored():
            fresh[subsystem.id] = self._with_dependencies(subsystem, fresh)

        statuses, changes = [], []
        raised, cleared, reopened = [], [], []
        for subsystem_id, status in fresh.items():
            previous = self.statuses[subsystem_id]
            if status == previous:
                continue
            statuses.append(status)
            self.statuses[subsystem_id] = status
            if status.state != previous.state:
                changes.append(self._subsystem_change(previous, status, now))
            no_longer_impacted = status.state == State.DOWN and previous.impacted_by and not status.impacted_by
            if status.state != previous.state or no_longer_impacted:
                events = self._alarm_events(status)
                raised += events.raised
                cleared += events.cleared
                reopened += events.reopened
        return tuple(statuses), tuple(changes), AlarmEvents(tuple(raised), tuple(cleared), tuple(reopened))

    def stop_all(self) -> tuple[StateChange, ...]:
        """Mark every subsystem UNKNOWN because monitoring stops; return the changes."""
        now = self.clock()
        changes = []
        for subsystem_id, status in self.statuses.items():
            if status.state != State.UNKNOWN:
                stopped = SubsystemStatus(subsystem_id, State.UNKNOWN, "monitoring stopped", checked_at=now)
                changes.append(self._subsystem_change(status, stopped, now))
                self.statuses[subsystem_id] = stopped
        return tuple(changes)

    def probe_state(self, probe_id: str) -> State:
        """Return a probe's confirmed state."""
        return self._trackers[probe_id].state

    # ------------------------------------------------------------------ probes

    def _track(self, spec: ProbeSpec, outcome: Outcome) -> ProbeResult:
        tracker = self._trackers[spec.id]
        previous = tracker.state
        state, changed = tracker.observe(outcome)
        if outcome.state == State.DOWN:
            self._first_failure.setdefault(spec.id, outcome.checked_at)
        elif state != State.DOWN:
            self._first_failure.pop(spec.id, None)

        result = ProbeResult(
            probe_id=spec.id, subsystem_id=spec.subsystem, kind=spec.kind, name=spec.name,
            outcome=outcome, state=state, member=spec.member, changed=changed,
            previous_state=previous, pending_failures=tracker.failures if state != State.DOWN else 0,
        )
        self._latest[spec.id] = result
        return result

    # ------------------------------------------------------------------ subsystems

    def _own_status(self, subsystem: Subsystem, now: datetime, touched: bool) -> SubsystemStatus:
        previous = self.statuses[subsystem.id]
        if touched or previous.checked_at is not None:
            results = [r for r in self._latest.values() if r.subsystem_id == subsystem.id]
            status = self._from_results(subsystem, results, previous, touched)
        else:
            status = previous

        window = self.maintenance.active(subsystem.id, now)
        if window is not None:
            until = format_display(window.end, "%m-%d %H:%M")
            return replace(status, state=State.MAINTENANCE, maintenance=window.reason, detail=f"maintenance until {until}: {window.reason}")
        if status.state == State.MAINTENANCE:  # the window ended before any new result came in
            results = [r for r in self._latest.values() if r.subsystem_id == subsystem.id]
            return replace(self._from_results(subsystem, results, previous, False), maintenance=None)
        return status

    def _from_results(self, subsystem: Subsystem, results: list[ProbeResult], previous: SubsystemStatus, touched: bool) -> SubsystemStatus:
        if subsystem.aggregate:
            status = aggregate_status(subsystem, results, self._member_counts[subsystem.id], self._rule)
        else:
            status = plain_status(subsystem, results)

        sparkline = self._sparklines[subsystem.id]
        if touched and status.latency_ms is not None:
            sparkline.append(status.latency_ms)
        onsets = [self._first_failure[r.probe_id] for r in results if r.probe_id in self._first_failure]
        return replace(
            status,
            sparkline=tuple(sparkline),
            onset_at=min(onsets) if onsets else None,
            flapping=self.alarms.is_flapping(subsystem.id),
        )

    def _with_dependencies(self, subsystem: Subsystem, fresh: dict[str, SubsystemStatus]) -> SubsystemStatus:
        status = fresh[subsystem.id]
        if status.state != State.DOWN:
            return replace(status, impacted_by=())
        down = tuple(d for d in self._dependencies(subsystem) if d in fresh and fresh[d].state == State.DOWN)
        return replace(status, impacted_by=down)

    def _dependencies(self, subsystem: Subsystem) -> list[str]:
        found = list(subsystem.depends_on)
        for spec in self._specs.values():
            if spec.subsystem == subsystem.id:
                found.extend(getattr(spec, "depends_on", ()) or ())
        return found

    def _subsystem_change(self, previous: SubsystemStatus, status: SubsystemStatus, now: datetime) -> StateChange:
        self.alarms.note_change(status.subsystem_id, now)
        log.info("subsystem %s changed %s -> %s: %s", status.subsystem_id, previous.state, status.state, status.detail)
        return StateChange(status.subsystem_id, None, previous.state.value, status.state.value, status.detail, status.checked_at or now)

    def _alarm_events(self, status: SubsystemStatus) -> AlarmEvents:
        if status.state == State.DOWN and not status.impacted_by:
            return self.alarms.on_down(status.subsystem_id, status.onset_at or status.checked_at or self.clock(), status.detail)
        return self.alarms.on_recovered(status.subsystem_id, status.state)


def _probe_change(result: ProbeResult) -> StateChange:
    return StateChange(
        subsystem_id=result.subsystem_id,
        probe_id=result.probe_id,
        old_state=result.previous_state.value if result.previous_state else None,
        new_state=result.state.value,
        detail=result.detail,
        changed_at=result.checked_at,
    )
