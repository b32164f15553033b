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


def encode_value(value: Any) -> Any:
    """Return the JSON form of one column value."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def decode_value(column: Column, value: Any) -> Any:
    """Return the Python value of `column` from its JSON form."""
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


def encode_row(row: dict[str, Any], columns: list[str]) -> dict[str, Any]:
    """Return the content of `row` limited to `columns`, JSON-ready."""
    return {name: encode_value(row[name]) for name in columns}


def decode_row(table, data: dict[str, Any]) -> dict[str, Any]:
    """Return column values for `table` from JSON content; unknown keys raise KeyError."""
    return {name: decode_value(table.c[name], value) for name, value in data.items()}
