"""Patrol operations for the GUI: every write is one operation on the database writer.

Each write method queues one transaction on the DbWriter and returns its Future, so
an answer is committed as soon as it is entered and the caller never blocks on the
disk. Reads open a short session of their own.
"""

import logging
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from etc_console.config.resolve import ProbeSpec
from etc_console.patrol import records
from etc_console.patrol.attachments import store_file
from etc_console.patrol.calendar import CalendarDay, patrol_calendar
from etc_console.patrol.prefill import DEFAULT_MAX_AGE, build_prefills, evidence_from_history, evidence_from_statuses, item_subsystem
from etc_console.patrol.refresh import refresh_checks
from etc_console.patrol.template import Shift, Template
from etc_console.patrol.values import AnswerInput
from etc_console.patrol.view import PatrolView, load_patrol
from etc_console.store.writer import DbWriter
from etc_console.timeutil import utc_now

log = logging.getLogger(__name__)


class PatrolService:
    """Start, fill, submit, amend and review patrols through one database writer."""

    def __init__(self, sessions: sessionmaker[Session], writer: DbWriter, data_dir: Path, clock: Callable[[], datetime] = utc_now):
        self._sessions = sessions
        self._writer = writer
        self._data_dir = Path(data_dir)
        self._clock = clock

    # ------------------------------------------------------------------ reads

    def load(self, patrol_id: uuid.UUID) -> PatrolView:
        with self._sessions() as session:
            return load_patrol(session, patrol_id)

    def find(self, template_id: str, patrol_date: date, shift: Shift | str) -> PatrolView | None:
        """Return the patrol of a template, date and shift, or None."""
        with self._sessions() as session:
            row = records.find_patrol(session, template_id, patrol_date, shift)
            return None if row is None else load_patrol(session, row.id)

    def submit_problems(self, patrol_id: uuid.UUID, confirm_prefilled: bool = False) -> list[records.SubmitProblem]:
        """Return what blocks the submission of a draft; empty when it can be submitted."""
        with self._sessions() as session:
            return records.submit_problems(session, records.get_patrol(session, patrol_id), confirm_prefilled)

    def calendar(self, templates: Iterable[Template], start: date, end: date, deadlines: Mapping | None = None) -> list[CalendarDay]:
        with self._sessions() as session:
            return patrol_calendar(session, templates, start, end, self._clock(), deadlines=deadlines)

    # ------------------------------------------------------------------ writes

    def start(self, template: Template, patrol_date: date, shift: Shift | str, engineer: str, reviewer: str | None = None) -> "Future[uuid.UUID]":
        """Start a draft, or find the existing patrol of that date and shift; the Future yields its id."""
        now = self._clock()

        def operation(session: Session) -> uuid.UUID:
            return records.start_patrol(session, template, patrol_date, shift, engineer, now, reviewer).id

        return self._writer.submit(operation)

    def save_answer(self, patrol_id: uuid.UUID, item_id: str, entry: AnswerInput, by: str) -> "Future[None]":
        now = self._clock()
        return self._writer.submit(lambda session: _none(records.save_answer(session, patrol_id, item_id, entry, by, now)))

    def confirm_prefill(self, patrol_id: uuid.UUID, item_id: str, by: str) -> "Future[None]":
        now = self._clock()
        return self._writer.submit(lambda session: _none(records.confirm_prefill(session, patrol_id, item_id, by, now)))

    def prefill_from_history(self, patrol_id: uuid.UUID, by: str, max_age: timedelta = DEFAULT_MAX_AGE) -> "Future[int]":
        """Pre-fill a draft from the stored probe results; the Future yields the answers written."""
        now = self._clock()

        def operation(session: Session) -> int:
            template = records.patrol_template(session, records.get_patrol(session, patrol_id))
            subsystems = {item_subsystem(item) for item in template.items if item.probe is not None}
            prefills = build_prefills(template, evidence_from_history(session, subsystems), now, max_age)
            return records.apply_prefills(session, patrol_id, prefills, by, now)

        return self._writer.submit(operation)

    def prefill_from_statuses(self, patrol_id: uuid.UUID, statuses: Mapping, by: str, max_age: timedelta = DEFAULT_MAX_AGE) -> "Future[int]":
        """Pre-fill a draft from the live monitor's snapshot (Monitor.snapshot())."""
        now = self._clock()
        evidence = evidence_from_statuses(statuses)

        def operation(session: Session) -> int:
            template = records.patrol_template(session, records.get_patrol(session, patrol_id))
            return records.apply_prefills(session, patrol_id, build_prefills(template, evidence, now, max_age), by, now)

        return self._writer.submit(operation)

    def refresh_checks(self, patrol_id: uuid.UUID, specs: Sequence[ProbeSpec], by: str, secrets=None) -> int:
        """Run the probes that answer the patrol's items now and pre-fill from them.

        Blocks while the probes run; call it off the GUI thread. Returns the number
        of answers written.
        """
        template = self.load(patrol_id).template
        prefills = refresh_checks(template, specs, secrets=secrets, now=self._clock())
        now = self._clock()
        return self._writer.submit(lambda session: records.apply_prefills(session, patrol_id, prefills, by, now)).result()

    def submit(self, patrol_id: uuid.UUID, by: str, confirm_prefilled: bool = False) -> "Future[None]":
        """Lock the patrol; the Future raises PatrolIncompleteError listing what blocks it."""
        now = self._clock()
        return self._writer.submit(lambda session: _none(records.submit_patrol(session, patrol_id, by, now, confirm_prefilled)))

    def amend(self, patrol_id: uuid.UUID, item_id: str, entry: AnswerInput, reason: str, by: str) -> "Future[None]":
        now = self._clock()
        return self._writer.submit(lambda session: _none(records.amend_answer(session, patrol_id, item_id, entry, reason, by, now)))

    def review(self, patrol_id: uuid.UUID, reviewer: str) -> "Future[None]":
        now = self._clock()
        return self._writer.submit(lambda session: _none(records.review_patrol(session, patrol_id, reviewer, now)))

    def attach(self, patrol_id: uuid.UUID, item_id: str, path: Path, by: str) -> "Future[None]":
        """Copy a file into the data dir (on the calling thread), then link it to the item."""
        stored = store_file(self._data_dir, path)
        now = self._clock()
        return self._writer.submit(lambda session: _none(records.add_attachment(session, patrol_id, item_id, stored, by, now)))

    def discard(self, patrol_id: uuid.UUID) -> "Future[None]":
        now = self._clock()
        return self._writer.submit(lambda session: records.discard_patrol(session, patrol_id, now))


def _none(_value: object) -> None:
    # Rows must not leave the writer's session; callers reload what they need.
    return None
