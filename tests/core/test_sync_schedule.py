import pytest

from etc_console.sync.connection import Problem
from etc_console.sync.schedule import RetrySchedule


def no_jitter(low, high):
    return 1.0


def test_success_waits_interval():
    schedule = RetrySchedule(interval=120)
    assert schedule.delay(0, uniform=no_jitter) == 120


def test_failures_back_off_exponentially():
    schedule = RetrySchedule(interval=120, first_retry=10, max_retry=600)
    delays = [schedule.delay(failures, Problem.UNREACHABLE, uniform=no_jitter) for failures in range(1, 8)]
    assert delays == [10, 20, 40, 80, 160, 320, 600]


def test_backoff_cap_is_interval_when_longer():
    schedule = RetrySchedule(interval=3600, first_retry=10, max_retry=600)
    assert schedule.delay(20, Problem.UNREACHABLE, uniform=no_jitter) == 3600


def test_many_failures_do_not_overflow():
    schedule = RetrySchedule(interval=120)
    assert schedule.delay(10_000, Problem.FAILED, uniform=no_jitter) == schedule.longest


@pytest.mark.parametrize("problem", [Problem.LOGIN, Problem.NO_PASSWORD, Problem.NOT_INITIALISED, Problem.SCHEMA_MISMATCH])
def test_problem_needing_a_person_waits_longest(problem):
    schedule = RetrySchedule(interval=120, max_retry=600)
    assert schedule.delay(1, problem, uniform=no_jitter) == 600


def test_unknown_problem_backs_off():
    schedule = RetrySchedule(interval=120, first_retry=10)
    assert schedule.delay(2, None, uniform=no_jitter) == 20


def test_jitter_stays_within_fraction():
    schedule = RetrySchedule(interval=100, jitter=0.1)
    assert schedule.delay(0, uniform=lambda low, high: low) == pytest.approx(90)
    assert schedule.delay(0, uniform=lambda low, high: high) == pytest.approx(110)
    for _ in range(200):
        assert 90 <= schedule.delay(0) <= 110


def test_negative_failures_rejected():
    with pytest.raises(ValueError, match="failures must be 0 or more"):
        RetrySchedule(interval=120).delay(-1)
