"""Translated words and countdown text of the incident pages."""

from datetime import timedelta

from PySide6.QtCore import QCoreApplication

# Every word is a QCoreApplication.translate() call with a literal context and text,
# which is what lupdate extracts.

from etc_console.incidents.clocks import ClockKind, ClockState
from etc_console.incidents.model import IncidentState


def clock_kind_word(kind: ClockKind) -> str:
    words = {
        ClockKind.DISCOVER: QCoreApplication.translate("IncidentWords", "Discover"),
        ClockKind.RESPOND: QCoreApplication.translate("IncidentWords", "Respond"),
        ClockKind.HANDLE: QCoreApplication.translate("IncidentWords", "Handle"),
        ClockKind.RESTORE: QCoreApplication.translate("IncidentWords", "Restore"),
    }
    return words[kind]


def clock_state_word(state: ClockState) -> str:
    words = {
        ClockState.RUNNING: QCoreApplication.translate("IncidentWords", "Running"),
        ClockState.WARNING: QCoreApplication.translate("IncidentWords", "Due soon"),
        ClockState.MET: QCoreApplication.translate("IncidentWords", "Met"),
        ClockState.MISSED: QCoreApplication.translate("IncidentWords", "Missed"),
    }
    return words[state]


def incident_state_word(state: IncidentState) -> str:
    words = {
        IncidentState.AWAITING_RESPONSE: QCoreApplication.translate("IncidentWords", "Awaiting response"),
        IncidentState.HANDLING: QCoreApplication.translate("IncidentWords", "Handling"),
        IncidentState.RESTORED: QCoreApplication.translate("IncidentWords", "Restored"),
        IncidentState.CLOSED: QCoreApplication.translate("IncidentWords", "Closed"),
    }
    return words[state]


def countdown(span: timedelta) -> str:
    """Return a span as H:MM:SS, with a leading minus when it is negative (overdue)."""
    seconds = int(span.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
