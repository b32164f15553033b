"""Walk an incident through a runbook one step at a time, keeping the state in the store.

Every operation takes a Session (run it on the database writer) and the step id the
engineer sees, so an answer meant for a step that is no longer current is rejected.
Each answer, check, skip, start and end is written twice: to the run's append-only
step log, which drives the resume, and to the incident's timeline, which the report
shows. A run left mid-way (the console closed or killed) resumes at `current_step`.

Step-log records are ordered by `seq` like timeline entries (see
etc_console.incidents.timeline): one above the highest the console holds for the run,
and 1 only for the start record. No time is compared with `now`, so a run started on
a console whose clock differs can be continued on this one.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from etc_console.incidents.models import IncidentRow, RunbookRunRow, StepLogRow
from etc_console.incidents.timeline import EntryKind, append_entry
from etc_console.runbooks.checks import CheckOutput, clip_output, storable
from etc_console.runbooks.model import CONTINUE, CheckSpec, Runbook, Step, StepKind
from etc_console.store.syncable import device_id
from etc_console.textcheck import ForbiddenCharacter, find_forbidden_character

log = logging.getLogger(__name__)


class RunState(StrEnum):
    RUNNING = "running"
    FINISHED = "finished"
    ABANDONED = "abandoned"


RUN_STATE_LABELS = {RunState.RUNNING: "执行中", RunState.FINISHED: "已完成", RunState.ABANDONED: "已中止"}


class StepAction(StrEnum):
    START = "start"
    ANSWER = "answer"
    CHECK = "check"
    RECOVERY_CHECK = "recovery_check"
    SKIP = "skip"
    ABANDON = "abandon"


class RunnerError(ValueError):
    """An operation the run cannot take in its current state; `code` names the problem.

    Codes: not_found, not_running, not_current, invalid_answer, no_check, reason_missing,
    author_missing, already_running, step_missing, control_character. For
    control_character, `field` names the text (note or reason) and `forbidden` the
    rejected character.
    """

    def __init__(self, code: str, message: str, field: str | None = None, forbidden: ForbiddenCharacter | None = None):
        super().__init__(message)
        self.code = code
        self.field = field
        self.forbidden = forbidden


def _check_text(field: str, text: str | None) -> None:
    forbidden = find_forbidden_character(text or "")
    if forbidden is not None:
        raise RunnerError("control_character", forbidden.message(field), field, forbidden)


@dataclass(frozen=True)
class StepRecord:
    """A read-only copy of one step-log record."""

    seq: int
    at: datetime
    author: str
    step_id: str
    action: StepAction
    answer: str | None
    check_kind: str | None
    check_target: str | None
    confirmed_by: str | None
    output: str | None
    reason: str | None
    next_step: str | None


@dataclass(frozen=True)
class RunView:
    """A run and its records as stored; `current_step` is None once the run ended."""

    id: uuid.UUID
    incident_id: uuid.UUID
    runbook_id: str
    runbook_title: str
    runbook_digest: str
    state: RunState
    current_step: str | None
    started_by: str
    started_at: datetime
    ended_at: datetime | None
    records: tuple[StepRecord, ...]

    def runbook_changed(self, runbook: Runbook) -> bool:
        """Return True when the runbook file differs from the one the run started with."""
        return runbook.digest != self.runbook_digest


def _author(author: str) -> str:
    if not author or not author.strip():
        raise RunnerError("author_missing", "the engineer's name is missing; every step record names who did it")
    _check_text("author", author)
    return author.strip()


def _get_run(session: Session, run_id: uuid.UUID) -> RunbookRunRow:
    row = session.get(RunbookRunRow, run_id)
    if row is None or row.deleted:
        raise RunnerError("not_found", f"runbook run {run_id} not found")
    return row


def _current(row: RunbookRunRow, runbook: Runbook, step_id: str) -> Step:
    if row.state != RunState.RUNNING:
        raise RunnerError("not_running", f"runbook run {row.id} is {row.state}; start a new run to continue")
    if row.runbook_id != runbook.id:
        raise RunnerError("not_found", f"runbook run {row.id} follows runbook '{row.runbook_id}', not '{runbook.id}'")
    if step_id != row.current_step:
        raise RunnerError("not_current", f"step '{step_id}' is not the current step of run {row.id}; the current step is '{row.current_step}'")
    try:
        return runbook.get_step(step_id)
    except KeyError:
        raise RunnerError("step_missing", f"step '{step_id}' no longer exists in runbook '{runbook.id}' ({runbook.source_file}); abandon the run and start it again") from None


def _log(session: Session, row: RunbookRunRow, *, at: datetime, author: str, step_id: str, action: StepAction, **values) -> None:
    last = session.scalar(select(func.max(StepLogRow.seq)).where(StepLogRow.run_id == row.id))
    floor = 0 if action == StepAction.START else 1
    session.add(StepLogRow(
        run_id=row.id, seq=max(last or 0, floor) + 1, at=at, author=author, step_id=step_id, action=action.value,
        device_id=device_id(session), revision=1, updated_at=at, deleted=False, **values,
    ))
    session.flush()


def _stamp(session: Session, row: RunbookRunRow, *, at: datetime, author: str, kind: EntryKind, step_id: str | None, text: str, **values) -> None:
    append_entry(session, row.incident_id, author=author, at=at, kind=kind, run_id=row.id, step_id=step_id, new_value=text, **values)


def start_run(session: Session, incident_id: uuid.UUID, runbook: Runbook, *, author: str, now: datetime) -> RunView:
    """Start a run of the runbook for the incident at its start step.

    Raise RunnerError when the incident does not exist or already has a running run.
    """
    author = _author(author)
    incident = session.get(IncidentRow, incident_id)
    if incident is None or incident.deleted:
        raise RunnerError("not_found", f"incident {incident_id} not found")
    running = session.scalar(select(RunbookRunRow).where(RunbookRunRow.incident_id == incident_id, RunbookRunRow.state == RunState.RUNNING.value))
    if running is not None:
        raise RunnerError("already_running", f"incident {incident_id} already runs runbook '{running.runbook_id}' (run {running.id}); finish or abandon it first")

    row = RunbookRunRow(
        id=uuid.uuid4(), incident_id=incident_id, runbook_id=runbook.id, runbook_title=runbook.title,
        runbook_digest=runbook.digest, state=RunState.RUNNING.value, current_step=runbook.start,
        started_by=author, started_at=now, device_id=device_id(session), revision=1, updated_at=now, deleted=False,
    )
    session.add(row)
    session.flush()
    _log(session, row, at=now, author=author, step_id=runbook.start, action=StepAction.START, next_step=runbook.start)
    _stamp(session, row, at=now, author=author, kind=EntryKind.RUNBOOK_STARTED, step_id=runbook.start, text=f"{runbook.title}（{runbook.id} 第{runbook.version}版）")
    log.info("runbook %s started for incident %s by %s (run %s)", runbook.id, incident_id, author, row.id)
    return load_run(session, row.id)


def _move(session: Session, row: RunbookRunRow, next_step: str | None, now: datetime) -> None:
    """Advance the run; reaching past an end step finishes it."""
    if next_step is None:
        row.state = RunState.FINISHED.value
        row.current_step = None
        row.ended_at = now
    else:
        row.current_step = next_step
    row.touch(device_id(session), now)


def answer_step(
    session: Session, run_id: uuid.UUID, runbook: Runbook, step_id: str, answer: str, *,
    author: str, now: datetime, note: str | None = None,
) -> RunView:
    """Record the answer to the current step and move to the step it leads to.

    A plain step and an end step take the answer "done"; an end step then finishes the
    run. `note` is kept as the output of the record (what the engineer saw or did).
    """
    author = _author(author)
    _check_text("note", note)
    row = _get_run(session, run_id)
    step = _current(row, runbook, step_id)
    branches = step.branches()
    if step.kind == StepKind.END:
        branches = {CONTINUE: None}
    if answer not in branches:
        raise RunnerError("invalid_answer", f"'{answer}' is not an answer of step '{step.id}'; expected one of {', '.join(branches)}")

    next_step = branches[answer]
    note = clip_output(note.strip()) if note and note.strip() else None
    _log(session, row, at=now, author=author, step_id=step.id, action=StepAction.ANSWER, answer=answer, output=note, next_step=next_step)
    _stamp(session, row, at=now, author=author, kind=EntryKind.STEP_ANSWERED, step_id=step.id, text=f"{step.title}：{step.answer_label(answer)}", output=note)
    _move(session, row, next_step, now)
    if next_step is None:
        _stamp(session, row, at=now, author=author, kind=EntryKind.RUNBOOK_ENDED, step_id=step.id, text=f"{runbook.title}：已完成")
        log.info("runbook run %s finished by %s", row.id, author)
    return load_run(session, row.id)


def record_check(
    session: Session, run_id: uuid.UUID, runbook: Runbook, step_id: str, output: CheckOutput, *,
    author: str, now: datetime, confirmed_by: str | None = None, recovery: bool = False,
) -> RunView:
    """Record the output of the current step's check (or its recovery check); the step stays current."""
    author = _author(author)
    row = _get_run(session, run_id)
    step = _current(row, runbook, step_id)
    spec: CheckSpec | None = step.recovery_check if recovery else step.check
    if spec is None:
        which = "recovery check" if recovery else "check"
        raise RunnerError("no_check", f"step '{step.id}' of runbook '{runbook.id}' has no {which}")

    action = StepAction.RECOVERY_CHECK if recovery else StepAction.CHECK
    # NOTE: the output is what a command or probe printed, or what ManualCheck was given,
    # and is stored with its control characters (terminal colour codes, say).
    verdict = {True: "通过", False: "未通过", None: "待判断"}[output.passed]
    output = CheckOutput(clip_output(output.text), output.passed)
    _log(
        session, row, at=now, author=author, step_id=step.id, action=action, answer=verdict,
        check_kind=spec.kind, check_target=spec.target, confirmed_by=confirmed_by, output=output.text, next_step=step.id,
    )
    label = "恢复确认" if recovery else "检查"
    _stamp(session, row, at=now, author=author, kind=EntryKind.STEP_CHECKED, step_id=step.id, text=f"{step.title}：{label} {spec.target} {verdict}", output=output.text)
    row.touch(device_id(session), now)
    return load_run(session, row.id)


