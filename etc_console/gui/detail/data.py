"""The history of one subsystem, read from the store on a worker thread."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy.orm import Session, sessionmaker

from etc_console.store.history import latency_series, recent_results, state_changes
from etc_console.store.rollup import Series, bucket_series, bucket_start
from etc_console.timeutil import utc_now

RESULT_LIMIT = 200
CHANGE_LIMIT = 100


class HistorySource(StrEnum):
    """The store table a history range is read from."""

    RAW = "raw"  # every attempt, kept 3 days
    FIVE_MINUTE = "5m"  # 5-minute buckets, kept 35 days
    HOURLY = "1h"  # hourly buckets, kept 800 days


BUCKET_SECONDS = {HistorySource.FIVE_MINUTE: 300, HistorySource.HOURLY: 3600}


@dataclass(frozen=True)
class HistoryRange:
    """A span of history the plot can show, ending now."""

    key: str
    span: timedelta
    source: HistorySource

    @property
    def bucket_seconds(self) -> int | None:
        return BUCKET_SECONDS.get(self.source)


RANGES = (
    HistoryRange("6h", timedelta(hours=6), HistorySource.RAW),
    HistoryRange("24h", timedelta(hours=24), HistorySource.FIVE_MINUTE),
    HistoryRange("7d", timedelta(days=7), HistorySource.FIVE_MINUTE),
    HistoryRange("30d", timedelta(days=30), HistorySource.FIVE_MINUTE),
    HistoryRange("1y", timedelta(days=365), HistorySource.HOURLY),
)
# An aggregate subsystem has one result per member and round (163 service points), so
# its raw range is one hour, to keep the plot and the read small.
AGGREGATE_RAW_RANGE = HistoryRange("1h", timedelta(hours=1), HistorySource.RAW)


def history_ranges(aggregate: bool) -> tuple[HistoryRange, ...]:
    """Return the ranges offered for a subsystem, shortest first."""
    return (AGGREGATE_RAW_RANGE, *RANGES[1:]) if aggregate else RANGES


@dataclass(frozen=True)
class ResultEntry:
    """One attempt of one probe, as the results table shows it."""

    checked_at: datetime
    probe: str
    outcome_state: str
    state: str
    latency_ms: float | None
    error_class: str | None
    detail: str


@dataclass(frozen=True)
class ChangeEntry:
    """A change of state of a probe (probe set) or of the whole subsystem (probe empty)."""

    changed_at: datetime
    probe: str
    old_state: str | None
    new_state: str
    detail: str


@dataclass(frozen=True)
class DetailData:
    """What one read of the detail view returns.

    For a raw range `series` contains (checked_at, latency_ms, outcome_state) rows and
    `buckets` is empty. For the other ranges `buckets` contains the 5-minute or hourly
    buckets and `series` is empty.
    """

    subsystem_id: str
    history_range: HistoryRange
    since: datetime
    until: datetime
    results: tuple[ResultEntry, ...]
    series: tuple[tuple[datetime, float | None, str], ...]
    buckets: Series
    changes: tuple[ChangeEntry, ...]


def short_probe_name(subsystem_id: str, probe_id: str | None) -> str:
    """Return a probe id without its subsystem prefix ("iss-auth/https" -> "https")."""
    if not probe_id:
        return ""
    prefix = subsystem_id + "/"
    return probe_id[len(prefix):] if probe_id.startswith(prefix) else probe_id


def load_detail(sessions: sessionmaker[Session], subsystem_id: str, history_range: HistoryRange = RANGES[0]) -> DetailData:
    """Read the recent results, the latency history of a range and the state changes of a subsystem.

    Blocks on the database: call it on a worker thread, never on the GUI thread.
    """
    until = utc_now()
    since = until - history_range.span
    with sessions() as session:
        result_rows = recent_results(session, subsystem_id, RESULT_LIMIT)
        results = tuple(
            ResultEntry(
                checked_at=row.checked_at,
                probe=short_probe_name(subsystem_id, row.probe_id),
                outcome_state=row.outcome_state,
                state=row.state,
                latency_ms=row.latency_ms,
                error_class=row.error_class,
                detail=row.detail or "",
            )
            for row in result_rows
        )
        if history_range.source == HistorySource.RAW:
            series = tuple(latency_series(session, subsystem_id, since))
            buckets = Series([], [], [], [], [], [])
        else:
            series = ()
            # Start at the bucket that contains `since`, so the plot begins at the left edge.
            first_bucket = datetime.fromtimestamp(bucket_start(since, history_range.bucket_seconds), UTC)
            hourly = history_range.source == HistorySource.HOURLY
            buckets = bucket_series(session, subsystem_id, first_bucket, until, hourly=hourly)
        changes = tuple(
            ChangeEntry(
                changed_at=row.changed_at,
                probe=short_probe_name(subsystem_id, row.probe_id),
                old_state=row.old_state,
                new_state=row.new_state,
                detail=row.detail or "",
            )
            for row in state_changes(session, subsystem_id, CHANGE_LIMIT)
        )
    return DetailData(subsystem_id, history_range, since, until, results, series, buckets, changes)
