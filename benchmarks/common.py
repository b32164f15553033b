"""Helpers shared by the benchmarks: timing, peak memory and the closing JSON line."""

import json
import statistics
import sys
import time
from collections.abc import Callable


def time_calls(function: Callable[[], object], repeat: int = 20, warmup: int = 2) -> dict:
    """Call `function` repeatedly; return the median and best wall time in milliseconds."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return {"median_ms": round(statistics.median(samples), 3), "min_ms": round(min(samples), 3)}


def emit(result: dict) -> None:
    """Print the benchmark's result as a JSON object on the last line of output."""
    sys.stdout.flush()
    print(json.dumps(result, ensure_ascii=False))
