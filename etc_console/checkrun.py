"""One probe round from the command line: `etc-console check`."""

import logging
from dataclasses import dataclass
from pathlib import Path

from etc_console.catalog.model import Catalog
from etc_console.config.model import SiteConfig
from etc_console.config.resolve import ProbeSpec, resolve_probes
from etc_console.monitor.status import AggregateRule, SubsystemStatus, aggregate_status, plain_status
from etc_console.probes.engine import run_round_blocking
from etc_console.probes.model import ProbeResult, State

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class CheckReport:
    catalog: Catalog
    statuses: list[SubsystemStatus]

    @property
    def exit_code(self) -> int:
        """0 when every subsystem is OK, 1 when any is WARNING or DOWN."""
        bad = {State.WARNING, State.DOWN}
        return 1 if any(status.state in bad for status in self.statuses) else 0

    def to_json(self) -> dict:
        subsystems = []
        for status in self.statuses:
            subsystem = self.catalog.subsystem(status.subsystem_id)
            entry = {
                "id": subsystem.id,
                "name": subsystem.name,
                "category": subsystem.category,
                "state": status.state.value,
                "detail": status.detail,
                "probes": [_probe_json(result) for result in status.probes],
            }
            if status.total is not None:
                entry["online"] = status.online
                entry["total"] = status.total
            subsystems.append(entry)
        return {"subsystems": subsystems}


def _probe_json(result: ProbeResult) -> dict:
    name = f"{result.member} {result.name}" if result.member else result.name
    document = {"name": name, "kind": result.kind, "state": result.state.value, "detail": result.detail}
    if result.latency_ms is not None:
        document["latency_ms"] = round(result.latency_ms, 1)
    if result.outcome.error_class is not None:
        document["error_class"] = result.outcome.error_class.value
    if result.outcome.findings:
        document["findings"] = [
            {"code": f.code, "state": f.state.value, "message": f.message} for f in result.outcome.findings
        ]
    return document


def run_check(site: SiteConfig, catalog: Catalog, data_dir: Path | None = None) -> CheckReport:
    """Run every probe once, retrying failures within the round so the states are final."""
    specs = resolve_probes(site, catalog)
    log.info("check: running %d probes", len(specs))
    outcomes = run_round_blocking(specs, concurrency=site.defaults.concurrency, confirm=True, data_dir=data_dir)
    results = [_final_result(spec, outcome) for spec, outcome in zip(specs, outcomes, strict=True)]
    rule = AggregateRule()
    if site.service_points is not None:
        rule = AggregateRule(site.service_points.warn_offline, site.service_points.down_offline_ratio)
    return CheckReport(catalog, statuses_for(catalog, results, rule))


def _final_result(spec: ProbeSpec, outcome) -> ProbeResult:
    return ProbeResult(
        probe_id=spec.id, subsystem_id=spec.subsystem, kind=spec.kind, name=spec.name,
        outcome=outcome, state=outcome.state, member=spec.member,
    )


def statuses_for(catalog: Catalog, results: list[ProbeResult], rule: AggregateRule) -> list[SubsystemStatus]:
    """Return the status of every monitored subsystem, in catalog order."""
    statuses = []
    for subsystem in catalog.monitored():
        mine = [r for r in results if r.subsystem_id == subsystem.id]
        if subsystem.aggregate:
            statuses.append(aggregate_status(subsystem, mine, len(catalog.service_points), rule))
        else:
            statuses.append(plain_status(subsystem, mine))
    return statuses
