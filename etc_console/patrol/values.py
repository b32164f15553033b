"""Turn what the engineer entered into a stored answer: canonical value and result.

Numbers are stored as canonical decimal strings ("85.5"), never as floats, and their
result comes from the item's thresholds. A choice's result comes from the item's
lists of warning and abnormal choices. Status, text and evidence items take the
result the engineer chose (text defaults to normal). An entry without a value or
result is still stored, with no result, so a note typed first is not lost.
"""

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from etc_console.patrol.template import AnswerType, Bound, Item, Result, canonical_decimal
from etc_console.textcheck import ForbiddenCharacter, find_forbidden_character


# Lone UTF-16 surrogates (from a bad paste) cannot be encoded as UTF-8 for the store.
_SURROGATES = re.compile(r"[\ud800-\udfff]")


def storable_text(text: str | None) -> str:
    """Return text the store can encode: lone surrogates become U+FFFD, the rest is kept."""
    return _SURROGATES.sub("\ufffd", text or "")


class AnswerError(ValueError):
    """An entered value that cannot be stored for its item.

    `field` names the rejected text (value, note or reason) when it contains a forbidden
    character, and `forbidden` is that character.
    """

    def __init__(self, item_id: str, message: str, field: str | None = None, forbidden: ForbiddenCharacter | None = None):
        self.item_id = item_id
        self.field = field
        self.forbidden = forbidden
        super().__init__(f"item {item_id}: {message}")


def check_free_text(item_id: str, field: str, text: str | None) -> None:
    """Raise AnswerError when the text contains a control or bidi character (see etc_console.textcheck)."""
    forbidden = find_forbidden_character(text or "")
    if forbidden is not None:
        raise AnswerError(item_id, forbidden.message(field), field, forbidden)


@dataclass(frozen=True)
class AnswerInput:
    """The engineer's entry for one item: result, raw value text and note."""

    result: Result | None = None
    value: str | None = None
    note: str = ""


@dataclass(frozen=True)
class Evaluated:
    """An answer ready to store: the decided result (None: not decided yet) and the canonical value."""

    result: Result | None
    value: str | None
    note: str


def parse_number(item: Item, text: str) -> Decimal:
    """Parse an entered number; a trailing copy of the item's unit is accepted."""
    cleaned = text.strip().replace(",", "").replace("，", "")
    if item.unit and cleaned.endswith(item.unit):
        cleaned = cleaned[: -len(item.unit)].strip()
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        raise AnswerError(item.id, f"{text!r} is not a number; enter digits such as 85 or 85.5") from None
    if not number.is_finite():
        raise AnswerError(item.id, f"{text!r} is not a finite number")
    return number


def _passes(bound: Bound, number: Decimal) -> bool:
    upper, lower = bound.upper(), bound.lower()
    if upper is not None:
        limit, inclusive = Decimal(upper[0]), upper[1]
        if number > limit or (inclusive and number == limit):
            return True
    if lower is not None:
        limit, inclusive = Decimal(lower[0]), lower[1]
        if number < limit or (inclusive and number == limit):
            return True
    return False


def classify_number(item: Item, number: Decimal) -> Result:
    """Return abnormal or warning when the number passes that threshold, else normal."""
    if item.abnormal is not None and _passes(item.abnormal, number):
        return Result.ABNORMAL
    if item.warning is not None and _passes(item.warning, number):
        return Result.WARNING
    return Result.NORMAL


def classify_choice(item: Item, choice: str) -> Result:
    if choice in item.abnormal_choices:
        return Result.ABNORMAL
    if choice in item.warning_choices:
        return Result.WARNING
    return Result.NORMAL


def evaluate(item: Item, entry: AnswerInput) -> Evaluated:
    """Check an entry against its item and decide its result; raise AnswerError when invalid."""
    check_free_text(item.id, "note", entry.note)
    if isinstance(entry.value, str):
        check_free_text(item.id, "value", entry.value)
    note = storable_text(entry.note)
    value = storable_text(entry.value).strip() if isinstance(entry.value, str) else None

    if item.type == AnswerType.NUMBER:
        if not value:
            return Evaluated(None, None, note)
        number = parse_number(item, value)
        return Evaluated(classify_number(item, number), canonical_decimal(number), note)

    if item.type == AnswerType.CHOICE:
        if not value:
            return Evaluated(None, None, note)
        if value not in item.choices:
            raise AnswerError(item.id, f"{value!r} is not one of the choices: {', '.join(item.choices)}")
        return Evaluated(classify_choice(item, value), value, note)

    if item.type == AnswerType.TEXT:
        result = entry.result or (Result.NORMAL if value else None)
        return Evaluated(result, value or None, note)

    if entry.result not in (None, Result.NORMAL, Result.ABNORMAL):
        raise AnswerError(item.id, "choose 正常 (normal) or 异常 (abnormal)")
    return Evaluated(entry.result, value or None, note)


def with_unit(value: str, unit: str) -> str:
    """Join a number and its unit as printed: "85%", "23℃", "3条", but "382 ms"."""
    if not unit:
        return value
    if unit in ("%", "℃") or unicodedata.east_asian_width(unit[0]) in "WF":
        return f"{value}{unit}"
    return f"{value} {unit}"


def _limit_text(limit: tuple[str, bool], upper: bool, unit: str) -> str:
    value, inclusive = limit
    if upper:
        sign = "≥" if inclusive else ">"
    else:
        sign = "≤" if inclusive else "<"
    return f"{sign} {value}{unit}"


def describe_bound(bound: Bound, unit: str) -> str:
    """Return a threshold in sheet form, such as "> 25℃ 或 < 21℃"."""
    parts = []
    if bound.upper() is not None:
        parts.append(_limit_text(bound.upper(), True, unit))
    if bound.lower() is not None:
        parts.append(_limit_text(bound.lower(), False, unit))
    return " 或 ".join(parts)


def describe_thresholds(item: Item) -> str:
    """Return the warning and abnormal thresholds of a number item, empty for others."""
    parts = []
    if item.warning is not None:
        parts.append(f"告警 {describe_bound(item.warning, item.unit)}")
    if item.abnormal is not None:
        parts.append(f"异常 {describe_bound(item.abnormal, item.unit)}")
    return "；".join(parts)
