"""The sync rounds of this console run, newest first, as the runner's statuses report them.

The runner keeps no history: each SyncStatus carries only the round count, the last
failure and the report of the last successful round. RoundHistory turns every status
whose round count grew into one entry, so the list starts empty at each start.
"""

from collections import deque
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from etc_console.gui.list_model import ListTableModel

from etc_console.gui.sync.visible_text import tooltip_html
from etc_console.gui.sync.words import error_detail, problem_advice, problem_word
from etc_console.gui.words import format_timestamp
from etc_console.sync.connection import Problem
from etc_console.sync.round import RoundReport
from etc_console.sync.runner import SyncStatus
from etc_console.timeutil import utc_now

MAX_ENTRIES = 200  # older rounds drop off the list
FINISHED, PUSHED, PULLED, CONFLICTS, RESULT = range(5)
COLUMN_COUNT = 5
FAILED_TEXT = QColor("#B83C00")  # the DOWN colour of etc_console.gui.words


@dataclass(frozen=True)
class RoundEntry:
    """One finished round: its report when it succeeded, its failure otherwise."""

    number: int
    finished_at: datetime
    report: RoundReport | None
    problem: Problem | None = None
    error: str | None = None

    @property
    def succeeded(self) -> bool:
        return self.report is not None


class RoundHistory:
    """The rounds seen in the statuses, newest first, at most MAX_ENTRIES."""

    def __init__(self, clock=utc_now):
        self.entries: deque[RoundEntry] = deque(maxlen=MAX_ENTRIES)
        self._rounds_seen = 0
        self._clock = clock

    def observe(self, status: SyncStatus) -> RoundEntry | None:
        """Add the round that `status` reports as finished; return it, or None when no round ended."""
        if status.running or status.rounds <= self._rounds_seen:
            return None
        self._rounds_seen = status.rounds
        if status.failures == 0 and status.last_report is not None:
            entry = RoundEntry(status.rounds, status.last_success_at or self._clock(), status.last_report)
        else:
            entry = RoundEntry(status.rounds, status.last_error_at or self._clock(), None,
                               status.problem, status.last_error)
        self.entries.appendleft(entry)
        return entry


def result_tooltip(entry: RoundEntry) -> str:
    """Return the advice and the stored message of a failure, or what became of the pushed records."""
    if not entry.succeeded:
        lines = [problem_advice(entry.problem, entry.error)]
        if entry.error:
            lines.append(QCoreApplication.translate("RoundHistory", "Details: %1").replace("%1", error_detail(entry.error)))
        return tooltip_html("\n".join(lines))
    outcomes = entry.report.outcomes
    words = {
        "applied": QCoreApplication.translate("RoundHistory", "Taken by the center: %1"),
        "merged": QCoreApplication.translate("RoundHistory", "Merged with other changes: %1"),
        "unchanged": QCoreApplication.translate("RoundHistory", "Already at the center: %1"),
        "conflict": QCoreApplication.translate("RoundHistory", "In conflict: %1"),
        "duplicate": QCoreApplication.translate("RoundHistory", "Sent before: %1"),
    }
    lines = [text.replace("%1", str(outcomes[key])) for key, text in words.items() if outcomes.get(key)]
    if entry.report.kept_local:
        lines.append(QCoreApplication.translate("RoundHistory", "Pulled records kept as local changes: %1")
                     .replace("%1", str(entry.report.kept_local)))
    return "\n".join(lines)


class RoundHistoryModel(ListTableModel):
    """The entries of a RoundHistory as a table; call refresh() after each new entry."""

    column_count = COLUMN_COUNT

    def __init__(self, history: RoundHistory, parent=None):
        super().__init__(parent)
        self.history = history

    def refresh(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        self.refresh()

    def rows(self) -> list:
        return self.history.entries

    def headers(self) -> dict[int, str]:
        return {
            FINISHED: QCoreApplication.translate("RoundHistory", "Finished at"),
            PUSHED: QCoreApplication.translate("RoundHistory", "Pushed"),
            PULLED: QCoreApplication.translate("RoundHistory", "Pulled"),
            CONFLICTS: QCoreApplication.translate("RoundHistory", "New conflicts"),
            RESULT: QCoreApplication.translate("RoundHistory", "Result"),
        }

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry = self.history.entries[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(entry, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == RESULT:
            return result_tooltip(entry) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == RESULT and not entry.succeeded:
            return QBrush(FAILED_TEXT)
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (PUSHED, PULLED, CONFLICTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _result_text(self, entry: RoundEntry) -> str:
        """Return 成功 or the reason of a failed round, with the files a successful one could not send."""
        if not entry.succeeded:
            return problem_word(entry.problem, entry.error)
        missing = len(entry.report.missing_files)
        if missing:
            return self.tr("Succeeded, %n file(s) missing", "", missing)
        return self.tr("Succeeded")

    def _display(self, entry: RoundEntry, column: int) -> str:
        if column == FINISHED:
            return format_timestamp(entry.finished_at)
        if column == RESULT:
            return self._result_text(entry)
        if not entry.succeeded:
            return "—"
        counts = {PUSHED: entry.report.pushed, PULLED: entry.report.pulled, CONFLICTS: entry.report.new_conflicts}
        return str(counts[column])
