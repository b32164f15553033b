"""Text that every .xlsx reader accepts, shared by the report writers."""

import re

# C0 controls other than tab, newline and carriage return, DEL, and lone UTF-16
# surrogates: XML 1.0 forbids the controls, readers such as openpyxl reject them, and
# the surrogates cannot be encoded as UTF-8.
ILLEGAL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_CELL_CHARS = 32_000  # Excel keeps at most 32,767 characters in a cell
TRUNCATED_MARK = "…（内容过长已截断）"


def clean_cell_text(text: str) -> str:
    """Return `text` with CR LF and CR turned into LF, illegal characters dropped and cut to fit a cell."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = ILLEGAL_CHARS.sub("", text)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - len(TRUNCATED_MARK) - 10] + TRUNCATED_MARK
    return text
