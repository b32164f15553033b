"""Translated words and colours for states and error classes, and value formatting.

The state colours follow the Okabe-Ito palette, which stays distinguishable with the
common forms of colour blindness. Every state also has its own word and symbol, so
colour is never the only cue. The colours were darkened where needed to reach a
contrast ratio of at least 4.5:1 (WCAG AA): the badge text on the badge colour, and
the `text` colour on a white table row.
"""

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from etc_console.probes.model import ErrorClass, State
from etc_console.textcheck import ForbiddenCharacter
from etc_console.timeutil import format_display


@dataclass(frozen=True)
class StateStyle:
    """The colours and symbol of one state: a badge, and state text on white."""

    background: str
    foreground: str
    symbol: str
    text: str


STATE_STYLES = {
    State.OK: StateStyle("#007A5A", "#FFFFFF", "✔", "#007A5A"),  # bluish green
    State.WARNING: StateStyle("#E69F00", "#1A1A1A", "▲", "#8A5A00"),  # orange
    State.DOWN: StateStyle("#B83C00", "#FFFFFF", "✖", "#B83C00"),  # vermillion
    State.UNKNOWN: StateStyle("#6B6B6B", "#FFFFFF", "?", "#6B6B6B"),  # grey
    State.MAINTENANCE: StateStyle("#0066A0", "#FFFFFF", "⚙", "#0066A0"),  # blue
}


def state_word(state: State) -> str:
    """Return the translated word for a state (正常, 告警, 故障, 未知, 维护)."""
    words = {
        State.OK: QCoreApplication.translate("State", "OK"),
        State.WARNING: QCoreApplication.translate("State", "Warning"),
        State.DOWN: QCoreApplication.translate("State", "Down"),
        State.UNKNOWN: QCoreApplication.translate("State", "Unknown"),
        State.MAINTENANCE: QCoreApplication.translate("State", "Maintenance"),
    }
    return words[State(state)]


def error_class_word(error_class: str | None) -> str:
    """Return the translated name of an error class; empty for None, the raw value if unknown."""
    if not error_class:
        return ""
    words = {
        ErrorClass.DNS: QCoreApplication.translate("ErrorClass", "Name not resolved"),
        ErrorClass.REFUSED: QCoreApplication.translate("ErrorClass", "Connection refused"),
        ErrorClass.CONNECT_TIMEOUT: QCoreApplication.translate("ErrorClass", "Connect timed out"),
        ErrorClass.TIMEOUT: QCoreApplication.translate("ErrorClass", "Timed out"),
        ErrorClass.CONNECT: QCoreApplication.translate("ErrorClass", "Connection failed"),
        ErrorClass.TLS: QCoreApplication.translate("ErrorClass", "TLS handshake failed"),
        ErrorClass.CERTIFICATE: QCoreApplication.translate("ErrorClass", "Certificate problem"),
        ErrorClass.HTTP_STATUS: QCoreApplication.translate("ErrorClass", "Unexpected HTTP status"),
        ErrorClass.CONTENT: QCoreApplication.translate("ErrorClass", "Unexpected content"),
        ErrorClass.PROTOCOL: QCoreApplication.translate("ErrorClass", "Protocol error"),
        ErrorClass.CONFIG: QCoreApplication.translate("ErrorClass", "Configuration problem"),
        ErrorClass.INTERNAL: QCoreApplication.translate("ErrorClass", "Internal error"),
    }
    try:
        return words[ErrorClass(error_class)]
    except ValueError:
        return str(error_class)


def format_latency(latency_ms: float | None) -> str:
    """Return a latency such as "12 ms", or an em dash when there is none."""
    if latency_ms is None:
        return "—"
    return QCoreApplication.translate("Format", "{latency} ms").format(latency=f"{latency_ms:.0f}")


def format_time(value: datetime | None) -> str:
    """Return a time of day in Asia/Shanghai, or an em dash for None."""
    return format_display(value, "%H:%M:%S") if value else "—"


def format_timestamp(value: datetime | None) -> str:
    """Return a date and time in Asia/Shanghai, or an em dash for None."""
    return format_display(value) if value else "—"


def text_field_word(name: str | None) -> str:
    """Return the translated name of a free-text field of a runbook step: note, reason or author."""
    words = {
        "note": QCoreApplication.translate("TextField", "Note"),
        "reason": QCoreApplication.translate("TextField", "Reason"),
        "author": QCoreApplication.translate("TextField", "Engineer"),
    }
    return words.get(name or "", name or "")


def forbidden_character_text(field: str, forbidden: ForbiddenCharacter) -> str:
    """Return the translated message for text rejected for a control or bidi character.

    `field` is the field's translated name; the message names the character as U+XXXX
    and its position, counted from 1.
    """
    if forbidden.bidi:
        text = QCoreApplication.translate(
            "TextField", "%1 contains the invisible bidirectional formatting character %2 at position %3. Remove it and save again."
        )
    else:
        text = QCoreApplication.translate(
            "TextField", "%1 contains the control character %2 at position %3. Remove it and save again."
        )
    return text.replace("%1", field).replace("%2", forbidden.code_point).replace("%3", str(forbidden.position))
