"""Collect what the handling and analysis report (处理分析报告) of one incident shows."""

import uuid
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.orm import Session

from etc_console.catalog import Catalog, SlaClass
from etc_console.incidents.clocks import Clock, incident_clocks, strictest_class
from etc_console.incidents.contract import ContractSettings
from etc_console.incidents.model import Incident
from etc_console.incidents.service import load_incident
from etc_console.incidents.timeline import TimelineEntry, load_timeline
from etc_console.runbooks.loader import RunbookSet
from etc_console.runbooks.model import Step
from etc_console.runbooks.runner import RunView, incident_runs


@dataclass(frozen=True)
class StepTitles:
    """Steps of one run's runbook, from the loaded file when it still has them; else ids show."""

    steps: dict[str, Step]

    def title(self, step_id: str) -> str:
        step = self.steps.get(step_id)
        return step.title if step else step_id

    def answer_label(self, step_id: str, answer: str) -> str:
        step = self.steps.get(step_id)
        return step.answer_label(answer) if step else answer


@dataclass(frozen=True)
class IncidentReport:
    incident: Incident
    subsystem_names: list[str]
    sla_class: SlaClass | None
    clocks: list[Clock]
    timeline: list[TimelineEntry]
    runs: list[tuple[RunView, StepTitles]]
    contract: ContractSettings
    generated_at: datetime

    @property
    def subsystem_names_by_id(self) -> dict[str, str]:
        return dict(zip(self.incident.subsystems, self.subsystem_names, strict=True))

    @property
    def charged_yuan(self) -> int:
        return sum(clock.charged_yuan for clock in self.clocks)

    @property
    def at_risk_yuan(self) -> int:
        return sum(clock.at_risk_yuan for clock in self.clocks)


def _titles(run: RunView, runbooks: RunbookSet | None) -> StepTitles:
    if runbooks is None or run.runbook_id not in runbooks.runbooks:
        return StepTitles({})
    return StepTitles({step.id: step for step in runbooks.get(run.runbook_id).step})


def _subsystem_name(catalog: Catalog, subsystem_id: str) -> str:
    try:
        return catalog.subsystem(subsystem_id).name
    except KeyError:
        return subsystem_id


def gather_report(
    session: Session, incident_id: uuid.UUID, *, catalog: Catalog, contract: ContractSettings,
    runbooks: RunbookSet | None, now: datetime,
) -> IncidentReport:
    """Return the report's content for the incident as it stands at `now`; raise LookupError when it does not exist.

    A subsystem id no longer in the catalog is shown by its id and sets no clock.
    """
    incident = load_incident(session, incident_id)
    known = [sid for sid in incident.subsystems if any(s.id == sid for s in catalog.subsystems)]
    return IncidentReport(
        incident=incident,
        subsystem_names=[_subsystem_name(catalog, sid) for sid in incident.subsystems],
        sla_class=strictest_class(catalog, known) if known else None,
        clocks=incident_clocks(replace(incident, subsystems=tuple(known)), catalog, contract, now) if known else [],
        timeline=load_timeline(session, incident.id),
        runs=[(run, _titles(run, runbooks)) for run in incident_runs(session, incident.id)],
        contract=contract,
        generated_at=now,
    )
