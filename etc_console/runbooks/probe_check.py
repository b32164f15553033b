"""Run a runbook step's probe check against the site's configured probes."""

import logging
from collections.abc import Iterable
from pathlib import Path

from etc_console.config.resolve import ProbeSpec
from etc_console.probes.engine import run_round_blocking
from etc_console.probes.model import State
from etc_console.runbooks.checks import CheckOutput
from etc_console.runbooks.model import CheckSpec

log = logging.getLogger(__name__)

# A check over the service points lists at most this many failing points by name.
MAX_LISTED_FAILURES = 20


class ProbeCheck:
    """A check executor that runs the configured probe named by a step, now.

    A step names a probe as "subsystem/name". For the aggregated service points the
    same name matches the probe of every point ("service-points/心跳"), and the check
    passes only when every point passes. Failures are confirmed within the run, as in
    `etc-console check`, so one lost packet does not fail the step.
    """

    def __init__(self, specs: Iterable[ProbeSpec], data_dir: Path | None = None):
        self._specs = list(specs)
        self._data_dir = data_dir

    def matching(self, probe_id: str) -> list[ProbeSpec]:
        """Return the probes a step's probe id names."""
        subsystem, _, name = probe_id.partition("/")
        exact = [spec for spec in self._specs if spec.id == probe_id]
        return exact or [spec for spec in self._specs if spec.subsystem == subsystem and spec.name == name]

    def run(self, spec: CheckSpec) -> CheckOutput:
        if spec.probe is None:
            raise ValueError(f"command check '{spec.command}' is not a probe check; record its output by hand")
        probes = self.matching(spec.probe)
        if not probes:
            raise LookupError(f"no probe '{spec.probe}' is configured in this site; check the runbook or the site file")
        log.info("runbook check: running %d probe(s) for %s", len(probes), spec.probe)
        outcomes = run_round_blocking(probes, confirm=True, data_dir=self._data_dir)
        failed = [(probe, outcome) for probe, outcome in zip(probes, outcomes, strict=True) if outcome.state != State.OK]
        return CheckOutput(_summary(probes, outcomes, failed), passed=not failed)


def _summary(probes, outcomes, failed) -> str:
    if len(probes) == 1:
        outcome = outcomes[0]
        return f"{probes[0].id}: {outcome.state.value} {outcome.detail}"
    lines = [f"{len(probes) - len(failed)}/{len(probes)} OK"]
    lines += [f"{probe.id}: {outcome.state.value} {outcome.detail}" for probe, outcome in failed[:MAX_LISTED_FAILURES]]
    if len(failed) > MAX_LISTED_FAILURES:
        lines.append(f"... {len(failed) - MAX_LISTED_FAILURES} more failing")
    return "\n".join(lines)
