"""Find characters that free text entered by engineers must not contain.

Three groups are rejected. The first is the C0 and C1 control characters (U+0000–U+001F,
U+007F DEL and U+0080–U+009F) other than tab, line feed and carriage return. The second
is the bidirectional embedding, override and isolate characters (U+202A–U+202E,
U+2066–U+2069). The third is lone surrogates (U+D800–U+DFFF), which no UTF-8 store can
write. PostgreSQL JSONB, which the sync center stores records in, cannot hold U+0000.
The others are invisible or change how the text around them is shown, so a report could
read differently from the record that was saved.
"""

import re
from dataclasses import dataclass

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


@dataclass(frozen=True)
class ForbiddenCharacter:
    """A character that free text must not contain, and its `position` in the text, counted from 1."""

    character: str
    position: int

    @property
    def code_point(self) -> str:
        return f"U+{ord(self.character):04X}"

    @property
    def bidi(self) -> bool:
        """True for a bidirectional formatting character, False for a control character."""
        return 0x202A <= ord(self.character) <= 0x2069

    def message(self, field: str) -> str:
        """Return the English error message naming the field, the character and its position."""
        kind = "bidirectional formatting character" if self.bidi else "control character"
        return f"{field} contains the {kind} {self.code_point} at position {self.position}; remove it and enter the text again"


def find_forbidden_character(text: str) -> ForbiddenCharacter | None:
    """Return the first forbidden character of `text`, or None when the text has none."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    return ForbiddenCharacter(match.group(), match.start() + 1)
