"""A subsystem's state from the states of its probes."""

import math
from dataclasses import dataclass, field
from datetime import datetime

from etc_console.catalog.model import Subsystem
from etc_console.probes.model import ProbeResult, State, worst

GOOD_STATES = (State.OK, State.WARNING)


@dataclass(frozen=True)
class AggregateRule:
    """When an aggregated tile (the service points) turns WARNING or DOWN."""

    warn_offline: int = 1
    down_offline_ratio: float = 0.3


@dataclass(frozen=True)
class StateChange:
    """A change of state of one probe (probe_id set) or of a whole subsystem (probe_id None)."""

    subsystem_id: str
    probe_id: str | None
    old_state: str | None
    new_state: str
    detail: str
    changed_at: datetime


@dataclass(frozen=True)
class SubsystemStatus:
    """What one tile shows."""

    subsystem_id: str
    state: State
    detail: str
    checked_at: datetime | None = None
    latency_ms: float | None = None
    probes: tuple[ProbeResult, ...] = ()
    online: int | None = None
    total: int | None = None
    offline_members: tuple[str, ...] = ()
    sparkline: tuple[float, ...] = field(default=())
    impacted_by: tuple[str, ...] = ()  # DOWN dependencies that explain this subsystem's failure
    maintenance: str | None = None  # reason of the maintenance window in force
    flapping: bool = False
    onset_at: datetime | None = None  # first failed check of the current failure, if failing


def _latest(results: list[ProbeResult]) -> datetime | None:
    return max((result.checked_at for result in results), default=None)


def _mean_latency(results: list[ProbeResult]) -> float | None:
    values = [r.latency_ms for r in results if r.latency_ms is not None]
    return sum(values) / len(values) if values else None


def plain_status(subsystem: Subsystem, results: list[ProbeResult]) -> SubsystemStatus:
    """Return the worst state of the subsystem's probes, with the worst probe's detail."""
    if not results:
        return SubsystemStatus(subsystem.id, State.UNKNOWN, "no probe is configured for this subsystem")

    state = worst(result.state for result in results)
    culprits = [r for r in results if r.state == state and state != State.OK]
    detail = "; ".join(f"{r.name}: {r.detail}" for r in culprits) if culprits else "all probes OK"
    return SubsystemStatus(
        subsystem.id, state, detail, _latest(results), _mean_latency(results), tuple(results)
    )


def aggregate_status(subsystem: Subsystem, results: list[ProbeResult], total: int, rule: AggregateRule) -> SubsystemStatus:
    """Return the state of an aggregated subsystem from how many members are online.

    A member counts as offline when its confirmed state is DOWN; members not yet checked
    count neither way.
    """
    if not results:
        return SubsystemStatus(subsystem.id, State.UNKNOWN, "no probe is configured for the members", total=total, online=0)

    online = sum(1 for r in results if r.state in GOOD_STATES)
    offline = sorted({r.member or r.probe_id for r in results if r.state == State.DOWN})
    down_at = max(1, math.ceil(rule.down_offline_ratio * total))

    if len(offline) >= down_at:
        state = State.DOWN
    elif len(offline) >= rule.warn_offline:
        state = State.WARNING
    elif online < total:
        state = State.UNKNOWN if online == 0 else State.OK
    else:
        state = State.OK

    detail = f"{online}/{total} online"
    if offline:
        shown = ", ".join(offline[:10]) + (" ..." if len(offline) > 10 else "")
        detail += f"; offline: {shown}"
    return SubsystemStatus(
        subsystem.id, state, detail, _latest(results), _mean_latency(results), tuple(results),
        online=online, total=total, offline_members=tuple(offline),
    )
