"""Write probe results and state changes; read them back for the detail view."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from etc_console.probes.model import ProbeResult
from etc_console.store.models import ProbeResultRow, StateChangeRow
from etc_console.store.rollup import add_to_rollups


def result_values(result: ProbeResult) -> dict:
    """Return the column values of a result's probe_result row."""
    outcome = result.outcome
    return {
        "probe_id": result.probe_id,
        "subsystem_id": result.subsystem_id,
        "member": result.member,
        "kind": result.kind,
        "outcome_state": outcome.state.value,
        "state": result.state.value,
        "latency_ms": outcome.latency_ms,
        "error_class": outcome.error_class.value if outcome.error_class else None,
        "detail": outcome.detail,
        "checked_at": outcome.checked_at,
    }


def record_results(session: Session, results: Iterable[ProbeResult], changes: Iterable) -> int:
    """Add a round's results and state changes; return the number of results written.

    `changes` contains objects with the attributes of StateChangeRow (the monitor's
    StateChange records). Rows go in as one executemany insert each, not as ORM
    objects: a 500-result round then costs the writer thread a fifth of the time, and
    so holds the GIL that much less while the GUI repaints.
    """
    results = list(results)
    if results:
        session.execute(insert(ProbeResultRow), [result_values(result) for result in results])
        add_to_rollups(session, results)
    change_values = [
        {
            "subsystem_id": change.subsystem_id, "probe_id": change.probe_id, "old_state": change.old_state,
            "new_state": change.new_state, "detail": change.detail, "changed_at": change.changed_at,
        }
        for change in changes
    ]
    if change_values:
        session.execute(insert(StateChangeRow), change_values)
    return len(results)


def recent_results(session: Session, subsystem_id: str, limit: int = 200) -> Sequence[ProbeResultRow]:
    """Return the newest results of a subsystem, newest first."""
    query = (
        select(ProbeResultRow)
        .where(ProbeResultRow.subsystem_id == subsystem_id)
        .order_by(ProbeResultRow.checked_at.desc(), ProbeResultRow.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()


def latency_series(session: Session, subsystem_id: str, since: datetime) -> list[tuple[datetime, float | None, str]]:
    """Return (checked_at, latency_ms, outcome_state) of a subsystem's results since a time, oldest first."""
    query = (
        select(ProbeResultRow.checked_at, ProbeResultRow.latency_ms, ProbeResultRow.outcome_state)
        .where(ProbeResultRow.subsystem_id == subsystem_id, ProbeResultRow.checked_at >= since)
        .order_by(ProbeResultRow.checked_at)
    )
    return [tuple(row) for row in session.execute(query)]


def state_changes(session: Session, subsystem_id: str, limit: int = 100) -> Sequence[StateChangeRow]:
    """Return the newest state changes of a subsystem and its probes, newest first."""
    query = (
        select(StateChangeRow)
        .where(StateChangeRow.subsystem_id == subsystem_id)
        .order_by(StateChangeRow.changed_at.desc(), StateChangeRow.id.desc())
        .limit(limit)
    )
    return session.scalars(query).all()
