"""The status board: confirmed states, dependencies, maintenance, alarms and flapping."""

from datetime import UTC, datetime, timedelta

import pytest

from etc_console.catalog import load_catalog
from etc_console.catalog.model import Subsystem
from etc_console.config import parse_site
from etc_console.config.resolve import resolve_probes
from etc_console.monitor.alarms import AlarmBook
from etc_console.monitor.board import StatusBoard
from etc_console.monitor.maintenance import AdhocWindow, MaintenanceCalendar
from etc_console.probes.model import ErrorClass, Outcome, State

SITE = """
[defaults]
fail_after = 2
[[probe]]
subsystem = "net-core"
name = "core switch"
kind = "tcp"
host = "127.0.0.1"
port = 1
[[probe]]
subsystem = "iss-auth"
name = "health"
kind = "tcp"
host = "127.0.0.1"
port = 2
"""


class Clock:
    def __init__(self):
        self.now = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def clock():
    return Clock()


def make_board(clock, maintenance=None):
    catalog = load_catalog()
    network = Subsystem(id="net-core", category="issuance", name="核心网络", sla_class="issuance")
    auth = catalog.subsystem("iss-auth").model_copy(update={"depends_on": ["net-core"]})
    subsystems = [network] + [auth if s.id == "iss-auth" else s for s in catalog.subsystems]
    catalog = catalog.model_copy(update={"subsystems": subsystems})
    specs = resolve_probes(parse_site(SITE), catalog)
    board = StatusBoard(catalog, specs, maintenance=maintenance, alarms=AlarmBook(clock=clock, repeat_minutes=5), clock=clock)
    return board, {spec.subsystem: spec for spec in specs}


def outcome(clock, state: State) -> Outcome:
    error = ErrorClass.REFUSED if state == State.DOWN else None
    return Outcome(state=state, detail=f"attempt {state}", checked_at=clock.advance(10), latency_ms=5.0, error_class=error)


def feed(board, clock, specs, **states):
    return board.apply([(specs[name.replace("_", "-")], outcome(clock, state)) for name, state in states.items()])


def test_down_needs_two_failures_and_raises_one_alarm(clock):
    board, specs = make_board(clock)
    feed(board, clock, specs, iss_auth=State.OK)
    first_failure = clock.now + timedelta(seconds=10)
    update = feed(board, clock, specs, iss_auth=State.DOWN)
    assert board.statuses["iss-auth"].state == State.OK
    assert update.alarms.raised == ()

    update = feed(board, clock, specs, iss_auth=State.DOWN)
    assert board.statuses["iss-auth"].state == State.DOWN
    [alarm] = update.alarms.raised
    assert alarm.onset_at == first_failure
    assert alarm.raised_at == clock.now
    assert [c.new_state for c in update.changes if c.probe_id is None] == ["down"]

    assert feed(board, clock, specs, iss_auth=State.DOWN).alarms.raised == ()


def test_recovery_clears_alarm(clock):
    board, specs = make_board(clock)
    feed(board, clock, specs, iss_auth=State.DOWN)
    feed(board, clock, specs, iss_auth=State.DOWN)
    update = feed(board, clock, specs, iss_auth=State.OK)
    [cleared] = update.alarms.cleared
    assert cleared.cleared_at == clock.now
    assert board.alarms.active() == []


def test_acknowledged_alarm_stops_repeating(clock):
    board, specs = make_board(clock)
    feed(board, clock, specs, iss_auth=State.DOWN)
    feed(board, clock, specs, iss_auth=State.DOWN)
    [alarm] = board.alarms.active()
    clock.advance(301)
    assert [a.id for a in board.alarms.due_repeats()] == [alarm.id]
    assert board.alarms.due_repeats() == []
    board.alarms.acknowledge(alarm.id, "张工", "已电话通知机房，正在重启")
    clock.advance(600)
    assert board.alarms.due_repeats() == []
    assert board.alarms.get(alarm.id).acknowledged_by == "张工"


def test_acknowledge_needs_name_and_reason(clock):
    board, specs = make_board(clock)
    feed(board, clock, specs, iss_auth=State.DOWN)
    feed(board, clock, specs, iss_auth=State.DOWN)
    [alarm] = board.alarms.active()
    with pytest.raises(ValueError):
        board.alarms.acknowledge(alarm.id, "张工", "  ")


def test_dependency_down_marks_dependant_impacted_without_alarm(clock):
    board, specs = make_board(clock)
    for _ in range(2):
        update = feed(board, clock, specs, net_core=State.DOWN, iss_auth=State.DOWN)
    auth = board.statuses["iss-auth"]
    assert auth.state == State.DOWN
    assert auth.impacted_by == ("net-core",)
    assert [a.subsystem_id for a in board.alarms.active()] == ["net-core"]

    update = feed(board, clock, specs, net_core=State.OK, iss_auth=State.OK)
    assert board.statuses["iss-auth"].state == State.OK
    recovered = [c for c in update.changes if c.subsystem_id == "iss-auth" and c.probe_id is None]
    assert [(c.old_state, c.new_state) for c in recovered] == [("down", "ok")]


def test_dependant_still_down_after_dependency_recovers_raises_alarm(clock):
    board, specs = make_board(clock)
    for _ in range(2):
        feed(board, clock, specs, net_core=State.DOWN, iss_auth=State.DOWN)
    update = feed(board, clock, specs, net_core=State.OK, iss_auth=State.DOWN)
    assert [a.subsystem_id for a in update.alarms.raised] == ["iss-auth"]


def test_maintenance_state_and_no_alarm(clock):
    calendar = MaintenanceCalendar()
    board, specs = make_board(clock, calendar)
    calendar.set_adhoc([AdhocWindow("iss-auth", "数据库升级", clock.now, clock.now + timedelta(hours=1))])
    for _ in range(3):
        update = feed(board, clock, specs, iss_auth=State.DOWN)
        assert update.alarms.raised == ()
    status = board.statuses["iss-auth"]
    assert status.state == State.MAINTENANCE
    assert status.maintenance == "数据库升级"

    clock.advance(3600)
    statuses, changes, events = board.refresh()
    assert board.statuses["iss-auth"].state == State.DOWN
    assert [a.subsystem_id for a in events.raised] == ["iss-auth"]


def test_flapping_reopens_instead_of_raising(clock):
    board, specs = make_board(clock)
    raised, reopened = [], []
    for _ in range(4):
        feed(board, clock, specs, iss_auth=State.DOWN)
        update = feed(board, clock, specs, iss_auth=State.DOWN)
        raised.append(len(update.alarms.raised))
        reopened.append([a.id for a in update.alarms.reopened])
        feed(board, clock, specs, iss_auth=State.OK)
    # Four state changes within 15 minutes make the subsystem flapping.
    assert raised == [1, 1, 0, 0]
    assert reopened[2] == reopened[3] != []
    assert board.statuses["iss-auth"].flapping
    assert board.alarms.get(reopened[3][0]).flapping


def test_stop_marks_everything_unknown(clock):
    board, specs = make_board(clock)
    feed(board, clock, specs, iss_auth=State.OK)
    changes = board.stop_all()
    assert [(c.subsystem_id, c.new_state) for c in changes] == [("iss-auth", "unknown")]
    assert board.statuses["iss-auth"].detail == "monitoring stopped"
