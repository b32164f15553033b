"""SIGKILL of `etc-console sync` at named crash points and at random moments loses and doubles nothing.

Two consoles run their rounds as child processes at the same time, against one
center. Each child is killed at a crash point of SyncClient (it kills itself), or by
the test a random time after its round started, or left to finish. Between rounds
both consoles add incidents and notes and edit incidents, each console its own field,
so every concurrent edit merges and a conflict would be a fault. At the end clean
rounds run on both and every record is counted on both consoles and the center.
"""

import json
import os
import random
import signal
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from etc_console.incidents import service
from etc_console.incidents.models import IncidentRow, TimelineEntryRow
from etc_console.incidents.timeline import EntryKind
from etc_console.store.db import Database, open_database
from etc_console.store.writer import DbWriter
from tests.incidents.incident_helpers import create
from tests.sync.sync_process import keyring_env, run_sync, start_sync, wait_for_round_start, write_site
from tests.sync.sync_records import center_records, count_by_table, differences, local_records

SEED = int(os.environ.get("SYNC_KILL_SEED", "20261204"))  # set SYNC_KILL_SEED to try other sequences
ROUNDS = 36  # each round starts one child per console
CRASH_POINTS = ("after-push", "after-acknowledge", "before-apply", "after-apply")
CHILD_TIMEOUT = 60.0
START = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)


@dataclass
class KillConsole:
    """A console's data dir and store, and what the test wrote into it."""

    name: str
    field: str  # the incident field only this console edits
    db: Database
    writer: DbWriter
    site: object
    notes: list[str] = field(default_factory=list)
    last_value: dict = field(default_factory=dict)  # incident id -> last value this console set

    def write(self, operation):
        return self.writer.submit(operation).result()

    def incident_ids(self) -> list:
        with self.db.sessions() as session:
            return sorted(session.scalars(select(IncidentRow.id)), key=str)


@dataclass
class Tally:
    rounds: int = 0
    children: int = 0
    crash_point_kills: int = 0
    random_kills: int = 0
    finished: int = 0
    outcomes: dict = field(default_factory=dict)

    @property
    def kills(self) -> int:
        return self.crash_point_kills + self.random_kills


def edit(console: KillConsole, catalog, rng: random.Random, clock: datetime, step: int) -> None:
    """Add an incident now and then, a note, and an edit of this console's field."""
    if rng.random() < 0.5 or not console.incident_ids():
        console.write(lambda s: create(s, catalog, clock))
    incidents = console.incident_ids()
    target = rng.choice(incidents)
    text = f"{console.name} note {step}"
    console.write(lambda s: service.add_note(s, target, text, author="张工", now=clock))
    console.notes.append(text)
    target = rng.choice(incidents)
    value = f"{console.name} {console.field} {step}"
    console.write(lambda s: service.update_incident(s, target, {console.field: value}, author="张工", now=clock, catalog=catalog))
    console.last_value[target] = value


