"""The lab faults as the trainer panel shows them: translated titles and a table model."""

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

Index = QModelIndex | QPersistentModelIndex


def fault_kind_title(kind: str) -> str:
    titles = {
        "down": QCoreApplication.translate("TrainerPage", "Down (no answer)"),
        "slow": QCoreApplication.translate("TrainerPage", "Slow answers"),
        "http500": QCoreApplication.translate("TrainerPage", "HTTP 500 error"),
        "cert-expiring": QCoreApplication.translate("TrainerPage", "Certificate expiring soon"),
        "cert-expired": QCoreApplication.translate("TrainerPage", "Certificate expired"),
        "flapping": QCoreApplication.translate("TrainerPage", "Flapping (every other check fails)"),
        "backlog": QCoreApplication.translate("TrainerPage", "Upload backlog to the national center"),
        "stale-status-list": QCoreApplication.translate("TrainerPage", "Status list not updated"),
        "missing-settlement-file": QCoreApplication.translate("TrainerPage", "Settlement file missing"),
        "disk-full": QCoreApplication.translate("TrainerPage", "Disk almost full"),
        "hostkey-changed": QCoreApplication.translate("TrainerPage", "SSH host key changed"),
    }
    return titles.get(kind, kind)


def fault_title(fault: str) -> str:
    """Return the translated title of a fault such as "down" or "slow:800"."""
    kind, _, argument = fault.partition(":")
    if kind == "slow" and argument:
        return QCoreApplication.translate("TrainerPage", "Slow answers ({delay} ms)").format(delay=argument)
    return fault_kind_title(kind)


class FaultsModel(QAbstractTableModel):
    """The lab's active faults: target and fault."""

    def __init__(self, target_title: Callable[[str], str], parent=None):
        super().__init__(parent)
        self._target_title = target_title
        self._rows: list[tuple[str, str]] = []

    def set_faults(self, faults: dict[str, str]) -> None:
        self.beginResetModel()
        self._rows = sorted(faults.items())
        self.endResetModel()

    def retranslate(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 1))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return {0: self.tr("Target"), 1: self.tr("Fault")}.get(section)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows) or role != Qt.ItemDataRole.DisplayRole:
            return None
        target, fault = self._rows[index.row()]
        if index.column() == 0:
            return self._target_title(target)
        if index.column() == 1:
            return fault_title(fault)
        return None
