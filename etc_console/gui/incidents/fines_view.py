"""The fines overview: charged and at-risk fines per month and per contract quarter."""

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from etc_console.gui.incidents.words import clock_kind_word
from etc_console.gui.retranslate import RetranslateMixin
from etc_console.incidents.clocks import ClockKind
from etc_console.incidents.fines import FineSummary, PeriodExposure


class FinesView(RetranslateMixin, QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.summary: FineSummary | None = None
        self.total_label = QLabel(objectName="finesTotal")
        self.months = QTableWidget(objectName="finesMonths")
        self.quarters = QTableWidget(objectName="finesQuarters")
        self.months_label, self.quarters_label = QLabel(), QLabel()
        layout = QVBoxLayout(self)
        for widget in (self.total_label, self.months_label, self.months, self.quarters_label, self.quarters):
            layout.addWidget(widget)
        self.retranslate()

    def retranslate(self) -> None:
        self.months_label.setText(self.tr("By month"))
        self.quarters_label.setText(self.tr("By contract quarter"))
        self._fill()

    def show_summary(self, summary: FineSummary) -> None:
        self.summary = summary
        self._fill()

    def _headers(self) -> list[str]:
        misses = [self.tr("%1 missed").replace("%1", clock_kind_word(kind)) for kind in ClockKind]
        return [self.tr("Period"), self.tr("Incidents"), self.tr("Charged (yuan)"), self.tr("At risk (yuan)"), *misses]

    def _fill(self) -> None:
        if self.summary is None:
            self.total_label.setText(self.tr("No fines computed yet."))
            return
        self.total_label.setText(
            self.tr("Contract period: %1 yuan charged, %2 yuan at risk from running clocks.")
            .replace("%1", str(self.summary.charged_yuan)).replace("%2", str(self.summary.at_risk_yuan))
        )
        for table, periods in ((self.months, self.summary.months), (self.quarters, self.summary.quarters)):
            self._fill_table(table, periods)

    def _fill_table(self, table: QTableWidget, periods: list[PeriodExposure]) -> None:
        headers = self._headers()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(periods))
        for row, period in enumerate(periods):
            values = [period.label, period.incidents, period.charged_yuan, period.at_risk_yuan, *period.missed.values()]
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(str(value)))
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
