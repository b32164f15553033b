"""Translated words of the patrol form: results, shifts, answer sources and submit problems."""

from PySide6.QtCore import QCoreApplication

from etc_console.patrol.calendar import DayStatus
from etc_console.patrol.records import EVIDENCE_REQUIRED, NOTE_REQUIRED, UNANSWERED, UNCONFIRMED
from etc_console.patrol.template import Result, Shift


def _tr(text: str) -> str:
    return QCoreApplication.translate("PatrolWords", text)


def result_word(result: Result | None) -> str:
    words = {Result.NORMAL: _tr("Normal"), Result.WARNING: _tr("Warning"), Result.ABNORMAL: _tr("Abnormal")}
    return words[result] if result is not None else ""


def shift_word(shift: Shift) -> str:
    return {Shift.DAY: _tr("Day shift"), Shift.NIGHT: _tr("Night shift")}[shift]


def source_word(source: str | None, confirmed: bool) -> str:
    """Return where an answer came from: typed, a probe (to confirm) or an overridden probe."""
    if source == "probe":
        return _tr("Probe") if confirmed else _tr("Probe, to confirm")
    if source == "override":
        return _tr("Changed from probe")
    if source == "manual":
        return _tr("Entered")
    return ""


def problem_word(code: str) -> str:
    words = {
        UNANSWERED: _tr("not answered"),
        UNCONFIRMED: _tr("pre-filled by a probe, not confirmed"),
        NOTE_REQUIRED: _tr("abnormal: a note is required"),
        EVIDENCE_REQUIRED: _tr("evidence required: attach a file or refresh the probe"),
    }
    return words.get(code, code)


def status_word(status: DayStatus) -> str:
    words = {
        DayStatus.DONE: _tr("Done"),
        DayStatus.LATE: _tr("Late"),
        DayStatus.MISSING: _tr("Missing"),
        DayStatus.IN_PROGRESS: _tr("In progress"),
        DayStatus.PENDING: _tr("Pending"),
    }
    return words[status]
