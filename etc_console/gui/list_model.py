"""A flat, read-only table model over a Python list, for the console's small tables."""

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt


class ListTableModel(QAbstractTableModel):
    """Rows from `rows()`, `column_count` columns, and the translated titles from `headers()`.

    Subclasses keep their header texts in `headers()` as literal translate() calls, so
    lupdate finds them, and give their cells in `data()`.
    """

    column_count = 0

    def rows(self) -> Sequence:
        raise NotImplementedError

    def headers(self) -> dict[int, str]:
        raise NotImplementedError

    def retranslate(self) -> None:
        """Show the headers and cells in the current language."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.column_count - 1)
        if self.rows():
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows()) - 1, self.column_count - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows())

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else self.column_count

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.headers().get(section)
