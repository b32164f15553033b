"""Translated words of sync: failure reasons, record kinds, field labels and value texts.

Every word is a QCoreApplication.translate() call with a literal context and text,
so lupdate finds it.
"""

import unicodedata
from datetime import date, datetime
from string import hexdigits
from typing import Any

from PySide6.QtCore import QCoreApplication

from etc_console.gui.incidents.dialogs import field_word as incident_field_word
from etc_console.gui.patrol.words import result_word, shift_word
from etc_console.gui.sync.conflict_data import ConflictEntry
from etc_console.gui.sync.visible_text import HIDDEN_CHARS, escape_plain
from etc_console.gui.words import format_timestamp
from etc_console.patrol.template import Result, Shift
from etc_console.sync.codec import decode_value
from etc_console.sync.conflicts import Conflict, Version
from etc_console.sync.connection import Problem
from etc_console.sync.tables import BY_NAME

SHORT_ID_DIGITS = 8  # the device id digits shown beside a device name that does not tell two consoles apart


MAX_DETAIL_LINES = 4  # a failure's message shown in a tooltip keeps this many lines...
MAX_DETAIL_CHARS = 600  # ... and this many characters; the log keeps all of it


def failed_here(problem: Problem | None, error: str | None = None) -> bool:
    """Return whether a round failed on this console rather than at the center."""
    return problem is Problem.LOCAL


def problem_word(problem: Problem | None, error: str | None = None) -> str:
    """Return the short reason of a failed round, never the stored message itself.

    `error` is the stored message, which distinguishes a fault of this console from an error of the center.
    """
    if failed_here(problem, error):
        return QCoreApplication.translate("SyncWords", "Error while this console processed the sync data")
    words = {
        Problem.UNREACHABLE: QCoreApplication.translate("SyncWords", "Center unreachable"),
        Problem.LOGIN: QCoreApplication.translate("SyncWords", "Center refused the login"),
        Problem.NO_PASSWORD: QCoreApplication.translate("SyncWords", "No password in the keyring"),
        Problem.NOT_INITIALISED: QCoreApplication.translate("SyncWords", "Center database not set up"),
        Problem.SCHEMA_MISMATCH: QCoreApplication.translate("SyncWords", "Center database version differs"),
        Problem.FAILED: QCoreApplication.translate("SyncWords", "Center reported an error"),
    }
    # A failure stored without its kind, by an older version of the console.
    return words.get(problem, QCoreApplication.translate("SyncWords", "Reason not recorded"))


def problem_advice(problem: Problem | None, error: str | None = None) -> str:
    """Return what the engineer can do about a failed round."""
    if failed_here(problem, error):
        return QCoreApplication.translate(
            "SyncWords", "Records stay queued and the next round tries again. If this keeps happening, "
                         "give the administrator the console's log.")
    advice = {
        Problem.UNREACHABLE: QCoreApplication.translate(
            "SyncWords", "Records stay on this console and are sent when the center can be reached again."),
        Problem.LOGIN: QCoreApplication.translate(
            "SyncWords", "Check the user in the [sync] url of the site file and the password in the keyring."),
        Problem.NO_PASSWORD: QCoreApplication.translate(
            "SyncWords", "Store the center's password in the keyring entry named by [sync] credential."),
        Problem.NOT_INITIALISED: QCoreApplication.translate(
            "SyncWords", "Ask the administrator to run: etc-console sync --upgrade-central"),
        Problem.SCHEMA_MISMATCH: QCoreApplication.translate(
            "SyncWords", "This console and the center need the same version. Ask the administrator to upgrade."),
        Problem.FAILED: QCoreApplication.translate(
            "SyncWords", "The next round tries again. Tell the administrator if it keeps failing."),
    }
    return advice.get(problem, advice[Problem.FAILED])


