"""Read what the 同步 page shows from the local store: pending records by table and the open conflicts.

load_page_data reads the database; call it on a pool thread, never the GUI thread.
"""

from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from etc_console.gui.sync.conflict_data import OpenConflicts, load_entries
from etc_console.sync import local


@dataclass(frozen=True)
class SyncPageData:
    """Records waiting to be pushed by table name, and the open conflicts with this console's device id."""

    pending_by_table: dict[str, int]
    conflicts: OpenConflicts

    @property
    def pending(self) -> int:
        return sum(self.pending_by_table.values())


def load_page_data(sessions: sessionmaker[Session]) -> SyncPageData:
    """Return the pending records by table and the open conflicts."""
    with sessions() as session:
        pending = local.pending_by_table(session)
    return SyncPageData(pending, load_entries(sessions))
