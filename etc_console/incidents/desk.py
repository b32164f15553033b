"""One object through which an interactive front end reads and changes incidents and runs.

Reads open a short session; writes go through the database writer and return its
Future, so a GUI can wait for the result without blocking its thread. `clock` decides
"now" for every clock and record, so tests and the trainer can set it.
"""

import uuid
from collections.abc import Callable
from concurrent.futures import Future
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from etc_console.catalog import Catalog
from etc_console.incidents.clocks import Clock, incident_clocks, strictest_class
from etc_console.incidents.contract import ContractSettings
from etc_console.incidents.fines import FineSummary, fine_summary
from etc_console.incidents.model import Incident, IncidentDraft
from etc_console.incidents.report_data import IncidentReport, gather_report
from etc_console.incidents.service import create_incident, list_incidents, load_incident, update_incident
from etc_console.incidents.timeline import TimelineEntry, load_timeline
from etc_console.runbooks import runner
from etc_console.runbooks.checks import ManualCheck, run_check
from etc_console.runbooks.loader import RunbookSet
from etc_console.runbooks.model import Runbook
from etc_console.runbooks.runner import RunView
from etc_console.store.writer import DbWriter
from etc_console.timeutil import utc_now


class IncidentDesk:
    def __init__(
        self, sessions: sessionmaker[Session], writer: DbWriter, *, catalog: Catalog, contract: ContractSettings,
        runbooks: RunbookSet, clock: Callable[[], datetime] = utc_now,
    ):
        self.sessions = sessions
        self.writer = writer
        self.catalog = catalog
        self.contract = contract
        self.runbooks = runbooks
        self.clock = clock

    def incidents(self) -> list[Incident]:
        """Return every incident, newest onset first."""
        with self.sessions() as session:
            return list_incidents(session)

    def clocks(self, incident: Incident, now: datetime | None = None) -> list[Clock]:
        """Return the incident's clocks at `now` (default: the desk's clock); [] for ids not in the catalog."""
        known = {subsystem.id for subsystem in self.catalog.subsystems}
        if not set(incident.subsystems) <= known:
            return []
        return incident_clocks(incident, self.catalog, self.contract, now or self.clock())

    def sla_class_name(self, incident: Incident) -> str:
        try:
            sla = strictest_class(self.catalog, incident.subsystems)
        except KeyError:
            return ""
        return sla.name if sla else ""

    def fines(self, incidents: list[Incident] | None = None) -> FineSummary:
        """Return the month and quarter totals at the desk's current time."""
        now = self.clock()
        incidents = self.incidents() if incidents is None else incidents
        return fine_summary([(incident, self.clocks(incident, now)) for incident in incidents], self.contract)

    def latest_run(self, incident_id: uuid.UUID) -> RunView | None:
        """Return the incident's running run, else its newest run, else None."""
        with self.sessions() as session:
            runs = runner.incident_runs(session, incident_id)
        running = [run for run in runs if run.state == runner.RunState.RUNNING]
        if running:
            return running[0]
        return runs[-1] if runs else None

    def runbook_of(self, run: RunView) -> Runbook | None:
        return self.runbooks.runbooks.get(run.runbook_id)

    def start_run(self, incident_id: uuid.UUID, runbook_id: str, author: str) -> "Future[RunView]":
        runbook = self.runbooks.get(runbook_id)
        now = self.clock()
        return self.writer.submit(lambda session: runner.start_run(session, incident_id, runbook, author=author, now=now))

    def answer(self, run: RunView, step_id: str, answer: str, author: str, note: str | None = None) -> "Future[RunView]":
        runbook, now = self.runbooks.get(run.runbook_id), self.clock()
        return self.writer.submit(lambda session: runner.answer_step(session, run.id, runbook, step_id, answer, author=author, now=now, note=note))

    def record_manual_check(
        self, run: RunView, step_id: str, text: str, passed: bool | None, author: str, *, recovery: bool = False,
    ) -> "Future[RunView]":
        """Record check output the engineer entered; the engineer's name is the confirmation of a command check."""
        runbook, now = self.runbooks.get(run.runbook_id), self.clock()
        step = runbook.get_step(step_id)
        spec = step.recovery_check if recovery else step.check
        output = run_check(ManualCheck(text, passed), spec, confirmed_by=author) if spec is not None else None

        def record(session: Session) -> RunView:
            if output is None:
                raise runner.RunnerError("no_check", f"step '{step_id}' has no {'recovery check' if recovery else 'check'}")
            return runner.record_check(session, run.id, runbook, step_id, output, author=author, now=now, confirmed_by=author, recovery=recovery)

        return self.writer.submit(record)

    def run_and_record_check(
        self, run: RunView, step_id: str, executor, author: str, *, recovery: bool = False,
    ) -> RunView:
        """Run a step's check with `executor` and record its output; return the updated run.

        The check runs in the calling thread (it may take seconds: call it off the GUI
        thread), then the record is written through the writer and waited for.
        """
        runbook, now = self.runbooks.get(run.runbook_id), self.clock()
        step = runbook.get_step(step_id)
        spec = step.recovery_check if recovery else step.check
        if spec is None:
            raise runner.RunnerError("no_check", f"step '{step_id}' has no {'recovery check' if recovery else 'check'}")
        output = run_check(executor, spec, confirmed_by=author)

        def record(session: Session) -> RunView:
            return runner.record_check(session, run.id, runbook, step_id, output, author=author, now=now, confirmed_by=author, recovery=recovery)

        return self.writer.submit(record).result(timeout=30)

    def skip(self, run: RunView, step_id: str, reason: str, author: str, answer: str | None = None) -> "Future[RunView]":
        runbook, now = self.runbooks.get(run.runbook_id), self.clock()
        return self.writer.submit(lambda session: runner.skip_step(session, run.id, runbook, step_id, reason, author=author, now=now, answer=answer))

    # ------------------------------------------------------------------ editing by hand

    def incident(self, incident_id: uuid.UUID) -> Incident:
        """Return the incident as stored now; raise LookupError when it does not exist."""
        with self.sessions() as session:
            return load_incident(session, incident_id)

    def timeline(self, incident_id: uuid.UUID) -> list[TimelineEntry]:
        """Return the incident's timeline entries in the order they were written."""
        with self.sessions() as session:
            return load_timeline(session, incident_id)

    def create_incident(self, draft: IncidentDraft, author: str) -> "Future[Incident]":
        """Store a new incident on the writer; the Future raises IncidentError for an invalid draft."""
        now = self.clock()
        return self.writer.submit(lambda session: create_incident(session, draft, author=author, now=now, catalog=self.catalog))

    def update_incident(
        self, incident_id: uuid.UUID, changes: dict[str, object], author: str, reason: str | None = None,
    ) -> "Future[Incident]":
        """Change fields on the writer; correcting a time that is already set needs `reason`."""
        now = self.clock()
        return self.writer.submit(lambda session: update_incident(
            session, incident_id, changes, author=author, now=now, catalog=self.catalog, reason=reason,
        ))

    def gather_report(self, incident_id: uuid.UUID) -> IncidentReport:
        """Return the content of the incident's handling and analysis report at the desk's time.

        It reads several tables, so call it from a worker thread, not the GUI thread.
        """
        now = self.clock()
        with self.sessions() as session:
            return gather_report(session, incident_id, catalog=self.catalog, contract=self.contract, runbooks=self.runbooks, now=now)
