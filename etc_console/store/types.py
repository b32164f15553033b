"""Column types that behave the same on SQLite and PostgreSQL."""

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, String
from sqlalchemy.types import TypeDecorator

from etc_console.timeutil import require_aware


class UTCDateTime(TypeDecorator):
    """An aware timestamp stored in UTC; a naive datetime is rejected on write.

    SQLite keeps no time zone, so values are stored as naive UTC there and come back
    with tzinfo=UTC; PostgreSQL uses timestamptz.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):
        if value is None:
            return None
        value = require_aware(value)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class UUIDString(TypeDecorator):
    """A UUID kept as its 36-character text form on every backend."""

    impl = String(36)
    cache_ok = True

    def process_bind_param(self, value: uuid.UUID | str | None, dialect):
        if value is None:
            return None
        return str(uuid.UUID(str(value)))

    def process_result_value(self, value: str | None, dialect):
        return None if value is None else uuid.UUID(value)
