"""Translated words and countdown text of the incident pages."""

from datetime import timedelta

from PySide6.QtCore import QCoreApplication

from etc_console.incidents.clocks import ClockKind, ClockState
from etc_console.incidents.model import IncidentState


def _tr(text: str) -> str:
    return QCoreApplication.translate("IncidentWords", text)


def clock_kind_word(kind: ClockKind) -> str:
    words = {
        ClockKind.DISCOVER: _tr("Discover"),
        ClockKind.RESPOND: _tr("Respond"),
        ClockKind.HANDLE: _tr("Handle"),
        ClockKind.RESTORE: _tr("Restore"),
    }
    return words[kind]


def clock_state_word(state: ClockState) -> str:
    words = {
        ClockState.RUNNING: _tr("Running"),
        ClockState.WARNING: _tr("Due soon"),
        ClockState.MET: _tr("Met"),
        ClockState.MISSED: _tr("Missed"),
    }
    return words[state]


def incident_state_word(state: IncidentState) -> str:
    words = {
        IncidentState.AWAITING_RESPONSE: _tr("Awaiting response"),
        IncidentState.HANDLING: _tr("Handling"),
        IncidentState.RESTORED: _tr("Restored"),
        IncidentState.CLOSED: _tr("Closed"),
    }
    return words[state]


def countdown(span: timedelta) -> str:
    """Return a span as H:MM:SS, with a leading minus when it is negative (overdue)."""
    seconds = int(span.total_seconds())
    sign = "-" if seconds < 0 else ""
    hours, rest = divmod(abs(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"
