"""The runbook runner: branching, checks, skips, the end, and resuming after a kill."""

import os
import signal
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest

from etc_console.incidents.models import RunbookRunRow
from etc_console.incidents.timeline import EntryKind, load_timeline
from etc_console.runbooks import runner
from etc_console.runbooks.checks import CheckNotConfirmedError, CheckOutput, ManualCheck, run_check
from etc_console.runbooks.model import CONTINUE, NO, YES
from etc_console.runbooks.runner import RunnerError, RunState, StepAction
from etc_console.store.db import open_database
from incident_helpers import create

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def started(database, catalog, runbooks, clock):
    runbook = runbooks.get("database")
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now, subsystems=("stl-clearing",))
        run = runner.start_run(session, incident.id, runbook, author="张工", now=clock.now)
    return incident, runbook, run


def answer(database, run, runbook, step_id, reply, clock, **extra):
    clock.advance(minutes=1)
    with database.sessions.begin() as session:
        return runner.answer_step(session, run.id, runbook, step_id, reply, author="张工", now=clock.now, **extra)


def test_start_at_start_step(started):
    incident, runbook, run = started
    assert run.current_step == runbook.start
    assert run.state == RunState.RUNNING
    assert [record.action for record in run.records] == [StepAction.START]


def test_choice_branch_followed(database, started, clock):
    _, runbook, run = started
    run = answer(database, run, runbook, "notify", CONTINUE, clock)
    assert run.current_step == "which"
    run = answer(database, run, runbook, "which", "archive", clock)
    assert run.current_step == "archive"
    run = answer(database, run, runbook, "archive", NO, clock)
    assert run.current_step == "archive-backup"
    run = answer(database, run, runbook, "archive-backup", CONTINUE, clock)
    assert run.current_step == "archive-clean"


def test_yes_no_branches_differ(database, started, clock):
    _, runbook, run = started
    answer(database, run, runbook, "notify", CONTINUE, clock)
    answer(database, run, runbook, "which", "tablespace", clock)
    run = answer(database, run, runbook, "tablespace", YES, clock)
    assert run.current_step == "tablespace-extend"


def test_walk_to_end_finishes_run(database, started, clock):
    incident, runbook, run = started
    for step_id, reply in [("notify", CONTINUE), ("which", "replication"), ("replication", YES), ("replication-network", CONTINUE), ("verify", YES)]:
        run = answer(database, run, runbook, step_id, reply, clock)
    assert run.current_step == "close"
    run = answer(database, run, runbook, "close", CONTINUE, clock)
    assert run.state == RunState.FINISHED
    assert run.current_step is None
    assert run.ended_at == clock.now
    with database.sessions() as session:
        kinds = [entry.kind for entry in load_timeline(session, incident.id)]
        assert runner.active_run(session, incident.id) is None
    assert kinds[-1] == EntryKind.RUNBOOK_ENDED
    assert kinds.count(EntryKind.STEP_ANSWERED) == 6


def test_answer_to_other_step_rejected(database, started, clock):
    _, runbook, run = started
    with pytest.raises(RunnerError) as caught:
        answer(database, run, runbook, "which", "archive", clock)
    assert caught.value.code == "not_current"


def test_unknown_answer_rejected(database, started, clock):
    _, runbook, run = started
    answer(database, run, runbook, "notify", CONTINUE, clock)
    with pytest.raises(RunnerError) as caught:
        answer(database, run, runbook, "which", YES, clock)
    assert caught.value.code == "invalid_answer"
    assert "instance-down" in str(caught.value)


def test_answer_stamped_with_name_and_note(database, started, clock):
    incident, runbook, run = started
    answer(database, run, runbook, "notify", CONTINUE, clock, note="已电话报告王主任")
    with database.sessions() as session:
        entry = load_timeline(session, incident.id)[-1]
    assert entry.kind == EntryKind.STEP_ANSWERED
    assert entry.author == "张工"
    assert entry.at == clock.now
    assert entry.run_id == run.id
    assert entry.step_id == "notify"
    assert entry.new_value == "记录并报告：已完成"
    assert entry.output == "已电话报告王主任"


