"""Alarms: raised when a subsystem turns DOWN, acknowledged by a person, cleared on recovery.

An alarm is not raised for a subsystem under maintenance or impacted by a dependency
that is itself DOWN. An unacknowledged alarm repeats its notification every
`repeat_minutes`; an acknowledged one stays quiet. A subsystem whose state changed
`flap_changes` times within `flap_window` is flapping: a new DOWN then reopens its
latest alarm, marked as flapping, instead of raising another.
"""

import logging
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from etc_console.probes.model import State
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Alarm:
    id: str
    subsystem_id: str
    onset_at: datetime  # the first failed check of the outage
    raised_at: datetime  # when the console confirmed DOWN: the detection time
    detail: str
    flapping: bool = False
    acknowledged_by: str | None = None
    ack_reason: str | None = None
    acknowledged_at: datetime | None = None
    cleared_at: datetime | None = None

    @property
    def active(self) -> bool:
        return self.cleared_at is None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


@dataclass(frozen=True)
class AlarmEvents:
    """What changed in the alarms during one round."""

    raised: tuple[Alarm, ...] = ()
    cleared: tuple[Alarm, ...] = ()
    reopened: tuple[Alarm, ...] = ()

    @property
    def changed(self) -> tuple[Alarm, ...]:
        return self.raised + self.cleared + self.reopened


@dataclass
class AlarmBook:
    """Keep the alarms of every subsystem and decide when to notify."""

    repeat_minutes: float = 5
    flap_changes: int = 4
    flap_window: timedelta = timedelta(minutes=15)
    clock: Callable[[], datetime] = utc_now
    _alarms: dict[str, Alarm] = field(default_factory=dict)
    _latest: dict[str, str] = field(default_factory=dict)  # subsystem -> its newest alarm id
    _changes: dict[str, deque] = field(default_factory=dict)
    _notified: dict[str, datetime] = field(default_factory=dict)

    def load(self, alarms: list[Alarm]) -> None:
        """Take alarms read back from the store at start."""
        for alarm in sorted(alarms, key=lambda a: a.raised_at):
            self._alarms[alarm.id] = alarm
            self._latest[alarm.subsystem_id] = alarm.id

    def note_change(self, subsystem_id: str, at: datetime) -> None:
        """Record a state change of the subsystem, for flapping detection."""
        changes = self._changes.setdefault(subsystem_id, deque(maxlen=64))
        changes.append(at)

    def is_flapping(self, subsystem_id: str, now: datetime | None = None) -> bool:
        now = now or self.clock()
        recent = [at for at in self._changes.get(subsystem_id, ()) if now - at <= self.flap_window]
        return len(recent) >= self.flap_changes

    def on_down(self, subsystem_id: str, onset_at: datetime, detail: str) -> AlarmEvents:
        """Raise (or, while flapping, reopen) the alarm of a subsystem that turned DOWN."""
        now = self.clock()
        latest = self._alarms.get(self._latest.get(subsystem_id, ""))
        if latest is not None and latest.active:
            return AlarmEvents()
        if latest is not None and self.is_flapping(subsystem_id, now):
            reopened = replace(latest, cleared_at=None, flapping=True, detail=detail)
            self._alarms[reopened.id] = reopened
            log.info("alarm %s of %s reopened: subsystem is flapping", reopened.id, subsystem_id)
            return AlarmEvents(reopened=(reopened,))

        alarm = Alarm(str(uuid.uuid4()), subsystem_id, onset_at, now, detail)
        self._alarms[alarm.id] = alarm
        self._latest[subsystem_id] = alarm.id
        self._notified[alarm.id] = now
        log.warning("alarm %s raised: %s is DOWN since %s: %s", alarm.id, subsystem_id, onset_at.isoformat(), detail)
        return AlarmEvents(raised=(alarm,))

    def on_recovered(self, subsystem_id: str, state: State) -> AlarmEvents:
        """Clear the subsystem's active alarm when it is no longer DOWN."""
        alarm = self._alarms.get(self._latest.get(subsystem_id, ""))
        if alarm is None or not alarm.active or state == State.DOWN:
            return AlarmEvents()
        cleared = replace(alarm, cleared_at=self.clock(), flapping=alarm.flapping or self.is_flapping(subsystem_id))
        self._alarms[cleared.id] = cleared
        log.info("alarm %s of %s cleared: state is %s", cleared.id, subsystem_id, state)
        return AlarmEvents(cleared=(cleared,))

    def acknowledge(self, alarm_id: str, by: str, reason: str) -> Alarm:
        """Acknowledge an alarm; raise KeyError for an unknown id, ValueError for empty fields."""
        if not by.strip() or not reason.strip():
            raise ValueError("acknowledging an alarm needs the engineer's name and a reason")
        alarm = replace(self._alarms[alarm_id], acknowledged_by=by.strip(), ack_reason=reason.strip(), acknowledged_at=self.clock())
        self._alarms[alarm_id] = alarm
        log.info("alarm %s acknowledged by %s", alarm_id, alarm.acknowledged_by)
        return alarm

    def due_repeats(self) -> list[Alarm]:
        """Return active, unacknowledged alarms whose notification is due again, and mark them notified."""
        now = self.clock()
        due = []
        for alarm in self.active():
            last = self._notified.get(alarm.id, alarm.raised_at)
            if not alarm.acknowledged and now - last >= timedelta(minutes=self.repeat_minutes):
                self._notified[alarm.id] = now
                due.append(alarm)
        return due

    def active(self) -> list[Alarm]:
        return sorted((a for a in self._alarms.values() if a.active), key=lambda a: a.raised_at)

    def get(self, alarm_id: str) -> Alarm:
        return self._alarms[alarm_id]
