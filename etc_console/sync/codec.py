"""Turn a local row into JSON-ready content and back, by the columns' types.

Times become ISO 8601 text in UTC, dates ISO dates, UUIDs their text form; text,
integers and booleans stay as they are. Decoding uses the local column's type, so a
record reads back exactly as it was written.
"""

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer

from etc_console.store.types import UTCDateTime, UUIDString


NUL_PARTS = "nul_parts"  # a text with NUL characters travels as {"nul_parts": [the text split at each NUL]}


def encode_value(value: Any) -> Any:
    """Return the JSON form of one column value.

    PostgreSQL's JSONB cannot hold the NUL character, so a text that contains one is
    sent as the list of its parts between NULs, and `plain_value` joins them again.
    """
    if isinstance(value, str) and "\x00" in value:
        return {NUL_PARTS: value.split("\x00")}
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def decode_value(column: Column, value: Any) -> Any:
    """Return the Python value of `column` from its JSON form."""
    value = plain_value(value)
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return datetime.fromisoformat(value).astimezone(UTC)
    if isinstance(kind, UUIDString):
        return uuid.UUID(value)
    if isinstance(kind, Date):
        return date.fromisoformat(value)
    if isinstance(kind, Boolean):
        return bool(value)
    if isinstance(kind, Integer):
        return int(value)
    return value


def plain_value(value: Any) -> Any:
    """Return a JSON value with an encoded text (see `encode_value`) turned back into the text."""
    if isinstance(value, dict) and set(value) == {NUL_PARTS}:
        return "\x00".join(value[NUL_PARTS])
    return value


def encode_row(row: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """Return the content of `row` limited to `columns`, JSON-ready."""
    return {name: encode_value(row[name]) for name in columns}


def decode_row(table, data: dict[str, Any]) -> dict[str, Any]:
    """Return column values for `table` from JSON content; unknown keys raise KeyError."""
    return {name: decode_value(table.c[name], value) for name, value in data.items()}
