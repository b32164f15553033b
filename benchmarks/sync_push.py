"""sync_push: 10,000 pending records of one console reach an empty center's PostgreSQL.

The records are made through the product's services, so the outbox triggers queue
them: patrols of the two daily checklists with every item answered, and incidents with
their `created` timeline entry and notes (benchmarks/sync_setup.py). One sync round
(SyncClient.run_round with the default batch size) then pushes them. The output gives
the push phase of that round (read the outbox, push each batch, acknowledge it), the
time spent inside central.push, and the whole round, which also pulls the center's
changes back and finds nothing new to write.

The baseline, in the same run, is a copy of the same store with the same 10,000
records waiting, synced to a second empty center database with a batch size of 1: the
same code path, with each record read, pushed in its own transaction and committed
on the center, then acknowledged locally on its own. The speed-up is the baseline's
push phase over the round's push phase.

PostgreSQL is started as the sync tests start it (tests/servers/postgres.py), which
needs root.
"""

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import emit
from benchmarks.sync_setup import center_server, console, fill_outbox, snapshot

RECORDS = 10_000


class Stopwatch:
    """Add up the seconds spent in one function while it is wrapped."""

    def __init__(self, owner, name: str):
        self.seconds = 0.0
        self.calls = 0
        self._owner, self._name = owner, name
        self._original = getattr(owner, name)

    def __enter__(self):
        original = self._original

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls += 1

        setattr(self._owner, self._name, timed)
        return self

    def __exit__(self, *exc_info) -> None:
        setattr(self._owner, self._name, self._original)


def center_count(center) -> int:
    return center.query("SELECT count(*) FROM sync_record")[0][0]


def main() -> None:
    from etc_console.sync import central
    from etc_console.sync.round import SyncClient

    with center_server() as (_server, new_center), tempfile.TemporaryDirectory() as folder:
        stored = Path(folder) / "filled.db"
        with new_center() as center, console(center) as target:
            counts = fill_outbox(target, RECORDS)
            pending = target.pending()
            snapshot(target.db, stored)
            batch_size = target.client.settings.batch_size

            with Stopwatch(SyncClient, "_push") as push_phase, Stopwatch(central, "push") as center_push:
                started = time.perf_counter()
                report = target.client.run_round()
                round_s = time.perf_counter() - started
            pushed = center_count(center)
            left = target.pending()

        with new_center() as baseline_center, console(baseline_center, batch_size=1, store=stored) as baseline:
            with Stopwatch(SyncClient, "_push") as baseline_phase, Stopwatch(central, "push") as baseline_push:
                baseline.client.run_round()
            baseline_s = baseline_phase.seconds
            baseline_pushed = center_count(baseline_center)

    if pending != RECORDS or pushed != RECORDS or baseline_pushed != RECORDS or left != 0:
        raise SystemExit(f"expected {RECORDS} records pending and then on both centers; found {pending} pending, "
                         f"{pushed} and {baseline_pushed} on the centers, {left} still pending")
    print(f"records: {counts}; outcomes {report.outcomes}")
    print(f"push phase {push_phase.seconds:.2f} s ({center_push.calls} batches, {center_push.seconds:.2f} s in "
          f"central.push), round {round_s:.2f} s; one record per transaction {baseline_s:.2f} s "
          f"({baseline_push.calls} pushes, {baseline_push.seconds:.2f} s in central.push)")
    emit({
        "benchmark": "sync_push",
        "records": RECORDS,
        "kinds": counts,
        "batch_size": batch_size,
        "batches": center_push.calls,
        "push_s": round(push_phase.seconds, 3),
        "center_push_s": round(center_push.seconds, 3),
        "round_s": round(round_s, 3),
        "baseline_s": round(baseline_s, 3),
        "baseline_center_push_s": round(baseline_push.seconds, 3),
        "speedup": round(baseline_s / push_phase.seconds, 1),
        "outcomes": report.outcomes,
    })


if __name__ == "__main__":
    main()
