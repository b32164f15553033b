"""Maintenance windows entered in the console, kept in the local store."""

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from etc_console.monitor.maintenance import AdhocWindow
from etc_console.store.models import MaintenanceWindowRow
from etc_console.timeutil import require_aware


def add_window(session: Session, window: AdhocWindow, created_by: str, now: datetime) -> int:
    """Store a window; return its id. Raise ValueError for an empty name or reason or an end not after the start."""
    if not created_by.strip():
        raise ValueError("a maintenance window needs the name of the engineer who enters it")
    if not window.reason.strip():
        raise ValueError("a maintenance window needs a reason")
    if require_aware(window.end) <= require_aware(window.start):
        raise ValueError("the end of a maintenance window must be after its start")
    row = MaintenanceWindowRow(
        subsystem_id=window.subsystem_id, reason=window.reason.strip(), start_at=window.start,
        end_at=window.end, created_by=created_by.strip(), created_at=now,
    )
    session.add(row)
    session.flush()
    return row.id


def end_window(session: Session, window_id: int, now: datetime) -> None:
    """End a window early by moving its end to `now`; raise KeyError for an unknown id."""
    row = session.get(MaintenanceWindowRow, window_id)
    if row is None:
        raise KeyError(window_id)
    if row.end_at > now:
        row.end_at = max(now, row.start_at)


def current_windows(session: Session, now: datetime) -> list[AdhocWindow]:
    """Return the windows that have not ended at `now`, earliest start first."""
    query = (
        select(MaintenanceWindowRow)
        .where(MaintenanceWindowRow.end_at > now)
        .order_by(MaintenanceWindowRow.start_at)
    )
    return [AdhocWindow(row.subsystem_id, row.reason, row.start_at, row.end_at) for row in session.scalars(query)]