def test_check_output_recorded(database, started, clock):
    incident, runbook, run = started
    answer(database, run, runbook, "notify", CONTINUE, clock)
    output = run_check(ManualCheck("ORACLE instance ETCDB: OPEN"), runbook.get_step("which").check, confirmed_by="张工")
    with database.sessions.begin() as session:
        run = runner.record_check(session, run.id, runbook, "which", output, author="张工", now=clock.now, confirmed_by="张工")
        entry = load_timeline(session, incident.id)[-1]
    record = run.records[-1]
    assert run.current_step == "which"
    assert record.action == StepAction.CHECK
    assert record.check_kind == "command"
    assert record.check_target == "db-instance-status"
    assert record.confirmed_by == "张工"
    assert record.output == "（人工录入）ORACLE instance ETCDB: OPEN"
    assert entry.kind == EntryKind.STEP_CHECKED
    assert entry.output == record.output


def test_command_check_needs_confirmation(runbooks):
    spec = runbooks.get("database").get_step("which").check
    with pytest.raises(CheckNotConfirmedError):
        run_check(ManualCheck("x"), spec, confirmed_by=None)


def test_failing_executor_recorded_as_failed():
    class Broken:
        def run(self, spec):
            raise TimeoutError("ssh timed out after 10 s")

    from etc_console.runbooks.model import CheckSpec

    output = run_check(Broken(), CheckSpec(probe="iss-auth/健康检查"), confirmed_by=None)
    assert output.passed is False
    assert "timed out" in output.text


def test_step_without_check_rejects_check(database, started, clock):
    _, runbook, run = started
    with database.sessions.begin() as session, pytest.raises(RunnerError) as caught:
        runner.record_check(session, run.id, runbook, "notify", CheckOutput("x"), author="张工", now=clock.now)
    assert caught.value.code == "no_check"


def test_recovery_check_recorded(database, started, clock):
    _, runbook, run = started
    for step_id, reply in [("notify", CONTINUE), ("which", "replication"), ("replication", YES), ("replication-network", CONTINUE)]:
        run = answer(database, run, runbook, step_id, reply, clock)
    with database.sessions.begin() as session:
        run = runner.record_check(session, run.id, runbook, "verify", CheckOutput("OPEN READ WRITE", True), author="张工", now=clock.now, recovery=True)
    assert run.records[-1].action == StepAction.RECOVERY_CHECK
    assert run.records[-1].answer == "通过"


def test_skip_needs_reason(database, started, clock):
    _, runbook, run = started
    with database.sessions.begin() as session, pytest.raises(RunnerError) as caught:
        runner.skip_step(session, run.id, runbook, "notify", "  ", author="张工", now=clock.now)
    assert caught.value.code == "reason_missing"


def test_skip_action_step_moves_on(database, started, clock):
    incident, runbook, run = started
    with database.sessions.begin() as session:
        run = runner.skip_step(session, run.id, runbook, "notify", "甲方值班已在现场", author="张工", now=clock.now)
        entry = load_timeline(session, incident.id)[-1]
    assert run.current_step == "which"
    assert run.records[-1].action == StepAction.SKIP
    assert run.records[-1].reason == "甲方值班已在现场"
    assert entry.kind == EntryKind.STEP_SKIPPED
    assert entry.reason == "甲方值班已在现场"


def test_skip_question_needs_branch(database, started, clock):
    _, runbook, run = started
    answer(database, run, runbook, "notify", CONTINUE, clock)
    with database.sessions.begin() as session, pytest.raises(RunnerError) as caught:
        runner.skip_step(session, run.id, runbook, "which", "已知是归档满", author="张工", now=clock.now)
    assert caught.value.code == "invalid_answer"
    with database.sessions.begin() as session:
        run = runner.skip_step(session, run.id, runbook, "which", "已知是归档满", author="张工", now=clock.now, answer="archive")
    assert run.current_step == "archive"


def test_second_run_rejected_while_running(database, started, runbooks, clock):
    incident, _, run = started
    with database.sessions.begin() as session, pytest.raises(RunnerError) as caught:
        runner.start_run(session, incident.id, runbooks.get("server-storage"), author="张工", now=clock.now)
    assert caught.value.code == "already_running"
    with database.sessions.begin() as session:
        abandoned = runner.abandon_run(session, run.id, "改用服务器预案", author="张工", now=clock.now)
        other = runner.start_run(session, incident.id, runbooks.get("server-storage"), author="张工", now=clock.now)
    assert abandoned.state == RunState.ABANDONED
    assert other.state == RunState.RUNNING


