"""Translated words of the patrol form: results, shifts, answer sources and submit problems."""

from PySide6.QtCore import QCoreApplication

# Every word is a QCoreApplication.translate() call with a literal context and text,
# which is what lupdate extracts.

from etc_console.gui.words import forbidden_character_text
from etc_console.patrol.calendar import DayStatus
from etc_console.patrol.records import EVIDENCE_REQUIRED, NOTE_REQUIRED, UNANSWERED, UNCONFIRMED
from etc_console.patrol.template import Result, Shift
from etc_console.patrol.values import AnswerError


def result_word(result: Result | None) -> str:
    words = {Result.NORMAL: QCoreApplication.translate("PatrolWords", "Normal"), Result.WARNING: QCoreApplication.translate("PatrolWords", "Warning"), Result.ABNORMAL: QCoreApplication.translate("PatrolWords", "Abnormal")}
    return words[result] if result is not None else ""


def shift_word(shift: Shift) -> str:
    return {Shift.DAY: QCoreApplication.translate("PatrolWords", "Day shift"), Shift.NIGHT: QCoreApplication.translate("PatrolWords", "Night shift")}[shift]


def source_word(source: str | None, confirmed: bool) -> str:
    """Return where an answer came from: typed, a probe (to confirm) or an overridden probe."""
    if source == "probe":
        return QCoreApplication.translate("PatrolWords", "Probe") if confirmed else QCoreApplication.translate("PatrolWords", "Probe, to confirm")
    if source == "override":
        return QCoreApplication.translate("PatrolWords", "Changed from probe")
    if source == "manual":
        return QCoreApplication.translate("PatrolWords", "Entered")
    return ""


def problem_word(code: str) -> str:
    words = {
        UNANSWERED: QCoreApplication.translate("PatrolWords", "not answered"),
        UNCONFIRMED: QCoreApplication.translate("PatrolWords", "pre-filled by a probe, not confirmed"),
        NOTE_REQUIRED: QCoreApplication.translate("PatrolWords", "abnormal: a note is required"),
        EVIDENCE_REQUIRED: QCoreApplication.translate("PatrolWords", "evidence required: attach a file or refresh the probe"),
    }
    return words.get(code, code)


def status_word(status: DayStatus) -> str:
    words = {
        DayStatus.DONE: QCoreApplication.translate("PatrolWords", "Done"),
        DayStatus.LATE: QCoreApplication.translate("PatrolWords", "Late"),
        DayStatus.MISSING: QCoreApplication.translate("PatrolWords", "Missing"),
        DayStatus.IN_PROGRESS: QCoreApplication.translate("PatrolWords", "In progress"),
        DayStatus.PENDING: QCoreApplication.translate("PatrolWords", "Pending"),
    }
    return words[status]


def answer_error_text(error: AnswerError) -> str:
    """Return the message for a rejected answer: translated for a forbidden character, else the core's text."""
    if error.forbidden is not None:
        return forbidden_character_text(answer_field_word(error.field), error.forbidden)
    return str(error)


def answer_field_word(name: str | None) -> str:
    """Return the translated name of a text field of an answer or amendment: value, note or reason."""
    words = {
        "value": QCoreApplication.translate("PatrolWords", "Value"),
        "note": QCoreApplication.translate("PatrolWords", "Note"),
        "reason": QCoreApplication.translate("PatrolWords", "Amendment reason"),
    }
    return words.get(name or "", name or "")
