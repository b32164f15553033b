"""Contract SLA clocks of an incident.

Four clocks run per incident, each from a start time to a deadline:

- discover: from onset, `discover_minutes` (60); stops at detection.
- respond: from detection, the class's respond_minutes (30); stops at response.
- handle: from detection, the class's handle_minutes (120 or 180); stops at restore.
- restore: from onset, 240 minutes when ETC business is affected, else 1440; stops at
  restore.

An incident spanning several subsystems uses the strictest SLA class among them, the
one with the shortest handling limit (then the shortest response limit). Subsystems
whose class sets no limits (training, guidance) start no clocks.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from etc_console.catalog import Catalog, SlaClass
from etc_console.incidents.contract import ContractSettings
from etc_console.incidents.model import Incident
from etc_console.timeutil import require_aware


class ClockKind(StrEnum):
    DISCOVER = "discover"
    RESPOND = "respond"
    HANDLE = "handle"
    RESTORE = "restore"


CLOCK_LABELS = {
    ClockKind.DISCOVER: "发现时限",
    ClockKind.RESPOND: "响应时限",
    ClockKind.HANDLE: "处理时限",
    ClockKind.RESTORE: "恢复时限",
}


class ClockState(StrEnum):
    RUNNING = "running"
    WARNING = "warning"
    MET = "met"
    MISSED = "missed"


CLOCK_STATE_LABELS = {
    ClockState.RUNNING: "计时中",
    ClockState.WARNING: "即将超时",
    ClockState.MET: "达标",
    ClockState.MISSED: "超时",
}


@dataclass(frozen=True)
class Clock:
    """One SLA clock at a given moment.

    `remaining` is the deadline minus now for a running clock (negative once overdue)
    and the deadline minus the stop time for a stopped one (negative when it was late).
    `fine_yuan` is the fine a miss costs: charged when MISSED, at risk while running.
    """

    kind: ClockKind
    limit_minutes: int
    start: datetime
    deadline: datetime
    stopped_at: datetime | None
    state: ClockState
    remaining: timedelta
    fine_yuan: int

    @property
    def running(self) -> bool:
        return self.stopped_at is None

    @property
    def charged_yuan(self) -> int:
        """Return the fine this clock has already incurred."""
        return self.fine_yuan if self.state == ClockState.MISSED else 0

    @property
    def at_risk_yuan(self) -> int:
        """Return the fine still at stake: a running clock that can still be met."""
        return self.fine_yuan if self.state in (ClockState.RUNNING, ClockState.WARNING) else 0


def strictest_class(catalog: Catalog, subsystem_ids) -> SlaClass | None:
    """Return the SLA class with the shortest limits among the subsystems, or None.

    None means no subsystem has a class with limits. An unknown subsystem id raises
    KeyError.
    """
    classes = [catalog.sla_class(catalog.subsystem(sid).sla_class) for sid in subsystem_ids]
    timed = [c for c in classes if c.respond_minutes is not None and c.handle_minutes is not None]
    if not timed:
        return None
    return min(timed, key=lambda c: (c.handle_minutes, c.respond_minutes, c.id))


def _warning_threshold(limit_minutes: int, contract: ContractSettings) -> timedelta:
    share = timedelta(minutes=limit_minutes) * contract.warning.share
    return max(share, timedelta(minutes=contract.warning.minutes))


def make_clock(kind: ClockKind, start: datetime, limit_minutes: int, stopped_at: datetime | None, fine_yuan: int, now: datetime, contract: ContractSettings) -> Clock:
    """Return the clock's state at `now`; a stop time at the deadline itself is met."""
    start = require_aware(start, "clock start")
    deadline = start + timedelta(minutes=limit_minutes)
    if stopped_at is not None:
        stopped_at = require_aware(stopped_at, "clock stop")
        state = ClockState.MET if stopped_at <= deadline else ClockState.MISSED
        return Clock(kind, limit_minutes, start, deadline, stopped_at, state, deadline - stopped_at, fine_yuan)

    remaining = deadline - require_aware(now, "now")
    if remaining < timedelta(0):
        state = ClockState.MISSED
    elif remaining < _warning_threshold(limit_minutes, contract):
        state = ClockState.WARNING
    else:
        state = ClockState.RUNNING
    return Clock(kind, limit_minutes, start, deadline, None, state, remaining, fine_yuan)


def incident_clocks(incident: Incident, catalog: Catalog, contract: ContractSettings, now: datetime) -> list[Clock]:
    """Return the four clocks of an incident at `now`, or [] when its class sets no limits."""
    sla = strictest_class(catalog, incident.subsystems)
    if sla is None:
        return []
    deadlines, fines = contract.deadlines, contract.fines
    restore_minutes = deadlines.restore_affected_minutes if incident.business_affected else deadlines.restore_unaffected_minutes
    specs = (
        (ClockKind.DISCOVER, incident.onset_at, deadlines.discover_minutes, incident.detected_at, fines.discover_yuan),
        (ClockKind.RESPOND, incident.detected_at, sla.respond_minutes, incident.responded_at, fines.respond_yuan),
        (ClockKind.HANDLE, incident.detected_at, sla.handle_minutes, incident.restored_at, fines.handle_yuan),
        (ClockKind.RESTORE, incident.onset_at, restore_minutes, incident.restored_at, fines.restore_yuan),
    )
    return [make_clock(kind, start, limit, stop, fine, now, contract) for kind, start, limit, stop, fine in specs]