def error_detail(error: str) -> str:
    """Return the start of a stored failure message for a tooltip: SQL and tracebacks can run for pages."""
    lines = error.splitlines()
    detail = "\n".join(lines[:MAX_DETAIL_LINES])
    if len(detail) > MAX_DETAIL_CHARS:
        detail = detail[:MAX_DETAIL_CHARS]
    if detail != error:
        detail += "…\n" + QCoreApplication.translate("SyncWords", "(cut short here; the console's log has all of it)")
    return escape_plain(detail)


def kind_word(table: str) -> str:
    """Return the name of a kind of record; the table name for one not listed."""
    words = {
        "incident": QCoreApplication.translate("SyncWords", "Incident"),
        "incident_timeline": QCoreApplication.translate("SyncWords", "Timeline entry"),
        "runbook_run": QCoreApplication.translate("SyncWords", "Runbook run"),
        "runbook_step_log": QCoreApplication.translate("SyncWords", "Runbook step"),
        "patrol_template": QCoreApplication.translate("SyncWords", "Patrol template snapshot"),
        "patrol": QCoreApplication.translate("SyncWords", "Patrol record"),
        "patrol_answer": QCoreApplication.translate("SyncWords", "Patrol item answer"),
        "patrol_amendment": QCoreApplication.translate("SyncWords", "Patrol amendment"),
        "patrol_attachment": QCoreApplication.translate("SyncWords", "Patrol attachment"),
        "sync_conflict": QCoreApplication.translate("SyncWords", "Sync conflict"),
    }
    return words.get(table, table)


def device_words(conflict: Conflict, this_device: str | None) -> tuple[str, str]:
    """Return the names of the consoles that wrote the kept and the other version, this console as 本机.

    The name usually comes from a site file that every console shares, so when the two
    names look the same, or one is empty, both get the start of their device id.
    Control and bidi characters in a name are shown escaped.
    """
    kept, other = conflict.kept, conflict.other
    if _looks_alike(kept.device_name, other.device_name) or not kept.device_name or not other.device_name:
        kept_id, other_id = short_device_ids(kept.device_id, other.device_id)
    else:
        kept_id = other_id = None
    return _device_word(kept, kept_id, this_device), _device_word(other, other_id, this_device)


def short_device_ids(first: str, second: str) -> tuple[str, str]:
    """Return the first SHORT_ID_DIGITS hex digits of two device ids, more when those are equal."""
    first_hex = "".join(char for char in first if char in hexdigits).lower()
    second_hex = "".join(char for char in second if char in hexdigits).lower()
    length = SHORT_ID_DIGITS
    while first_hex[:length] == second_hex[:length] and length < max(len(first_hex), len(second_hex)):
        length += 4
    return first_hex[:length] or escape_plain(first), second_hex[:length] or escape_plain(second)


def _looks_alike(first: str, second: str) -> bool:
    """Return whether two names read the same: equal but for case, spacing, width forms and hidden characters."""
    def shown(name: str) -> str:
        return " ".join(unicodedata.normalize("NFKC", HIDDEN_CHARS.sub("", name or "")).split()).casefold()
    return shown(first) == shown(second)


def _device_word(version: Version, short_id: str | None, this_device: str | None) -> str:
    name = escape_plain(version.device_name) if version.device_name else \
        QCoreApplication.translate("SyncWords", "Unnamed console")
    mine = version.device_id == this_device
    if short_id is None:
        return QCoreApplication.translate("SyncWords", "This console (%1)").replace("%1", name) if mine else name
    if mine:
        text = QCoreApplication.translate("SyncWords", "This console (%1, device %2)")
    else:
        text = QCoreApplication.translate("SyncWords", "%1 (device %2)")
    return text.replace("%1", name).replace("%2", short_id)


