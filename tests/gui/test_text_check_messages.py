"""The GUI shows a rejected control or bidi character in Chinese, naming the field, the character and its position."""

from etc_console.gui.incidents.dialogs import error_text
from etc_console.gui.patrol.words import answer_error_text
from etc_console.gui.words import forbidden_character_text, text_field_word
from etc_console.incidents.validation import IncidentError, check_free_text
from etc_console.patrol import values
from etc_console.runbooks.runner import RunnerError, _check_text
from etc_console.textcheck import find_forbidden_character


def caught(function, *args):
    try:
        function(*args)
    except ValueError as error:
        return error
    raise AssertionError(f"{function.__name__} accepted {args!r}")


def test_incident_field_message_in_chinese(languages):
    error = caught(check_free_text, "actions", "重启\x00服务")
    assert isinstance(error, IncidentError)
    assert error_text(error) == "“处理措施”第 3 个字符是控制字符 U+0000，请删除后重新保存。"


def test_incident_reason_message_in_chinese(languages):
    assert error_text(caught(check_free_text, "reason", "\u202e")) == "“原因”第 1 个字符是不可见的双向文字格式符 U+202E，请删除后重新保存。"


def test_runner_note_message_in_chinese(languages):
    error = caught(_check_text, "note", "ab\x1b")
    assert isinstance(error, RunnerError)
    assert forbidden_character_text(text_field_word(error.field), error.forbidden) == "“备注”第 3 个字符是控制字符 U+001B，请删除后重新保存。"


def test_patrol_messages_in_chinese(languages):
    note = caught(values.check_free_text, "backup-capacity", "note", "\x85")
    reason = caught(values.check_free_text, "backup-capacity", "reason", "抄错\u2068")
    assert answer_error_text(note) == "“说明”第 1 个字符是控制字符 U+0085，请删除后重新保存。"
    assert answer_error_text(reason) == "“更正原因”第 3 个字符是不可见的双向文字格式符 U+2068，请删除后重新保存。"


def test_other_answer_errors_keep_core_text(languages):
    error = values.AnswerError("backup-capacity", "'八十' is not a number")
    assert answer_error_text(error) == str(error)
    assert find_forbidden_character("八十") is None