def finish(process: subprocess.Popen, tally: Tally, how: str, deadline: float) -> None:
    """Wait for a child until `deadline` while reading its output, kill it then, and count what happened.

    The output is read all the while, since a child whose stderr pipe is full blocks
    at its next log line.
    """
    try:
        stdout, stderr = process.communicate(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate(timeout=CHILD_TIMEOUT)
    if process.returncode == -signal.SIGKILL:
        assert how != "none", f"a sync child meant to finish was still running after {CHILD_TIMEOUT} s:\n{stderr[-4000:]}"
        if how == "crash point":
            tally.crash_point_kills += 1
        else:
            tally.random_kills += 1
        return
    assert process.returncode == 0, f"sync child failed with exit status {process.returncode}:\n{stdout}\n{stderr[-4000:]}"
    tally.finished += 1
    for outcome, count in json.loads(stdout)["outcomes"].items():
        tally.outcomes[outcome] = tally.outcomes.get(outcome, 0) + count


def run_round(consoles, env, rng: random.Random, tally: Tally, round_seconds: float) -> None:
    """Start one child per console, then kill each at its crash point, at a random moment, or not at all."""
    plans = []
    for console in consoles:
        choice = rng.random()
        crash_at = None
        how = "none"
        if choice < 0.35:
            crash_at = rng.choice(CRASH_POINTS)
            how = "crash point"
        elif choice < 0.92:
            how = "random"
        process = start_sync(console["data_dir"], console["site"], env, crash_at)
        plans.append((process, how))
    started = time.monotonic()
    deadlines = []
    for process, how in plans:
        wait_for_round_start(process)
        delay = rng.uniform(0, round_seconds) if how == "random" else CHILD_TIMEOUT
        deadlines.append((started + delay, process, how))
    for deadline, process, how in sorted(deadlines, key=lambda entry: entry[0]):
        finish(process, tally, how, deadline)
        tally.children += 1
    tally.rounds += 1


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_kills_lose_nothing(center, catalog, tmp_path, record_property):
    rng = random.Random(SEED)
    env = keyring_env(tmp_path, center.settings, center.password)
    consoles: list[KillConsole] = []
    children = []
    for name, edited in (("laptop", "cause"), ("workstation", "handler")):
        data_dir = tmp_path / name
        data_dir.mkdir()
        db = open_database(data_dir)
        site = write_site(tmp_path / f"{name}.toml", center.settings, name)
        consoles.append(KillConsole(name, edited, db, DbWriter(db.sessions, name=f"db-writer-{name}"), site))
        children.append({"data_dir": data_dir, "site": site})
    tally = Tally()
    try:
        clock = START
        round_seconds = 0.0
        for console, child in zip(consoles, children):
            edit(console, catalog, rng, clock, 0)
            began = time.monotonic()
            result = run_sync(child["data_dir"], child["site"], env)
            round_seconds = max(round_seconds, time.monotonic() - began)
            assert result.returncode == 0, result.stderr

        for step in range(1, ROUNDS + 1):
            clock += timedelta(minutes=3)
            for console in consoles:
                edit(console, catalog, rng, clock, step)
            run_round(children, env, rng, tally, round_seconds)

        for child in children + children[:1]:
            result = run_sync(child["data_dir"], child["site"], env, "--json")
            assert result.returncode == 0, result.stderr
            assert json.loads(result.stdout)["pending"] == 0
        check_records(consoles, center, tally, record_property)
    finally:
        for console in consoles:
            console.writer.close()
            console.db.close()


def check_records(consoles: list[KillConsole], center, tally: Tally, record_property) -> None:
    on_center = center_records(center)
    for console in consoles:
        assert differences(local_records(console.db), on_center) == [], console.name
    conflicts = [data for (table, _record), (_revision, data) in on_center.items() if table == "sync_conflict"]
    assert conflicts == [], "edits of different fields must merge, never conflict:\n" + version_history(center, conflicts)

    for console in consoles:
        with console.db.sessions() as session:
            notes = list(session.scalars(select(TimelineEntryRow.new_value).where(TimelineEntryRow.kind == EntryKind.NOTE.value)))
            rows = {row.id: row for row in session.scalars(select(IncidentRow))}
        written = [note for other in consoles for note in other.notes]
        assert sorted(notes) == sorted(written), f"{console.name}: notes lost or doubled"
        for other in consoles:
            for incident_id, value in other.last_value.items():
                assert getattr(rows[incident_id], other.field) == value, f"{console.name}: {other.name}'s last edit lost"

    summary = (f"{tally.rounds} rounds, {tally.children} sync children: {tally.crash_point_kills} killed at crash points, "
               f"{tally.random_kills} at random moments, {tally.finished} finished {tally.outcomes}; "
               f"records on each side {count_by_table(on_center)}")
    record_property("kill_summary", summary)
    print(summary)
    assert tally.kills >= 50, summary


def version_history(center, conflicts: list[dict]) -> str:
    """Return every version the center received of the conflicting records, for the failure message."""
    lines = []
    for conflict in conflicts:
        lines.append(f"conflict on {conflict['record_id']}: fields {conflict['fields']}, base {conflict['base_revision']}, "
                     f"kept {conflict['kept_revision']} of {conflict['kept_device_name']}, "
                     f"other {conflict['other_revision']} of {conflict['other_device_name']}")
        rows = center.query(
            "SELECT v.id, v.revision, v.base_revision, d.name, v.origin_revision, v.outcome, "
            "v.incoming->>'cause', v.incoming->>'handler', v.result->>'cause', v.result->>'handler' "
            "FROM sync_version v JOIN sync_device d ON d.device_id = v.origin_device "
            "WHERE v.record_id = %s ORDER BY v.id", conflict["record_id"])
        lines += [f"  {row}" for row in rows]
    return "\n".join(lines)