def test_unknown_incident_rejected(database, runbooks, clock):
    with database.sessions.begin() as session, pytest.raises(RunnerError) as caught:
        runner.start_run(session, uuid.uuid4(), runbooks.get("database"), author="张工", now=clock.now)
    assert caught.value.code == "not_found"


def test_changed_runbook_detected(started):
    _, runbook, run = started
    edited = runbook.model_copy(update={"digest": "0" * 64})
    assert not run.runbook_changed(runbook)
    assert run.runbook_changed(edited)


def test_resume_after_sigkill(tmp_path, runbooks):
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), os.environ.get("PYTHONPATH", "")])}
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("resume_child.py")), str(tmp_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
    )
    try:
        line = child.stdout.readline()
        assert line.startswith("READY"), child.stderr.read() if child.poll() is not None else line
        incident_id, run_id = (uuid.UUID(part) for part in line.split()[1:])
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=30)
        child.stdin.close()
        child.stdout.close()
        child.stderr.close()

    runbook = runbooks.get("issuance-outage")
    database = open_database(tmp_path)
    try:
        with database.sessions() as session:
            run = runner.active_run(session, incident_id)
            entries = load_timeline(session, incident_id)
        assert run.id == run_id
        assert run.current_step == "lb-nodes"
        assert [record.action for record in run.records] == [StepAction.START, StepAction.ANSWER, StepAction.CHECK, StepAction.ANSWER]
        assert run.records[2].output == "HTTP 503 Service Unavailable"
        assert run.records[3].output == "三个地市均失败"
        assert [entry.kind for entry in entries] == [
            EntryKind.CREATED, EntryKind.RUNBOOK_STARTED, EntryKind.STEP_ANSWERED, EntryKind.STEP_CHECKED, EntryKind.STEP_ANSWERED,
        ]
        assert all(entry.author == "张工" for entry in entries)

        later = run.records[-1].at + timedelta(minutes=5)
        with database.sessions.begin() as session:
            run = runner.answer_step(session, run.id, runbook, "lb-nodes", YES, author="李工", now=later)
        assert run.current_step == "node-restart"
        assert len(run.records) == 5
    finally:
        database.close()


@pytest.mark.parametrize(("operation", "field"), [("answer", "note"), ("skip", "reason"), ("abandon", "reason"), ("author", "author")])
def test_control_character_rejected(database, started, clock, operation, field):
    incident, runbook, run = started
    bad = "已通知\x00银行"
    clock.advance(minutes=1)
    with database.sessions.begin() as session:
        before = len(load_timeline(session, incident.id))
        with pytest.raises(RunnerError) as caught:
            if operation == "answer":
                runner.answer_step(session, run.id, runbook, "notify", CONTINUE, author="张工", now=clock.now, note=bad)
            elif operation == "skip":
                runner.skip_step(session, run.id, runbook, "notify", bad, author="张工", now=clock.now)
            elif operation == "abandon":
                runner.abandon_run(session, run.id, bad, author="张工", now=clock.now)
            else:
                runner.answer_step(session, run.id, runbook, "notify", CONTINUE, author=bad, now=clock.now)
        after = runner.load_run(session, run.id)
        assert len(load_timeline(session, incident.id)) == before
    error = caught.value
    assert (error.code, error.field) == ("control_character", field)
    assert (error.forbidden.code_point, error.forbidden.position) == ("U+0000", 4)
    assert (after.current_step, after.state, len(after.records)) == (run.current_step, RunState.RUNNING, 1)


def test_step_after_start_without_start_record(database, catalog, runbooks, clock):
    """A console that pulled the run but not yet its start record numbers its answer after the start."""
    runbook = runbooks.get("database")
    with database.sessions.begin() as session:
        incident = create(session, catalog, clock.now, subsystems=("stl-clearing",))
        pulled = RunbookRunRow(
            id=uuid.uuid4(), incident_id=incident.id, runbook_id=runbook.id, runbook_title=runbook.title,
            runbook_digest=runbook.digest, state=RunState.RUNNING.value, current_step=runbook.start, started_by="李工",
            started_at=clock.now, device_id="other-console", revision=1, updated_at=clock.now, deleted=False,
        )
        session.add(pulled)
    run = answer(database, runner.RunView(pulled.id, incident.id, runbook.id, runbook.title, runbook.digest, RunState.RUNNING,
                                          runbook.start, "李工", clock.now, None, ()), runbook, runbook.start, CONTINUE, clock)
    assert [(record.seq, record.action) for record in run.records] == [(2, StepAction.ANSWER)]