def field_label(table: str, name: str) -> str:
    """Return the label of a record's field; the column name for one not listed."""
    if table in ("incident", "incident_timeline"):
        word = incident_field_word(name)
        if word != name:
            return word
    words = {
        "deleted": QCoreApplication.translate("SyncFields", "Deleted"),
        "state": QCoreApplication.translate("SyncFields", "State"),
        "current_step": QCoreApplication.translate("SyncFields", "Current step"),
        "ended_at": QCoreApplication.translate("SyncFields", "Ended"),
        "engineer": QCoreApplication.translate("SyncFields", "Engineer"),
        "reviewer": QCoreApplication.translate("SyncFields", "Reviewer"),
        "reviewed_at": QCoreApplication.translate("SyncFields", "Reviewed"),
        "submitted_at": QCoreApplication.translate("SyncFields", "Submitted"),
        "submitted_by": QCoreApplication.translate("SyncFields", "Submitted by"),
        "result": QCoreApplication.translate("SyncFields", "Result"),
        "value": QCoreApplication.translate("SyncFields", "Value"),
        "note": QCoreApplication.translate("SyncFields", "Note"),
        "confirmed": QCoreApplication.translate("SyncFields", "Confirmed"),
        "evidence": QCoreApplication.translate("SyncFields", "Evidence"),
        "answered_by": QCoreApplication.translate("SyncFields", "Answered by"),
        "answered_at": QCoreApplication.translate("SyncFields", "Answered"),
        "source": QCoreApplication.translate("SyncFields", "Source"),
        "patrol_date": QCoreApplication.translate("SyncFields", "Patrol date"),
        "shift": QCoreApplication.translate("SyncFields", "Shift"),
        "content_hash": QCoreApplication.translate("SyncFields", "Content hash"),
        "template_id": QCoreApplication.translate("SyncFields", "Template ID"),
        "version": QCoreApplication.translate("SyncFields", "Template version"),
        "body": QCoreApplication.translate("SyncFields", "Template content"),
        "stored_at": QCoreApplication.translate("SyncFields", "Saved at"),
    }
    return words.get(name, name)


def value_text(table: str, name: str, value: Any) -> str:
    """Return a field's stored JSON value as the engineer reads it; times in Asia/Shanghai."""
    if value is None or value == "":
        return QCoreApplication.translate("SyncWords", "(empty)")
    spec = BY_NAME.get(table)
    column = spec.table.c.get(name) if spec is not None else None
    try:
        decoded = decode_value(column, value) if column is not None else value
    except (TypeError, ValueError):
        decoded = value  # shown as stored when it does not match the local column
    return _plain_text(name, decoded)


def _plain_text(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return QCoreApplication.translate("SyncWords", "Yes") if value else QCoreApplication.translate("SyncWords", "No")
    if isinstance(value, datetime):
        return format_timestamp(value)
    if isinstance(value, date):
        return value.isoformat()
    if name == "result" and value in set(Result):
        return result_word(Result(value))
    return str(value)


def record_label(entry: ConflictEntry) -> str:
    """Return what names the record of a conflict: a title, a template and its version, a patrol's date and shift.

    The text is as stored, so escape it for display.
    """
    conflict = entry.conflict
    data = conflict.kept.data
    if conflict.table == "incident" and data.get("title"):
        return str(data["title"])
    if conflict.table == "runbook_run" and data.get("runbook_title"):
        return str(data["runbook_title"])
    if conflict.table == "patrol_template" and data.get("template_id"):
        if not data.get("version"):
            return str(data["template_id"])
        return (QCoreApplication.translate("SyncWords", "%1 (version %2)")
                .replace("%1", str(data["template_id"])).replace("%2", str(data["version"])))
    patrol = entry.patrol
    if patrol is not None:
        parts = [patrol.patrol_date.isoformat() if patrol.patrol_date else "",
                 shift_word(Shift(patrol.shift)) if patrol.shift in set(Shift) else (patrol.shift or "")]
        if patrol.item_check:
            parts.append(patrol.item_check)
        elif data.get("item_id"):
            parts.append(str(data["item_id"]))
        return " ".join(part for part in parts if part)
    return conflict.record_id
