"""probe_round: 500 HTTP targets with 100 ms latency, one round at the default concurrency.

The ideal round time is ceil(500 / concurrency) x 100 ms: every slot busy all the time
and no overhead. The ratio of the measured time to that ideal is the figure of merit;
target 1.3 or less. The targets are the lab's benchmark endpoints, served by a child
process. Median of 5 rounds after one warm-up round.
"""

import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import emit
from benchmarks.targets import bench_targets, http_site
from etc_console.catalog import load_catalog
from etc_console.config.resolve import resolve_probes
from etc_console.probes.engine import run_round_blocking
from etc_console.probes.model import State

TARGETS = 500
LATENCY_MS = 100
ROUNDS = 5


def main() -> None:
    with bench_targets(TARGETS, LATENCY_MS) as url:
        site = http_site([url(i) for i in range(TARGETS)])
        specs = resolve_probes(site, load_catalog())
        concurrency = site.defaults.concurrency

        run_round_blocking(specs, concurrency=concurrency)
        times, failures = [], 0
        for _ in range(ROUNDS):
            started = time.perf_counter()
            outcomes = run_round_blocking(specs, concurrency=concurrency)
            times.append(time.perf_counter() - started)
            failures += sum(1 for outcome in outcomes if outcome.state != State.OK)

    ideal = math.ceil(TARGETS / concurrency) * LATENCY_MS / 1000
    median = statistics.median(times)
    print(f"{TARGETS} targets, concurrency {concurrency}: median {median:.3f} s, ideal {ideal:.3f} s")
    emit({
        "benchmark": "probe_round",
        "targets": TARGETS,
        "latency_ms": LATENCY_MS,
        "concurrency": concurrency,
        "round_s": round(median, 3),
        "ideal_s": ideal,
        "ratio": round(median / ideal, 3),
        "failed_probes": failures,
        "target_ratio": 1.3,
        "pass": median / ideal <= 1.3 and failures == 0,
    })


if __name__ == "__main__":
    main()
