"""Show stored text as it is: control and bidi characters escaped, and where two versions differ.

Values and device names come from other consoles and may contain characters that a
label applies instead of showing: U+202E reverses the text after it, and ESC or other
control characters draw as empty boxes. The functions here replace each such character
with a visible escape such as ⟨U+202E⟩. They use no Qt, so tests can call them directly.
"""

import html
import re
from dataclasses import dataclass

# C0 controls but newline and tab, DEL, C1 controls, and the Unicode Bidi_Control characters
# (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
HIDDEN_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")

DIM, CHANGED, ESCAPE = "dim", "changed", "escape"
STYLES = {
    DIM: "color: #7A848E;",
    CHANGED: "background-color: #FFE8A3; color: #1F2933;",
    ESCAPE: "color: #8A1C7C; background-color: #F3E5F5; font-family: monospace;",
}


def escape_code(char: str) -> str:
    """Return the visible escape of one character: ⟨U+202E⟩."""
    return f"⟨U+{ord(char):04X}⟩"


def escape_plain(text: str) -> str:
    """Return `text` with every control and bidi character replaced by its visible escape."""
    return HIDDEN_CHARS.sub(lambda match: escape_code(match.group()), text)


def has_hidden(text: str) -> bool:
    return HIDDEN_CHARS.search(text) is not None


ESCAPE_MARK = re.compile("⟨U\\+[0-9A-F]{4,6}⟩")


def escapes_to_html(text: str) -> str:
    """Return text that escape_plain() produced as rich text, its escapes in their own style.

    A value that contained a literal "⟨U+202E⟩" gets the style too, which only marks it.
    """
    return _html_with_escapes(ESCAPE_MARK, text, lambda mark: mark)


def _html_with_escapes(pattern: re.Pattern, text: str, escape) -> str:
    """Return `text` as HTML, each match of `pattern` replaced by escape(match) in the escape style."""
    pieces = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(html.escape(text[position:match.start()], quote=False))
        pieces.append(f'<span style="{STYLES[ESCAPE]}">{escape(match.group())}</span>')
        position = match.end()
    pieces.append(html.escape(text[position:], quote=False))
    return "".join(pieces)


def _html_part(text: str, style: str | None) -> str:
    """Return `text` as HTML: hidden characters as styled escapes, the rest escaped for HTML."""
    joined = _html_with_escapes(HIDDEN_CHARS, text, escape_code)
    return f'<span style="{style}">{joined}</span>' if style and joined else joined


def to_html(segments: list[tuple[str, str | None]]) -> str:
    """Return rich text for a QLabel: each (text, kind) segment in the style of its kind, line breaks kept."""
    body = "".join(_html_part(text, STYLES.get(kind) if kind else None) for text, kind in segments)
    return f'<div style="white-space: pre-wrap;">{body}</div>'


def tooltip_html(text: str) -> str:
    """Return plain text as a rich-text tooltip, so that Qt wraps long lines and never reads it as markup."""
    return f'<p style="white-space: pre-wrap;">{html.escape(text, quote=False)}</p>'


@dataclass(frozen=True)
class Difference:
    """The differing middle of two texts: from `start` to `end_a` in the first and to `end_b` in the second.

    The text before `start` and after the ends is the same in both. Indexes count
    characters (code points) of the texts as shown, from 0.
    """

    start: int
    end_a: int
    end_b: int


def difference(a: str, b: str) -> Difference | None:
    """Return the differing middle of two texts, or None when they are equal."""
    if a == b:
        return None
    start = 0
    limit = min(len(a), len(b))
    while start < limit and a[start] == b[start]:
        start += 1
    suffix = 0
    # The common suffix must not reach back into the common prefix.
    while suffix < limit - start and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return Difference(start, len(a) - suffix, len(b) - suffix)


def marked_segments(text: str, start: int, end: int, window: tuple[int, int] | None = None) -> list[tuple[str, str]]:
    """Split `text` into the dimmed common prefix, the changed middle [start, end) and the dimmed suffix.

    With `window` (from, to), only the characters inside it are returned.
    """
    low, high = window if window is not None else (0, len(text))
    parts = ((0, start, DIM), (start, end, CHANGED), (end, len(text), DIM))
    segments = []
    for part_start, part_end, kind in parts:
        lo, hi = max(part_start, low), min(part_end, high)
        if lo < hi:
            segments.append((text[lo:hi], kind))
    return segments


def excerpt_window(text: str, focus: int, max_chars: int, max_lines: int, context: int) -> tuple[int, int]:
    """Return the (from, to) character range of a short excerpt that shows `focus` with some text before it.

    The excerpt starts `context` characters before `focus` (at 0 when `focus` is near the
    start) and ends after `max_chars` characters or `max_lines` line breaks, whichever
    comes first.
    """
    low = max(0, focus - context)
    # Start at a line break when one lies within the context, so the excerpt begins on a whole line.
    line_start = text.rfind("\n", low, focus)
    if line_start >= 0:
        low = line_start + 1
    high = min(len(text), low + max_chars)
    breaks = 0
    for position in range(low, high):
        if text[position] == "\n":
            breaks += 1
            if breaks == max_lines:
                high = position
                break
    return low, high
