"""The history of one subsystem, read from the store on a worker thread."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session, sessionmaker

from etc_console.store.history import latency_series, recent_results, state_changes
from etc_console.timeutil import utc_now

RESULT_LIMIT = 200
CHANGE_LIMIT = 100
HISTORY_HOURS = 24
# An aggregate subsystem has one result per member and round (163 service points), so
# its history window is shorter to keep the plot and the read small.
AGGREGATE_HISTORY_HOURS = 1


@dataclass(frozen=True)
class ResultEntry:
    """One attempt of one probe, as the results table shows it."""

    checked_at: datetime
    probe: str
    outcome_state: str
    state: str
    latency_ms: float | None
    error_class: str | None
    detail: str


@dataclass(frozen=True)
class ChangeEntry:
    """A change of state of a probe (probe set) or of the whole subsystem (probe empty)."""

    changed_at: datetime
    probe: str
    old_state: str | None
    new_state: str
    detail: str


@dataclass(frozen=True)
class DetailData:
    subsystem_id: str
    since: datetime
    results: tuple[ResultEntry, ...]
    series: tuple[tuple[datetime, float | None, str], ...]
    changes: tuple[ChangeEntry, ...]


def short_probe_name(subsystem_id: str, probe_id: str | None) -> str:
    """Return a probe id without its subsystem prefix ("iss-auth/https" -> "https")."""
    if not probe_id:
        return ""
    prefix = subsystem_id + "/"
    return probe_id[len(prefix):] if probe_id.startswith(prefix) else probe_id


def load_detail(sessions: sessionmaker[Session], subsystem_id: str, aggregate: bool = False) -> DetailData:
    """Read the recent results, the latency series and the state changes of a subsystem.

    Blocks on the database: call it on a worker thread, never on the GUI thread.
    """
    hours = AGGREGATE_HISTORY_HOURS if aggregate else HISTORY_HOURS
    since = utc_now() - timedelta(hours=hours)
    with sessions() as session:
        result_rows = recent_results(session, subsystem_id, RESULT_LIMIT)
        results = tuple(
            ResultEntry(
                checked_at=row.checked_at,
                probe=short_probe_name(subsystem_id, row.probe_id),
                outcome_state=row.outcome_state,
                state=row.state,
                latency_ms=row.latency_ms,
                error_class=row.error_class,
                detail=row.detail or "",
            )
            for row in result_rows
        )
        series = tuple(latency_series(session, subsystem_id, since))
        changes = tuple(
            ChangeEntry(
                changed_at=row.changed_at,
                probe=short_probe_name(subsystem_id, row.probe_id),
                old_state=row.old_state,
                new_state=row.new_state,
                detail=row.detail or "",
            )
            for row in state_changes(session, subsystem_id, CHANGE_LIMIT)
        )
    return DetailData(subsystem_id, since, results, series, changes)
