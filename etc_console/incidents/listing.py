"""The incident list as the JSON document `etc-console incidents --json` prints.

Times are ISO 8601 UTC with a Z suffix; period bounds of the fine summary carry the
display zone's offset (+08:00). docs/incidents.md describes every key.
"""

from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import Session

from etc_console.catalog import Catalog
from etc_console.incidents.clocks import Clock, incident_clocks, strictest_class
from etc_console.incidents.contract import ContractSettings
from etc_console.incidents.fines import fine_summary
from etc_console.incidents.model import STATE_LABELS, Incident
from etc_console.incidents.service import list_incidents
from etc_console.incidents.timeline import canonical_time
from etc_console.runbooks.runner import RunView, incident_runs

SCHEMA_VERSION = 1


def clock_json(clock: Clock) -> dict:
    return {
        "kind": clock.kind.value,
        "state": clock.state.value,
        "limit_minutes": clock.limit_minutes,
        "start": canonical_time(clock.start),
        "deadline": canonical_time(clock.deadline),
        "stopped_at": canonical_time(clock.stopped_at),
        "remaining_seconds": int(clock.remaining.total_seconds()),
        "fine_yuan": clock.fine_yuan,
        "charged_yuan": clock.charged_yuan,
        "at_risk_yuan": clock.at_risk_yuan,
    }


def run_json(run: RunView | None) -> dict | None:
    if run is None:
        return None
    return {
        "id": str(run.id),
        "runbook_id": run.runbook_id,
        "state": run.state.value,
        "current_step": run.current_step,
        "started_at": canonical_time(run.started_at),
        "records": len(run.records),
    }


def incident_json(incident: Incident, clocks: list[Clock], latest_run: RunView | None, sla_class: str | None) -> dict:
    return {
        "id": str(incident.id),
        "number": incident.number,
        "title": incident.title,
        "state": incident.state.value,
        "state_label": STATE_LABELS[incident.state],
        "subsystems": list(incident.subsystems),
        "source": incident.source.value,
        "severity": incident.severity.value,
        "business_affected": incident.business_affected,
        **{name: canonical_time(getattr(incident, name)) for name in ("onset_at", "detected_at", "responded_at", "restored_at", "closed_at")},
        "reporter": incident.reporter,
        "handler": incident.handler,
        "sla_class": sla_class,
        "clocks": [clock_json(clock) for clock in clocks],
        "charged_yuan": sum(clock.charged_yuan for clock in clocks),
        "at_risk_yuan": sum(clock.at_risk_yuan for clock in clocks),
        "runbook_run": run_json(latest_run),
    }


def _known(catalog: Catalog, incident: Incident) -> list[str]:
    ids = {subsystem.id for subsystem in catalog.subsystems}
    return [sid for sid in incident.subsystems if sid in ids]


def incidents_document(session: Session, catalog: Catalog, contract: ContractSettings, now: datetime, open_only: bool = False) -> dict:
    """Return the list document: every incident with its clocks at `now`, and the fine summary."""
    entries, pairs = [], []
    for incident in list_incidents(session):
        known = _known(catalog, incident)
        scoped = replace(incident, subsystems=tuple(known))  # ids no longer in the catalog set no clock
        clocks = incident_clocks(scoped, catalog, contract, now) if known else []
        pairs.append((incident, clocks))
        if open_only and incident.closed_at is not None:
            continue
        runs = incident_runs(session, incident.id)
        sla = strictest_class(catalog, known) if known else None
        entries.append(incident_json(incident, clocks, runs[-1] if runs else None, sla.id if sla else None))
    return {
        "schema": SCHEMA_VERSION,
        "generated_at": canonical_time(now),
        "timezone": "Asia/Shanghai",
        "incidents": entries,
        "fines": fine_summary(pairs, contract).to_json(),
    }
