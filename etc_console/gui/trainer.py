"""The trainer panel: set and clear faults in the training lab that runs in this process.

Every lab call runs on the session's QThreadPool, because Lab.set_fault waits for the
lab's own thread to apply the change.
"""

import logging

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton,
    QSpinBox, QTableView, QVBoxLayout, QWidget,
)

from etc_console.gui.i18n import display_name
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.gui.trainer_faults import FaultsModel, fault_kind_title
from etc_console.gui.workers import run_task
from etc_console.lab.faults import CERT_KINDS, DEEP_FAULT_TARGETS, FAULT_KINDS, MAX_SLOW_MS, SSH_TARGET

log = logging.getLogger(__name__)

DEFAULT_SLOW_MS = 800


class TrainerPage(RetranslateMixin, QWidget):
    """Choose a subsystem or service point and a fault; apply, clear, or clear all."""

    faults_changed = Signal(object)

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.lab = session.lab
        self._busy = False
        self._message = ("", "")
        self._build()
        self.retranslate()
        self.refresh_faults()

    def _build(self) -> None:
        self.title_label = QLabel(objectName="pageTitle")
        self.intro_label = QLabel(objectName="pageIntro", wordWrap=True)

        self.target_combo = QComboBox()
        self.target_combo.setMaxVisibleItems(20)
        self.fault_combo = QComboBox()
        self.slow_spin = QSpinBox(minimum=1, maximum=MAX_SLOW_MS, value=DEFAULT_SLOW_MS, singleStep=100)
        self.apply_button = QPushButton(objectName="primaryButton")
        self.clear_button = QPushButton()
        self.clear_all_button = QPushButton()

        self.form_box = QGroupBox()
        form = QFormLayout(self.form_box)
        self.target_caption, self.fault_caption, self.slow_caption = QLabel(), QLabel(), QLabel()
        form.addRow(self.target_caption, self.target_combo)
        form.addRow(self.fault_caption, self.fault_combo)
        form.addRow(self.slow_caption, self.slow_spin)
        buttons = QHBoxLayout()
        for button in (self.apply_button, self.clear_button, self.clear_all_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        form.addRow(buttons)

        self.faults_box = QGroupBox()
        self.faults_model = FaultsModel(self._target_title, self)
        self.faults_view = QTableView()
        self.faults_view.setModel(self.faults_model)
        self.faults_view.verticalHeader().setVisible(False)
        self.faults_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.faults_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        QVBoxLayout(self.faults_box).addWidget(self.faults_view)

        self.message_label = QLabel(objectName="trainerMessage", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(12)
        for widget in (self.title_label, self.intro_label, self.form_box, self.message_label, self.faults_box):
            layout.addWidget(widget)

        self.fault_combo.currentIndexChanged.connect(self._on_fault_kind_changed)
        self.target_combo.currentIndexChanged.connect(self._on_target_changed)
        self.apply_button.clicked.connect(self._on_apply_clicked)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        self.clear_all_button.clicked.connect(self._on_clear_all_clicked)

    # ------------------------------------------------------------------ text

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Training lab"))
        self.intro_label.setText(self.tr(
            "The console is watching the training lab, which simulates every subsystem on "
            "this computer. Set a fault to practise: the tile changes after the next checks."
        ))
        self.form_box.setTitle(self.tr("Set a fault"))
        self.faults_box.setTitle(self.tr("Active faults"))
        self.target_caption.setText(self.tr("Target:"))
        self.fault_caption.setText(self.tr("Fault:"))
        self.slow_caption.setText(self.tr("Delay:"))
        self.slow_spin.setSuffix(self.tr(" ms"))
        self.apply_button.setText(self.tr("Apply"))
        self.clear_button.setText(self.tr("Clear"))
        self.clear_all_button.setText(self.tr("Clear all"))
        self._fill_targets()
        self._fill_fault_kinds()
        self.faults_model.retranslate()
        self._render_message()

    def _fill_targets(self) -> None:
        current = self.target_combo.currentData()
        self.target_combo.blockSignals(True)
        self.target_combo.clear()
        catalog = self.session.catalog
        for subsystem in catalog.monitored():
            self.target_combo.addItem(self._target_title(subsystem.id), subsystem.id)
        self.target_combo.addItem(self._target_title(SSH_TARGET), SSH_TARGET)
        for point in catalog.service_points:
            self.target_combo.addItem(self._target_title(point.code), point.code)
        index = self.target_combo.findData(current)
        self.target_combo.setCurrentIndex(max(index, 0))
        self.target_combo.blockSignals(False)

    def _fill_fault_kinds(self) -> None:
        current = self.fault_combo.currentData()
        self.fault_combo.blockSignals(True)
        self.fault_combo.clear()
        for kind in FAULT_KINDS:
            self.fault_combo.addItem(fault_kind_title(kind), kind)
        index = self.fault_combo.findData(current)
        self.fault_combo.setCurrentIndex(max(index, 0))
        self.fault_combo.blockSignals(False)
        self._update_controls()

    def _target_title(self, target: str) -> str:
        if target == SSH_TARGET:
            return self.tr("Lab SSH server (all application servers)")
        catalog = self.session.catalog
        for subsystem in catalog.subsystems:
            if subsystem.id == target:
                if subsystem.aggregate:
                    return self.tr("{name} (all service points)").format(name=display_name(subsystem))
                return display_name(subsystem)
        for point in catalog.service_points:
            if point.code == target:
                return self.tr("Service point {code} {name}").format(code=point.code, name=point.name)
        return target

    def _fault_applies(self, kind: str, target: str) -> bool:
        """Return whether the lab takes this fault on this target.

        Certificate faults need a subsystem with its own TLS listener; the deep faults
        (backlog, disk-full, ...) apply to their own targets only, and the lab's SSH
        server takes nothing but those.
        """
        if kind in DEEP_FAULT_TARGETS:
            return target in DEEP_FAULT_TARGETS[kind]
        if target == SSH_TARGET:
            return False
        if kind in CERT_KINDS:
            return target in {s.id for s in self.session.catalog.monitored() if not s.aggregate}
        return True

    def _update_controls(self) -> None:
        target = self.target_combo.currentData()
        kinds = self.fault_combo.model()
        allowed = [row for row in range(self.fault_combo.count()) if self._fault_applies(self.fault_combo.itemData(row), target)]
        if isinstance(kinds, QStandardItemModel):
            for row in range(kinds.rowCount()):
                kinds.item(row).setEnabled(row in allowed)
        if allowed and self.fault_combo.currentIndex() not in allowed:
            self.fault_combo.setCurrentIndex(allowed[0])
        self.slow_spin.setEnabled(self.fault_combo.currentData() == "slow")
        for button in (self.apply_button, self.clear_button, self.clear_all_button):
            button.setEnabled(not self._busy)

    # ------------------------------------------------------------------ lab calls

    def selected_fault(self) -> str:
        kind = self.fault_combo.currentData()
        return f"slow:{self.slow_spin.value()}" if kind == "slow" else kind

    def apply_fault(self, target: str, fault: str | None) -> None:
        """Set (or with None clear) a fault on a worker thread."""
        lab = self.lab

        def change() -> dict[str, str]:
            lab.set_fault(target, fault)
            return lab.faults()

        self._start(change, f"set lab fault {target}={fault or 'clear'}")

    def clear_all(self) -> None:
        lab = self.lab

        def change() -> dict[str, str]:
            for target in list(lab.faults()):
                lab.set_fault(target, None)
            return lab.faults()

        self._start(change, "clear every lab fault")

    def refresh_faults(self) -> None:
        self._start(self.lab.faults, "read lab faults")

    def _start(self, function, description: str) -> None:
        self._busy = True
        self._update_controls()
        run_task(self.session.pool, function, description, self._on_faults_read, self._on_lab_failed)

    @Slot(object)
    def _on_faults_read(self, faults: dict[str, str]) -> None:
        self._busy = False
        self._update_controls()
        self.faults_model.set_faults(faults)
        self.faults_changed.emit(faults)

    @Slot(str)
    def _on_lab_failed(self, message: str) -> None:
        self._busy = False
        self._update_controls()
        self._message = ("error", message)
        self._render_message()

    def _render_message(self) -> None:
        kind, text = self._message
        if kind == "error":
            self.message_label.setText(self.tr("The lab rejected the change: {error}").format(error=text))
        else:
            self.message_label.setText("")

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        # Faults can also change from outside this panel (`etc-console lab`).
        super().showEvent(event)
        if not self._busy:
            self.refresh_faults()

    # ------------------------------------------------------------------ slots

    @Slot(int)
    def _on_fault_kind_changed(self, _index: int) -> None:
        self._update_controls()

    @Slot(int)
    def _on_target_changed(self, _index: int) -> None:
        self._update_controls()

    @Slot()
    def _on_apply_clicked(self) -> None:
        self._message = ("", "")
        self._render_message()
        self.apply_fault(self.target_combo.currentData(), self.selected_fault())

    @Slot()
    def _on_clear_clicked(self) -> None:
        self._message = ("", "")
        self._render_message()
        self.apply_fault(self.target_combo.currentData(), None)

    @Slot()
    def _on_clear_all_clicked(self) -> None:
        self._message = ("", "")
        self._render_message()
        self.clear_all()
