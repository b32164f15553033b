"""Roll probe results up into 5-minute and hourly buckets, and prune old history.

Buckets are updated in the same transaction that stores the raw results, so the long
term history never lags and needs no batch job. Raw results are kept only for a
recent window; pruning deletes in bounded chunks on the database writer thread.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from etc_console.probes.model import ProbeResult, State
from etc_console.store.models import ProbeResultRow, Rollup1hRow, Rollup5mRow, StateChangeRow

log = logging.getLogger(__name__)

LEVELS = ((Rollup5mRow, 300), (Rollup1hRow, 3600))


@dataclass(frozen=True)
class Retention:
    """How long each level of history is kept, in days."""

    raw_days: float = 3
    five_minute_days: float = 35
    hourly_days: float = 800  # more than two years
    state_change_days: float = 800


@dataclass
class _Bucket:
    checks: int = 0
    failures: int = 0
    latency_count: int = 0
    latency_sum: float = 0.0
    latency_min: float | None = None
    latency_max: float | None = None

    def add(self, result: ProbeResult) -> None:
        self.checks += 1
        if result.outcome.state == State.DOWN:
            self.failures += 1
        latency = result.outcome.latency_ms
        if latency is not None:
            self.latency_count += 1
            self.latency_sum += latency
            self.latency_min = latency if self.latency_min is None else min(self.latency_min, latency)
            self.latency_max = latency if self.latency_max is None else max(self.latency_max, latency)


def bucket_start(moment: datetime, seconds: int) -> int:
    """Return the start, in epoch seconds, of the `seconds`-long bucket that contains `moment`."""
    epoch = int(moment.timestamp())
    return epoch - epoch % seconds


def add_to_rollups(session: Session, results: Iterable[ProbeResult]) -> None:
    """Add results to both bucket levels with one executemany upsert per level."""
    results = list(results)
    for model, seconds in LEVELS:
        buckets: dict[tuple[str, int], _Bucket] = defaultdict(_Bucket)
        for result in results:
            buckets[(result.subsystem_id, bucket_start(result.checked_at, seconds))].add(result)
        if buckets:
            values = [_bucket_values(subsystem_id, start, bucket) for (subsystem_id, start), bucket in buckets.items()]
            session.execute(_upsert_statement(model), values)


def _bucket_values(subsystem_id: str, start: int, bucket: _Bucket) -> dict:
    return {
        "subsystem_id": subsystem_id, "bucket": start, "checks": bucket.checks, "failures": bucket.failures,
        "latency_count": bucket.latency_count, "latency_sum": bucket.latency_sum,
        "latency_min": bucket.latency_min, "latency_max": bucket.latency_max,
    }


def _upsert_statement(model):
    """Return an INSERT that adds to the bucket's totals when the bucket exists."""
    table = model.__table__
    statement = insert(table)
    new = statement.excluded
    return statement.on_conflict_do_update(
        index_elements=[table.c.subsystem_id, table.c.bucket],
        set_={
            "checks": table.c.checks + new.checks,
            "failures": table.c.failures + new.failures,
            "latency_count": table.c.latency_count + new.latency_count,
            "latency_sum": table.c.latency_sum + new.latency_sum,
            "latency_min": func.min(func.coalesce(table.c.latency_min, new.latency_min), func.coalesce(new.latency_min, table.c.latency_min)),
            "latency_max": func.max(func.coalesce(table.c.latency_max, new.latency_max), func.coalesce(new.latency_max, table.c.latency_max)),
        },
    )


@dataclass(frozen=True)
class Series:
    """A subsystem's buckets as columns, oldest first, ready for plotting.

    `start` is each bucket's start in epoch seconds; a latency is None for a bucket
    in which no attempt measured one.
    """

    start: list[int]
    checks: list[int]
    failures: list[int]
    latency_avg: list[float | None]
    latency_min: list[float | None]
    latency_max: list[float | None]

    def __len__(self) -> int:
        return len(self.start)


def bucket_series(session: Session, subsystem_id: str, since: datetime, until: datetime, hourly: bool = False) -> Series:
    """Return a subsystem's buckets between two times as columns."""
    model = Rollup1hRow if hourly else Rollup5mRow
    average = (model.latency_sum / func.nullif(model.latency_count, 0)).label("latency_avg")
    query = (
        select(model.bucket, model.checks, model.failures, average, model.latency_min, model.latency_max)
        .where(model.subsystem_id == subsystem_id, model.bucket >= int(since.timestamp()), model.bucket < int(until.timestamp()))
        .order_by(model.bucket)
    )
    rows = session.execute(query).all()
    if not rows:
        return Series([], [], [], [], [], [])
    return Series(*(list(column) for column in zip(*rows, strict=True)))


def prune_history(session: Session, now: datetime, retention: Retention = Retention(), batch: int = 20_000) -> int:
    """Delete up to `batch` rows per table that fall out of the retention; return rows deleted.

    A caller that gets `batch` or more back submits the prune again, so no single
    transaction keeps the writer busy for long.
    """
    deleted = 0
    raw_cutoff = now - timedelta(days=retention.raw_days)
    deleted += _delete_chunk(session, ProbeResultRow, ProbeResultRow.checked_at < raw_cutoff, ProbeResultRow.id, batch)
    change_cutoff = now - timedelta(days=retention.state_change_days)
    deleted += _delete_chunk(session, StateChangeRow, StateChangeRow.changed_at < change_cutoff, StateChangeRow.id, batch)
    for model, days in ((Rollup5mRow, retention.five_minute_days), (Rollup1hRow, retention.hourly_days)):
        cutoff = int((now - timedelta(days=days)).timestamp())
        condition = model.bucket < cutoff
        deleted += session.execute(delete(model).where(condition)).rowcount
    if deleted:
        log.info("pruned %d history rows older than the retention", deleted)
    return deleted


def _delete_chunk(session: Session, model, condition, key, batch: int) -> int:
    ids = select(key).where(condition).limit(batch).scalar_subquery()
    return session.execute(delete(model).where(key.in_(ids))).rowcount
