"""sync_idle: a sync round with nothing to push and nothing to pull.

A console first syncs 1,000 records (made as in sync_push) with an empty center, so
its outbox is empty and its cursor is current. Then a new SyncClient runs 1 + 20
rounds. The first round opens the connection (password login with scram-sha-256 on
127.0.0.1) and is reported on its own, for information. The other 20 use the
client's kept connection; the output gives their median and max. Every round checks
the center's schema, reads the outbox, pulls from the cursor, counts what is pending
and open, and records its outcome in the local store, as the console's rounds do.

PostgreSQL is started as the sync tests start it (tests/servers/postgres.py), which
needs root.
"""

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import emit
from benchmarks.sync_setup import center_server, console, fill_outbox

SYNCED_RECORDS = 1_000
ROUNDS = 20


def timed_round(client) -> tuple[float, object]:
    started = time.perf_counter()
    report = client.run_round()
    return time.perf_counter() - started, report


def main() -> None:
    with center_server() as (_server, new_center):
        with new_center() as center, console(center) as target:
            fill_outbox(target, SYNCED_RECORDS)
            target.client.run_round()
            target.client.close()  # the next round connects again, as after a restart

            first_s, first = timed_round(target.client)
            samples, reports = [], [first]
            for _ in range(ROUNDS):
                seconds, report = timed_round(target.client)
                samples.append(seconds)
                reports.append(report)

    busy = [report.to_json() for report in reports if report.pushed or report.pulled or report.pending]
    if busy:
        raise SystemExit(f"expected rounds with nothing to do; these did work: {busy}")
    median_ms, max_ms = statistics.median(samples) * 1000, max(samples) * 1000
    print(f"first round with connect {first_s * 1000:.1f} ms; {ROUNDS} rounds on the kept connection: "
          f"median {median_ms:.1f} ms, max {max_ms:.1f} ms")
    emit({
        "benchmark": "sync_idle",
        "synced_records": SYNCED_RECORDS,
        "rounds": ROUNDS,
        "first_round_ms": round(first_s * 1000, 1),
        "median_ms": round(median_ms, 1),
        "max_ms": round(max_ms, 1),
    })


if __name__ == "__main__":
    main()
