"""Which characters free text must not contain, and where the first one is."""

import pytest

from etc_console.textcheck import find_forbidden_character


@pytest.mark.parametrize("code", [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *range(0x80, 0xA0),
                                  *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
def test_forbidden_character_found(code):
    found = find_forbidden_character(f"ab{chr(code)}c")
    assert found is not None
    assert (found.code_point, found.position) == (f"U+{code:04X}", 3)


@pytest.mark.parametrize("text", ["", "a\tb\nc\r\n", "重启完成 🚀", "\u200b\u200d\u2028\ufeff", "\u2029\u206a\u00a0"])
def test_allowed_text_passes(text):
    assert find_forbidden_character(text) is None


def test_first_forbidden_reported():
    found = find_forbidden_character("ok\u202e then \x00")
    assert (found.code_point, found.position, found.bidi) == ("U+202E", 3, True)
    assert found.message("cause") == "cause contains the bidirectional formatting character U+202E at position 3; remove it and enter the text again"
    assert find_forbidden_character("\x00").message("note") == "note contains the control character U+0000 at position 1; remove it and enter the text again"


def test_lone_surrogate_is_forbidden():
    found = find_forbidden_character("光模块\ud83d故障")
    assert found.code_point == "U+D83D"
    assert found.position == 4
    assert not found.bidi