def skip_step(
    session: Session, run_id: uuid.UUID, runbook: Runbook, step_id: str, reason: str, *,
    author: str, now: datetime, answer: str | None = None,
) -> RunView:
    """Skip the current step for a stated reason.

    A plain step moves to its `next`. A question still needs `answer`, the branch to
    follow. An end step cannot be skipped: answer it to finish the run.
    """
    author = _author(author)
    if not reason or not reason.strip():
        raise RunnerError("reason_missing", f"skipping step '{step_id}' needs a reason")
    _check_text("reason", reason)
    row = _get_run(session, run_id)
    step = _current(row, runbook, step_id)
    if step.kind == StepKind.END:
        raise RunnerError("invalid_answer", f"step '{step.id}' is an end step; answer it to finish the run instead of skipping it")
    branches = step.branches()
    answer = answer if step.kind != StepKind.ACTION else CONTINUE
    if answer not in branches:
        raise RunnerError("invalid_answer", f"skipping question '{step.id}' needs the branch to follow; expected one of {', '.join(branches)}")

    next_step = branches[answer]
    reason = storable(reason.strip())
    _log(session, row, at=now, author=author, step_id=step.id, action=StepAction.SKIP, answer=answer, reason=reason, next_step=next_step)
    _stamp(session, row, at=now, author=author, kind=EntryKind.STEP_SKIPPED, step_id=step.id, text=f"{step.title}：跳过（按“{step.answer_label(answer)}”继续）", reason=reason)
    _move(session, row, next_step, now)
    return load_run(session, row.id)


