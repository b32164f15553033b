"""Translated words of sync: failure reasons, record kinds, field labels and value texts.

Every word is a QCoreApplication.translate() call with a literal context and text,
so lupdate finds it.
"""

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from etc_console.gui.incidents.dialogs import field_word as incident_field_word
from etc_console.gui.patrol.words import result_word, shift_word
from etc_console.gui.sync.conflict_data import ConflictEntry
from etc_console.gui.words import format_timestamp
from etc_console.patrol.template import Result, Shift
from etc_console.sync.codec import decode_value
from etc_console.sync.conflicts import Version
from etc_console.sync.connection import Problem
from etc_console.sync.tables import BY_NAME

MAX_VALUE_CHARS = 2000  # longer values are cut in the dialog; the record keeps them whole


def problem_word(problem: Problem | None) -> str:
    """Return the short reason of a failed round; a general one when the kind is not known."""
    words = {
        Problem.UNREACHABLE: QCoreApplication.translate("SyncWords", "Center unreachable"),
        Problem.LOGIN: QCoreApplication.translate("SyncWords", "Center refused the login"),
        Problem.NO_PASSWORD: QCoreApplication.translate("SyncWords", "No password in the keyring"),
        Problem.NOT_INITIALISED: QCoreApplication.translate("SyncWords", "Center database not set up"),
        Problem.SCHEMA_MISMATCH: QCoreApplication.translate("SyncWords", "Center database version differs"),
        Problem.FAILED: QCoreApplication.translate("SyncWords", "Center reported an error"),
    }
    return words.get(problem, QCoreApplication.translate("SyncWords", "Sync failed"))


def problem_advice(problem: Problem | None) -> str:
    """Return what the engineer can do about a failed round."""
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


def kind_word(table: str) -> str:
    """Return the name of a kind of record; the table name for one not listed."""
    words = {
        "incident": QCoreApplication.translate("SyncWords", "Incident"),
        "incident_timeline": QCoreApplication.translate("SyncWords", "Timeline entry"),
        "runbook_run": QCoreApplication.translate("SyncWords", "Runbook run"),
        "runbook_step_log": QCoreApplication.translate("SyncWords", "Runbook step"),
        "patrol_template": QCoreApplication.translate("SyncWords", "Patrol template"),
        "patrol": QCoreApplication.translate("SyncWords", "Patrol record"),
        "patrol_answer": QCoreApplication.translate("SyncWords", "Patrol item answer"),
        "patrol_amendment": QCoreApplication.translate("SyncWords", "Patrol amendment"),
        "patrol_attachment": QCoreApplication.translate("SyncWords", "Patrol attachment"),
        "sync_conflict": QCoreApplication.translate("SyncWords", "Sync conflict"),
    }
    return words.get(table, table)


def device_word(version: Version, this_device: str | None) -> str:
    """Return the name of the console that wrote a version; 本机（name） for this console."""
    name = version.device_name or version.device_id[:8]
    if version.device_id == this_device:
        return QCoreApplication.translate("SyncWords", "This console (%1)").replace("%1", name)
    return name


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
    return _cut(_plain_text(name, decoded))


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


def _cut(text: str) -> str:
    if len(text) <= MAX_VALUE_CHARS:
        return text
    return text[:MAX_VALUE_CHARS] + "…"


def record_label(entry: ConflictEntry) -> str:
    """Return what names the record of a conflict: a title, a patrol's date and shift, an item's check."""
    conflict = entry.conflict
    data = conflict.kept.data
    if conflict.table == "incident" and data.get("title"):
        return str(data["title"])
    if conflict.table == "runbook_run" and data.get("runbook_title"):
        return str(data["runbook_title"])
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
