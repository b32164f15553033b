"""Fine exposure per month and per contract quarter.

An incident counts in the period that contains its onset, in the display zone
(Asia/Shanghai), and only when the onset lies within the contract period. Missed
clocks add their fine to `charged_yuan`; running clocks that can still be met add
theirs to `at_risk_yuan`. Contract quarters start on the contract's start date, so
they are calendar quarters only for a contract that starts on 1 January, April, July
or October.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from etc_console.incidents.clocks import Clock, ClockKind, ClockState
from etc_console.incidents.contract import ContractSettings
from etc_console.incidents.model import Incident
from etc_console.timeutil import DISPLAY_ZONE


@dataclass
class PeriodExposure:
    """Fines of the incidents whose onset falls in [start, end) (local midnights)."""

    label: str
    start: datetime
    end: datetime
    incidents: int = 0
    charged_yuan: int = 0
    at_risk_yuan: int = 0
    missed: dict[ClockKind, int] = field(default_factory=lambda: {kind: 0 for kind in ClockKind})
    at_risk_clocks: int = 0

    def add(self, clocks: Iterable[Clock]) -> None:
        self.incidents += 1
        for clock in clocks:
            self.charged_yuan += clock.charged_yuan
            self.at_risk_yuan += clock.at_risk_yuan
            if clock.state == ClockState.MISSED:
                self.missed[clock.kind] += 1
            if clock.at_risk_yuan:
                self.at_risk_clocks += 1

    def to_json(self) -> dict:
        return {
            "label": self.label,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "incidents": self.incidents,
            "charged_yuan": self.charged_yuan,
            "at_risk_yuan": self.at_risk_yuan,
            "at_risk_clocks": self.at_risk_clocks,
            "missed": {kind.value: count for kind, count in self.missed.items()},
        }


@dataclass(frozen=True)
class FineSummary:
    months: list[PeriodExposure]
    quarters: list[PeriodExposure]

    @property
    def charged_yuan(self) -> int:
        return sum(month.charged_yuan for month in self.months)

    @property
    def at_risk_yuan(self) -> int:
        return sum(month.at_risk_yuan for month in self.months)

    def to_json(self) -> dict:
        return {
            "charged_yuan": self.charged_yuan,
            "at_risk_yuan": self.at_risk_yuan,
            "months": [month.to_json() for month in self.months],
            "quarters": [quarter.to_json() for quarter in self.quarters],
        }


def _local_midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def month_periods(start: date, end: date, zone: ZoneInfo = DISPLAY_ZONE) -> list[PeriodExposure]:
    """Return the calendar months that overlap [start, end], clipped to it."""
    periods = []
    first = start.replace(day=1)
    last = end + relativedelta(days=1)
    while first < last:
        following = first + relativedelta(months=1)
        label = f"{first.year}年{first.month:02d}月"
        periods.append(PeriodExposure(label, _local_midnight(max(first, start), zone), _local_midnight(min(following, last), zone)))
        first = following
    return periods


def quarter_periods(start: date, end: date, zone: ZoneInfo = DISPLAY_ZONE) -> list[PeriodExposure]:
    """Return the contract quarters: three-month spans from the contract start, clipped to its end."""
    periods = []
    last = end + relativedelta(days=1)
    number, first = 1, start
    while first < last:
        following = min(start + relativedelta(months=3 * number), last)
        final_day = following - relativedelta(days=1)
        label = f"第{number}季度（{first:%Y-%m-%d}至{final_day:%Y-%m-%d}）"
        periods.append(PeriodExposure(label, _local_midnight(first, zone), _local_midnight(following, zone)))
        number, first = number + 1, following
    return periods


def _place(periods: list[PeriodExposure], onset: datetime, clocks: list[Clock]) -> None:
    for period in periods:
        if period.start <= onset < period.end:
            period.add(clocks)
            return


def fine_summary(incidents: Iterable[tuple[Incident, list[Clock]]], contract: ContractSettings, zone: ZoneInfo = DISPLAY_ZONE) -> FineSummary:
    """Sum charged and at-risk fines per month and per contract quarter of the contract period."""
    term = contract.contract
    months = month_periods(term.start, term.end, zone)
    quarters = quarter_periods(term.start, term.end, zone)
    for incident, clocks in incidents:
        _place(months, incident.onset_at, clocks)
        _place(quarters, incident.onset_at, clocks)
    return FineSummary(months, quarters)
