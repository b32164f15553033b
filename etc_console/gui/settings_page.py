"""The settings page: UI language, and where the console keeps its data and log."""

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QVBoxLayout, QWidget

from etc_console.gui.i18n import LANGUAGE_NAMES, LANGUAGES
from etc_console.gui.retranslate import RetranslateMixin


class SettingsPage(RetranslateMixin, QWidget):
    """Language switch (applied at once and saved) and the data dir, database and log paths."""

    language_requested = Signal(str)

    def __init__(self, session, language: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self._build(language)
        self.retranslate()

    def _build(self, language: str) -> None:
        self.title_label = QLabel(objectName="pageTitle")

        self.language_box = QGroupBox()
        self.language_caption = QLabel()
        self.language_combo = QComboBox()
        for code in LANGUAGES:
            self.language_combo.addItem(LANGUAGE_NAMES[code], code)
        self.language_combo.setCurrentIndex(self.language_combo.findData(language))
        self.language_note = QLabel(objectName="pageIntro", wordWrap=True)
        language_form = QFormLayout(self.language_box)
        language_form.addRow(self.language_caption, self.language_combo)
        language_form.addRow(self.language_note)

        self.files_box = QGroupBox()
        self.data_dir_caption, self.database_caption, self.log_caption = QLabel(), QLabel(), QLabel()
        database = self.session.database.path if self.session.database else ""
        self.data_dir_value = _path_label(self.session.data_dir)
        self.database_value = _path_label(database)
        self.log_value = _path_label(self.session.log_file)
        files_form = QFormLayout(self.files_box)
        files_form.addRow(self.data_dir_caption, self.data_dir_value)
        files_form.addRow(self.database_caption, self.database_value)
        files_form.addRow(self.log_caption, self.log_value)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(14)
        layout.addWidget(self.title_label)
        layout.addWidget(self.language_box)
        layout.addWidget(self.files_box)
        layout.addStretch(1)

        self.language_combo.currentIndexChanged.connect(self._on_language_chosen)

    def retranslate(self) -> None:
        self.title_label.setText(self.tr("Settings"))
        self.language_box.setTitle(self.tr("Language"))
        self.language_caption.setText(self.tr("Interface language:"))
        self.language_note.setText(self.tr("The change applies at once and is kept for the next start."))
        self.files_box.setTitle(self.tr("Files"))
        self.data_dir_caption.setText(self.tr("Data folder:"))
        self.database_caption.setText(self.tr("Local database:"))
        self.log_caption.setText(self.tr("Log file:"))

    def show_language(self, language: str) -> None:
        """Select `language` in the switch without requesting a change."""
        self.language_combo.blockSignals(True)
        self.language_combo.setCurrentIndex(self.language_combo.findData(language))
        self.language_combo.blockSignals(False)

    @Slot(int)
    def _on_language_chosen(self, index: int) -> None:
        self.language_requested.emit(self.language_combo.itemData(index))


def _path_label(path) -> QLabel:
    label = QLabel(str(path), objectName="pathValue", wordWrap=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
