"""Maintenance windows in a site file: one-off periods and recurring ones."""

import datetime as dt
from typing import Annotated

from dateutil.rrule import rrulestr
from pydantic import Field, field_validator, model_validator

from etc_console.config.base import StrictModel


class MaintenanceWindow(StrictModel):
    """A period in which a subsystem is under maintenance and raises no alarm.

    Either `start` and `end` (TOML date-times with an offset, a one-off window) or
    `rrule` (an iCalendar recurrence rule such as "FREQ=WEEKLY;BYDAY=SA") with
    `start_time` ("02:00", in the site's time zone) and `duration_minutes`.
    """

    subsystems: list[str] = Field(min_length=1)
    reason: str = Field(min_length=1)
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    rrule: str | None = None
    start_time: dt.time | None = None
    duration_minutes: Annotated[int, Field(gt=0, le=7 * 24 * 60)] | None = None

    @field_validator("start", "end")
    @classmethod
    def _aware(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("the date-time needs an offset, e.g. 2026-12-05T02:00:00+08:00")
        return value

    @field_validator("rrule")
    @classmethod
    def _valid_rule(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                rrulestr(value, dtstart=dt.datetime(2026, 1, 1))
            except (ValueError, TypeError) as error:
                raise ValueError(f"not a valid recurrence rule ({error}); example: FREQ=WEEKLY;BYDAY=SA") from None
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> "MaintenanceWindow":
        one_off = self.start is not None or self.end is not None
        recurring = self.rrule is not None or self.start_time is not None or self.duration_minutes is not None
        if one_off == recurring:
            raise ValueError("give either start and end, or rrule with start_time and duration_minutes")
        if one_off and (self.start is None or self.end is None or self.end <= self.start):
            raise ValueError("a one-off window needs start and end, with end after start")
        if recurring and (self.rrule is None or self.start_time is None or self.duration_minutes is None):
            raise ValueError("a recurring window needs rrule, start_time and duration_minutes")
        return self