def abandon_run(session: Session, run_id: uuid.UUID, reason: str, *, author: str, now: datetime) -> RunView:
    """Stop a running run for a stated reason; its records stay."""
    author = _author(author)
    if not reason or not reason.strip():
        raise RunnerError("reason_missing", "abandoning a runbook run needs a reason")
    _check_text("reason", reason)
    row = _get_run(session, run_id)
    if row.state != RunState.RUNNING:
        raise RunnerError("not_running", f"runbook run {row.id} is {row.state}")
    step_id = row.current_step
    _log(session, row, at=now, author=author, step_id=step_id, action=StepAction.ABANDON, reason=reason.strip())
    _stamp(session, row, at=now, author=author, kind=EntryKind.RUNBOOK_ENDED, step_id=step_id, text=f"{row.runbook_title}：已中止", reason=reason.strip())
    row.state, row.current_step, row.ended_at = RunState.ABANDONED.value, None, now
    row.touch(device_id(session), now)
    log.info("runbook run %s abandoned by %s at step %s", row.id, author, step_id)
    return load_run(session, row.id)


def _record(row: StepLogRow) -> StepRecord:
    return StepRecord(
        seq=row.seq, at=row.at, author=row.author, step_id=row.step_id, action=StepAction(row.action), answer=row.answer,
        check_kind=row.check_kind, check_target=row.check_target, confirmed_by=row.confirmed_by, output=row.output,
        reason=row.reason, next_step=row.next_step,
    )


def _view(session: Session, row: RunbookRunRow) -> RunView:
    records = session.scalars(select(StepLogRow).where(StepLogRow.run_id == row.id).order_by(StepLogRow.seq, StepLogRow.at, StepLogRow.id))
    return RunView(
        id=row.id, incident_id=row.incident_id, runbook_id=row.runbook_id, runbook_title=row.runbook_title,
        runbook_digest=row.runbook_digest, state=RunState(row.state), current_step=row.current_step,
        started_by=row.started_by, started_at=row.started_at, ended_at=row.ended_at,
        records=tuple(_record(record) for record in records),
    )


def load_run(session: Session, run_id: uuid.UUID) -> RunView:
    """Return the run with its records; raise RunnerError("not_found") when it does not exist."""
    return _view(session, _get_run(session, run_id))


def incident_runs(session: Session, incident_id: uuid.UUID) -> list[RunView]:
    """Return the incident's runs, oldest first."""
    rows = session.scalars(
        select(RunbookRunRow).where(RunbookRunRow.incident_id == incident_id, RunbookRunRow.deleted.is_(False)).order_by(RunbookRunRow.started_at)
    )
    return [_view(session, row) for row in rows]


def active_run(session: Session, incident_id: uuid.UUID) -> RunView | None:
    """Return the incident's running run, the one to resume, or None."""
    for run in incident_runs(session, incident_id):
        if run.state == RunState.RUNNING:
            return run
    return None
