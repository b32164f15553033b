"""Which subsystems are in a maintenance window at a given time."""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

from etc_console.config.schedule import MaintenanceWindow
from etc_console.timeutil import require_aware

# Recurrence rules count from this Monday, so "every other week" means the same weeks
# on every machine.
RULE_ANCHOR = dt.date(2024, 1, 1)


@dataclass(frozen=True)
class ActiveWindow:
    """A maintenance window that covers a moment."""

    reason: str
    start: dt.datetime
    end: dt.datetime
    source: str  # "site" for the site file, "adhoc" for one entered in the console


@dataclass(frozen=True)
class AdhocWindow:
    """A window an engineer entered in the console (kept in the local store)."""

    subsystem_id: str
    reason: str
    start: dt.datetime
    end: dt.datetime


class _Recurring:
    def __init__(self, window: MaintenanceWindow, zone: ZoneInfo):
        self.window = window
        self.zone = zone
        self.duration = dt.timedelta(minutes=window.duration_minutes)

    @cached_property
    def rule(self) -> rrule:
        anchor = dt.datetime.combine(RULE_ANCHOR, self.window.start_time, tzinfo=self.zone)
        return rrulestr(self.window.rrule, dtstart=anchor, cache=True)

    def covering(self, moment: dt.datetime) -> ActiveWindow | None:
        local = moment.astimezone(self.zone)
        start = self.rule.before(local, inc=True)
        if start is None or local >= start + self.duration:
            return None
        return ActiveWindow(self.window.reason, start, start + self.duration, "site")


class MaintenanceCalendar:
    """Answer "is this subsystem under maintenance now?" from site and ad hoc windows."""

    def __init__(self, windows: list[MaintenanceWindow] = (), zone: ZoneInfo = ZoneInfo("Asia/Shanghai")):
        self._one_off: dict[str, list[ActiveWindow]] = {}
        self._recurring: dict[str, list[_Recurring]] = {}
        self._adhoc: list[AdhocWindow] = []
        for window in windows:
            for subsystem_id in window.subsystems:
                if window.rrule:
                    self._recurring.setdefault(subsystem_id, []).append(_Recurring(window, zone))
                else:
                    entry = ActiveWindow(window.reason, window.start, window.end, "site")
                    self._one_off.setdefault(subsystem_id, []).append(entry)

    def set_adhoc(self, windows: list[AdhocWindow]) -> None:
        """Replace the windows entered in the console."""
        self._adhoc = list(windows)

    def active(self, subsystem_id: str, moment: dt.datetime) -> ActiveWindow | None:
        """Return the window that covers `moment` for the subsystem, if any."""
        moment = require_aware(moment)
        for window in self._one_off.get(subsystem_id, ()):
            if window.start <= moment < window.end:
                return window
        for window in self._adhoc:
            if window.subsystem_id == subsystem_id and window.start <= moment < window.end:
                return ActiveWindow(window.reason, window.start, window.end, "adhoc")
        for recurring in self._recurring.get(subsystem_id, ()):
            covering = recurring.covering(moment)
            if covering is not None:
                return covering
        return None
