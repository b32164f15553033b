from datetime import UTC, datetime

from etc_console.catalog import load_catalog
from etc_console.monitor.status import AggregateRule, aggregate_status, plain_status
from etc_console.probes.model import Outcome, ProbeResult, State

AT = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)


def result(name: str, state: State, member: str | None = None, latency: float | None = 10.0) -> ProbeResult:
    outcome = Outcome(state=state, detail=f"{name} is {state}", checked_at=AT, latency_ms=latency)
    subsystem = "service-points" if member else "iss-auth"
    return ProbeResult(f"{subsystem}/{member or ''}/{name}", subsystem, "http", name, outcome, state, member=member)


def test_plain_status_takes_worst_probe():
    subsystem = load_catalog().subsystem("iss-auth")
    status = plain_status(subsystem, [result("a", State.OK), result("b", State.WARNING), result("c", State.OK)])
    assert status.state == State.WARNING
    assert status.detail == "b: b is warning"


def test_plain_status_down_beats_warning():
    subsystem = load_catalog().subsystem("iss-auth")
    status = plain_status(subsystem, [result("a", State.WARNING), result("b", State.DOWN)])
    assert status.state == State.DOWN


def test_subsystem_without_probes_is_unknown():
    subsystem = load_catalog().subsystem("iss-auth")
    assert plain_status(subsystem, []).state == State.UNKNOWN


def points(states: list[State]) -> list[ProbeResult]:
    return [result("hb", state, member=f"SP{i + 1:03d}") for i, state in enumerate(states)]


def test_aggregate_counts_online_members():
    subsystem = load_catalog().subsystem("service-points")
    states = [State.OK] * 158 + [State.DOWN] * 5
    status = aggregate_status(subsystem, points(states), 163, AggregateRule(warn_offline=1, down_offline_ratio=0.3))
    assert (status.online, status.total) == (158, 163)
    assert status.state == State.WARNING
    assert status.offline_members == ("SP159", "SP160", "SP161", "SP162", "SP163")
    assert status.detail.startswith("158/163 online")


def test_aggregate_down_from_ratio():
    subsystem = load_catalog().subsystem("service-points")
    states = [State.OK] * 114 + [State.DOWN] * 49
    status = aggregate_status(subsystem, points(states), 163, AggregateRule(down_offline_ratio=0.3))
    assert status.state == State.DOWN


def test_aggregate_all_online_is_ok():
    subsystem = load_catalog().subsystem("service-points")
    status = aggregate_status(subsystem, points([State.OK] * 163), 163, AggregateRule())
    assert status.state == State.OK
    assert status.detail == "163/163 online"
