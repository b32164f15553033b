"""Store and read back alarms."""

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from etc_console.monitor.alarms import Alarm
from etc_console.store.models import AlarmRow

_FIELDS = ("subsystem_id", "onset_at", "raised_at", "detail", "flapping", "acknowledged_by", "ack_reason", "acknowledged_at", "cleared_at")


def save_alarms(session: Session, alarms: Iterable[Alarm]) -> None:
    """Insert new alarms and update the stored copy of known ones."""
    for alarm in alarms:
        row = session.get(AlarmRow, alarm.id) or AlarmRow(id=alarm.id)
        for name in _FIELDS:
            setattr(row, name, getattr(alarm, name))
        session.add(row)


def load_alarms(session: Session, active_only: bool = True, limit: int = 500) -> list[Alarm]:
    """Return stored alarms, newest first; by default only those not cleared."""
    query = select(AlarmRow).order_by(AlarmRow.raised_at.desc()).limit(limit)
    if active_only:
        query = query.where(AlarmRow.cleared_at.is_(None))
    return [Alarm(id=row.id, **{name: getattr(row, name) for name in _FIELDS}) for row in session.scalars(query)]
