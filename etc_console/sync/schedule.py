"""When the next sync round starts: every `interval` seconds, and sooner retries after a failure.

After a failure the retries back off exponentially from FIRST_RETRY, so a console that
lost its link does not hammer the center, and a short outage still heals within
seconds. The delay never exceeds the larger of the interval and MAX_RETRY. A problem
that only a person can fix (a refused login, a missing password, a center at another
schema) waits the longest delay at once. Every delay gets up to JITTER of random
spread, so consoles that lost the center together do not all return in the same second.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass

from etc_console.sync.connection import Problem

FIRST_RETRY = 10.0  # seconds before the first retry after a failure
MAX_RETRY = 600.0  # seconds; the cap of the backoff unless the interval is longer
JITTER = 0.1  # fraction of a delay added or removed at random

# Problems that a retry can heal by itself: the link, or a transient error of the center.
TRANSIENT = frozenset({Problem.UNREACHABLE, Problem.FAILED, Problem.LOCAL})


@dataclass(frozen=True)
class RetrySchedule:
    """The delay before the next round, from the interval and the failures in a row."""

    interval: float
    first_retry: float = FIRST_RETRY
    max_retry: float = MAX_RETRY
    jitter: float = JITTER

    @property
    def longest(self) -> float:
        """Return the cap of the backoff in seconds."""
        return max(self.interval, self.max_retry)

    def delay(self, failures: int, problem: Problem | None = None,
              uniform: Callable[[float, float], float] = random.uniform) -> float:
        """Return the seconds to wait after `failures` failed rounds in a row. With 0 failures (after a success) it is the interval.

        `problem` is the last failure's kind; `uniform(a, b)` draws the jitter factor.
        """
        if failures < 0:
            raise ValueError(f"failures must be 0 or more, got {failures}")
        return self.base_delay(failures, problem) * uniform(1 - self.jitter, 1 + self.jitter)

    def base_delay(self, failures: int, problem: Problem | None = None) -> float:
        """Return the delay before jitter is applied."""
        if failures == 0:
            return self.interval
        if problem is not None and problem not in TRANSIENT:
            return self.longest
        # The exponent is capped, so a long outage cannot overflow the float.
        backoff = self.first_retry * 2 ** min(failures - 1, 32)
        return min(backoff, self.longest)
