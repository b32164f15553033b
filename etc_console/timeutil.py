"""Aware timestamps: stored in UTC, shown in the site's zone (Asia/Shanghai by default)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

DISPLAY_ZONE = ZoneInfo("Asia/Shanghai")


def utc_now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def require_aware(value: datetime, what: str = "timestamp") -> datetime:
    """Return `value` converted to UTC; raise ValueError for a naive datetime."""
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{what} {value.isoformat()} has no time zone; pass an aware datetime")
    return value.astimezone(UTC)


def to_display(value: datetime, zone: ZoneInfo = DISPLAY_ZONE) -> datetime:
    """Return an aware datetime converted to the display zone."""
    return require_aware(value).astimezone(zone)


def format_display(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M:%S", zone: ZoneInfo = DISPLAY_ZONE) -> str:
    """Format an aware datetime in the display zone; an empty string for None."""
    if value is None:
        return ""
    return to_display(value, zone).strftime(fmt)
