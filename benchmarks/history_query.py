"""history_query: a year of 30-second checks, then the detail view's two queries.

The store is filled with what a year of monitoring leaves behind under the default
retention: every monitored catalog subsystem with three probes checked every 30 s,
so 3 x 2880 results per subsystem per day. Raw results exist for the last 3 days,
5-minute buckets for the last 35 days, hourly buckets for the whole year, and a few
state changes per subsystem per day. Rows are generated directly in bulk (feeding 75
million results through the writer would take hours); the bucket values are those
the rollup code computes for such results.

Measured: the month's availability (month and per day) and a 30-day series of
5-minute buckets for one subsystem, median of 20 runs each, and the file size.
Targets: 20 ms or less per query, 200 MB or less for the file.
"""

import argparse
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from benchmarks.common import emit, time_calls
from etc_console.catalog import load_catalog
from etc_console.store.availability import monthly_availability
from etc_console.store.db import open_database
from etc_console.store.models import ProbeResultRow, Rollup1hRow, Rollup5mRow, StateChangeRow
from etc_console.store.rollup import bucket_series

PROBES_PER_SUBSYSTEM = 3
CHECK_SECONDS = 30


def bucket_rows(subsystem_id: str, start: datetime, end: datetime, seconds: int, rng: random.Random) -> list[dict]:
    checks = PROBES_PER_SUBSYSTEM * seconds // CHECK_SECONDS
    rows = []
    at = int(start.timestamp()) // seconds * seconds
    while at < end.timestamp():
        low = rng.uniform(5, 40)
        rows.append({
            "subsystem_id": subsystem_id, "bucket": at, "checks": checks,
            "failures": 1 if rng.random() < 0.01 else 0, "latency_count": checks,
            "latency_sum": low * 1.4 * checks, "latency_min": low, "latency_max": low * 3,
        })
        at += seconds
    return rows


def raw_rows(subsystem_id: str, start: datetime, end: datetime, rng: random.Random) -> list[dict]:
    rows = []
    at = start
    while at < end:
        for probe in range(PROBES_PER_SUBSYSTEM):
            rows.append({
                "probe_id": f"{subsystem_id}/probe-{probe}", "subsystem_id": subsystem_id, "member": None,
                "kind": "http", "outcome_state": "ok", "state": "ok", "latency_ms": rng.uniform(5, 80),
                "error_class": None, "detail": "HTTP 200 OK", "checked_at": at,
            })
        at += timedelta(seconds=CHECK_SECONDS)
    return rows


def change_rows(subsystem_id: str, start: datetime, end: datetime, rng: random.Random) -> list[dict]:
    rows, at, state = [], start, "ok"
    while at < end:
        at += timedelta(hours=rng.uniform(4, 12))
        state = rng.choice(["down", "warning"]) if state == "ok" else "ok"
        rows.append({"subsystem_id": subsystem_id, "probe_id": None, "old_state": None,
                     "new_state": state, "detail": "simulated", "changed_at": at})
    return rows


def fill(db, now: datetime) -> None:
    rng = random.Random(7)
    subsystems = [s.id for s in load_catalog().monitored()]
    year_ago = now - timedelta(days=365)
    with db.engine.begin() as connection:
        for subsystem_id in subsystems:
            connection.execute(insert(Rollup1hRow), bucket_rows(subsystem_id, year_ago, now, 3600, rng))
            connection.execute(insert(Rollup5mRow), bucket_rows(subsystem_id, now - timedelta(days=35), now, 300, rng))
            connection.execute(insert(StateChangeRow), change_rows(subsystem_id, year_ago, now, rng))
            connection.execute(insert(ProbeResultRow), raw_rows(subsystem_id, now - timedelta(days=3), now, rng))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", help="keep the generated store here (default: a temporary folder)")
    args = parser.parse_args()

    folder = Path(args.data_dir or tempfile.mkdtemp(prefix="bench-history-"))
    now = datetime(2026, 12, 1, tzinfo=UTC)
    db = open_database(folder)
    fill(db, now)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    size_mb = db.path.stat().st_size / 1e6

    with db.sessions() as session:
        month = time_calls(lambda: monthly_availability(session, "iss-auth", 2026, 11))
        series = time_calls(lambda: bucket_series(session, "iss-auth", now - timedelta(days=30), now))
        points = len(bucket_series(session, "iss-auth", now - timedelta(days=30), now))
    db.close()

    print(f"store {db.path}: {size_mb:.1f} MB; month availability {month['median_ms']} ms; 30-day series ({points} points) {series['median_ms']} ms")
    emit({
        "benchmark": "history_query",
        "subsystems": len(load_catalog().monitored()),
        "month_availability_ms": month["median_ms"],
        "series_30d_ms": series["median_ms"],
        "series_points": points,
        "db_size_mb": round(size_mb, 1),
        "targets": {"query_ms": 20, "db_size_mb": 200},
        "pass": month["median_ms"] <= 20 and series["median_ms"] <= 20 and size_mb <= 200,
    })


if __name__ == "__main__":
    main()
